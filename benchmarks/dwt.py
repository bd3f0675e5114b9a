"""Benchmark: forward + inverse 3D Haar DWT, wfdm vs PyWavelets vs a per-channel conv3d layer.

Every method materialises the subband-major coefficient stack (B, 8C, D/2, H/2, W/2) -- what the
WF-VAE consumes -- and then inverts it back to (B, C, D, H, W).

Prints a table of medians measured side by side in one run (2 CPU threads unless --threads).
Run: `make bench` or `.venv/bin/python benchmarks/dwt.py [--repeats 5]`.
"""
import argparse, statistics, time
import numpy as np, pywt, torch
import torch.nn.functional as F
from wfdm.dwt import dwt3d, idwt3d, SUBBANDS

SHAPES = [(1, 1, 192, 224, 160), (2, 8, 96, 112, 80), (2, 64, 48, 56, 40)]
KEYS = [n.replace('L', 'a').replace('H', 'd') for n in SUBBANDS]

def wfdm_fi(x): return idwt3d(dwt3d(x))

def pywt_fi(x):
    "PyWavelets dwtn looped over batch x channels into a subband-major stack, then idwtn back (float32 NumPy)."
    a = x.numpy()
    B, C = a.shape[:2]
    coef = np.empty((B, 8 * C, *[n // 2 for n in a.shape[2:]]), dtype=a.dtype)
    for b in range(B):
        for c in range(C):
            d = pywt.dwtn(a[b, c], 'haar')
            for k, key in enumerate(KEYS): coef[b, k * C + c] = d[key]
    out = np.empty_like(a)
    for b in range(B):
        for c in range(C):
            out[b, c] = pywt.idwtn({key: coef[b, k * C + c] for k, key in enumerate(KEYS)}, 'haar')
    return torch.from_numpy(out)

def haar_kernels(dtype=torch.float32):
    "The eight 2x2x2 Haar kernels (8, 1, 2, 2, 2) in SUBBANDS order, pywt sign convention."
    l, h = torch.tensor([1., 1.]) / 2 ** .5, torch.tensor([1., -1.]) / 2 ** .5
    f = {'L': l, 'H': h}
    return torch.stack([torch.einsum('i,j,k->ijk', f[n[0]], f[n[1]], f[n[2]]) for n in SUBBANDS])[:, None].to(dtype)

def conv_fi(x, k=haar_kernels()):
    "Naive layer design: per (batch, channel) a conv3d with the 8 fixed kernels into a subband-major stack, then conv_transpose3d back."
    B, C = x.shape[:2]
    coef = x.new_empty(B, 8 * C, *[n // 2 for n in x.shape[2:]])
    for b in range(B):
        for c in range(C):
            coef[b, c::C] = F.conv3d(x[b:b + 1, c:c + 1], k, stride=2)[0]
    out = torch.empty_like(x)
    for b in range(B):
        for c in range(C):
            out[b:b + 1, c:c + 1] = F.conv_transpose3d(coef[b:b + 1, c::C], k, stride=2)
    return out

def median_times(fs, x, repeats):
    "Median seconds of each function in `fs` on `x`, run round-robin so that machine noise hits all alike."
    for f in fs: f(x)  # warm-up
    ts = [[] for _ in fs]
    for _ in range(repeats):
        for f, t in zip(fs, ts):
            t0 = time.perf_counter(); f(x); t.append(time.perf_counter() - t0)
    return [statistics.median(t) for t in ts]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeats', type=int, default=11)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    print(f"torch {torch.__version__}, pywt {pywt.__version__}, {a.threads} threads, median of {a.repeats} (forward + inverse)\n")
    print(f"| shape | wfdm (ms) | PyWavelets loop (ms) | conv3d loop (ms) | vs PyWavelets | vs conv3d loop | max err wfdm / pywt / conv |")
    print(f"|---|---:|---:|---:|---:|---:|---|")
    with torch.no_grad():
        for shape in SHAPES:
            x = torch.randn(shape, generator=torch.Generator().manual_seed(0))
            errs = [(f(x) - x).abs().max().item() for f in (wfdm_fi, pywt_fi, conv_fi)]
            tw, tp, tc = median_times((wfdm_fi, pywt_fi, conv_fi), x, a.repeats)
            print(f"| {shape} | {tw*1e3:.1f} | {tp*1e3:.1f} | {tc*1e3:.1f} | {tp/tw:.1f}x | {tc/tw:.1f}x | "
                  + " / ".join(f"{e:.1e}" for e in errs) + " |")

if __name__ == '__main__': main()
