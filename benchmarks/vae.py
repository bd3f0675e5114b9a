"""WF-VAE speed and memory: training step, encode+decode, peak RSS; tiled decoding of the paper latent.

Part 1 (`--part speed`): at the demo preset (64x80x64, batch 2 for training, 1 for encode+decode), wfdm's
WF-VAE next to the authors' `brainmint` WaveletFusionAutoencoder at the same configuration when brainmint
is installed (`pip install --no-deps brainmint`; optional, not a dependency). Times are medians of
interleaved repeats in one process; peak RSS is measured in a fresh subprocess per model and task.
The training step is the model's own work: forward (encode, sample, decode), L1 + KL, backward, AdamW.

Part 2 (`--part tiled`): decode the paper latent 4x48x56x40 -> 192x224x160 with the paper-size WF-VAE
(random weights): untiled, `decode_tiled` (slab-wise, whole-volume GroupNorm statistics) at two slab
budgets, and MONAI sliding-window inference over latent tiles for comparison; and a VAE-GAN whose decoder
runs at full resolution, untiled and slab-wise. Each decode runs in its own subprocess.
Reports time, peak RSS and the max / mean absolute difference to the untiled decode. Target: tiled under
3 GB and matching the untiled decode.

Run: .venv/bin/python benchmarks/vae.py [--part speed|tiled|all] [--repeats 7]
"""
import argparse, json, os, resource, statistics, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np, torch

DEMO = dict(channels=(32, 64), wavelet_channels=32, num_res_blocks=1, norm_num_groups=16)
PAPER = dict(channels=(128, 256), wavelet_channels=64, num_res_blocks=2, norm_num_groups=32)

def build(impl, cfg):
    if impl == 'wfdm':
        from wfdm.vae import WFVAE
        return WFVAE(**cfg)
    from brainmint.models.compression.wavelet_fusion import WaveletFusionAutoencoder
    return WaveletFusionAutoencoder(spatial_dims=3, channels=tuple(cfg['channels']), wavelet_channels=cfg['wavelet_channels'],
                                    num_res_blocks=(cfg['num_res_blocks'],) * len(cfg['channels']), norm_num_groups=cfg['norm_num_groups'],
                                    latent_channels=4, attention_levels=(False,) * len(cfg['channels']))

def _sliding(m, z):
    from monai.inferers import sliding_window_inference
    return sliding_window_inference(z, (16, 16, 16), 1, m.decode, overlap=0.25, mode='gaussian')

DECODERS = {'WF-VAE': dict(kind='wfvae', **PAPER),                  # the paper-size WF-VAE
            'VAE-GAN': dict(kind='vaegan', channels=(32, 64, 64), num_res_blocks=1, norm_num_groups=16)}  # full-resolution decoder
METHODS = {'untiled': lambda m, z: m.decode(z),
           'decode_tiled (slab 64 MiB)': lambda m, z: m.decode_tiled(z, slab_mb=64),
           'decode_tiled (slab 16 MiB)': lambda m, z: m.decode_tiled(z, slab_mb=16),
           'MONAI sliding window (16^3 latent tiles, overlap 0.25, gaussian)': _sliding}
DECODES = {f"{d}|{k}": (d, k) for d in DECODERS for k in METHODS if d == 'WF-VAE' or 'slab 16' not in k and 'sliding' not in k}

def tasks(impl, model, shape):
    "Closures for one training step and one encode+decode."
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    x2, x1 = torch.rand(2, 1, *shape), torch.rand(1, 1, *shape)
    def train_step():
        model.train()
        if impl == 'wfdm':
            xh, mu, logvar = model(x2)
            kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).flatten(1).sum(1).mean()
        else:
            xh, mu, sigma = model(x2)
            kl = 0.5 * (mu.pow(2) + sigma.pow(2) - torch.log(sigma.pow(2) + 1e-12) - 1).flatten(1).sum(1).mean()
        loss = (xh - x2).abs().mean() + 1e-7 * kl
        opt.zero_grad(); loss.backward(); opt.step()
    @torch.no_grad()
    def encode_decode():
        model.eval()
        if impl == 'wfdm': model.decode(model.encode(x1)[0])
        else: model.decode(model.encode(x1)[0])
    return {'train step (batch 2)': train_step, 'encode+decode (batch 1)': encode_decode}

def child(args):
    "Run one task in this fresh process and print its peak RSS."
    torch.set_num_threads(args.threads); torch.manual_seed(0)
    if args.child in DECODES:
        from wfdm.vae import build_compressor
        d, k = DECODES[args.child]
        m = build_compressor(DECODERS[d]).eval()
        z = torch.randn(1, 4, 48, 56, 40, generator=torch.Generator().manual_seed(0))
        t0 = time.perf_counter()
        with torch.no_grad(): y = METHODS[k](m, z)
        sec = time.perf_counter() - t0
        np.save(args.save, y[0, 0].numpy())
        print(json.dumps({'sec': sec, 'rss_gb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20}))
        return
    impl, task = args.child.split(':', 1)
    m = build(impl, DEMO)
    f = tasks(impl, m, (64, 80, 64))[task]
    f(); f()
    print(json.dumps({'rss_gb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20}))

def run_child(name, threads, save=None):
    cmd = [sys.executable, __file__, '--child', name, '--threads', str(threads)] + (['--save', save] if save else [])
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode: raise RuntimeError(f"{name} failed: {r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])

def speed(args):
    torch.set_num_threads(args.threads)
    impls = ['wfdm']
    try:
        import brainmint; impls.append('brainmint')
    except ImportError: print("brainmint is not installed: wfdm rows only (pip install --no-deps brainmint to compare)\n")
    models = {i: build(i, DEMO) for i in impls}
    fns = {i: tasks(i, models[i], (64, 80, 64)) for i in impls}
    names = list(fns['wfdm'])
    times = {(i, n): [] for i in impls for n in names}
    for i in impls:
        for n in names: fns[i][n]()                       # warm-up
    for _ in range(args.repeats):
        for n in names:
            for i in impls:
                t0 = time.perf_counter(); fns[i][n](); times[(i, n)].append(time.perf_counter() - t0)
    print(f"WF-VAE at the demo preset 64x80x64, config {DEMO}; torch {torch.__version__}, {args.threads} threads, "
          f"median of {args.repeats} interleaved repeats\n")
    print("| implementation | params | task | median s | vs wfdm | peak RSS (GB) |")
    print("|---|---:|---|---:|---:|---:|")
    for n in names:
        base = statistics.median(times[('wfdm', n)])
        for i in impls:
            med = statistics.median(times[(i, n)])
            rss = run_child(f"{i}:{n}", args.threads)['rss_gb']
            print(f"| {i} | {sum(p.numel() for p in models[i].parameters()):,} | {n} | {med:.3f} | {med / base:.2f}x | {rss:.2f} |")

def tiled(args):
    d = Path(tempfile.mkdtemp())
    res = {k: run_child(k, args.threads, str(d / f"{i}.npy")) for i, k in enumerate(DECODES)}
    out = {k: np.load(d / f"{i}.npy") for i, k in enumerate(DECODES)}
    print(f"\nPaper latent 4x48x56x40 -> 192x224x160 (random weights), {args.threads} threads. "
          f"WF-VAE {PAPER}; VAE-GAN {DECODERS['VAE-GAN']}\n")
    print("| model | decode | seconds | peak RSS (GB) | max abs diff | mean abs diff | output std |\n|---|---|---:|---:|---:|---:|---:|")
    for key, (dec, k) in DECODES.items():
        ref = out[f"{dec}|untiled"]
        diff = np.abs(out[key] - ref)
        print(f"| {dec} | {k} | {res[key]['sec']:.1f} | {res[key]['rss_gb']:.2f} | {diff.max():.3g} | {diff.mean():.3g} | {ref.std():.3g} |")

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--part', default='all', choices=['speed', 'tiled', 'all'])
    ap.add_argument('--repeats', type=int, default=7)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--child', default=None, help=argparse.SUPPRESS)
    ap.add_argument('--save', default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child: child(a)
    else:
        if a.part in ('speed', 'all'): speed(a)
        if a.part in ('tiled', 'all'): tiled(a)
