"""Sampler study on the demo models (paper Tables 5 and 7, without the realism metrics yet).

For each sampler: seconds per volume (median over repeats, batch 1, with classifier-free guidance, decode
included) and the mean absolute difference of its outputs to RFlow-50 outputs from the same noise seeds and
conditions. RFlow rows use the RFlow-trained demo model; DDPM/DDIM rows use a DDPM-cosine model trained with
the same config (`--ddpm`), since a sampler must match the process its model was trained with.
Also reports the issue's target: one demo volume, 20 RFlow steps with guidance, <= 5 s on 2 cores.

Run: .venv/bin/python benchmarks/samplers.py [--ddpm runs/demo-ldm-ddpm/ldm] [--repeats 3]
"""
import argparse, statistics, time
from pathlib import Path
import numpy as np, torch
from wfdm.pipeline import load_pipeline
from wfdm.pretrained import demo

ROOT = Path(__file__).resolve().parents[1]
CONDS = [('T1w', {'age': 30, 'sex': 'female'}), ('FLAIR', {'age': 75, 'sex': 'male', 'stroke': 'yes'}),
         ('T1Gd', {'age': 55, 'tumor': 'yes'}), ('T2w', {'age': 20})]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--rflow', default=None, help='RFlow model (default: the shipped demo weights)')
    ap.add_argument('--ddpm', default=str(ROOT / 'runs' / 'demo-ldm-ddpm' / 'ldm'))
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--guidance', type=float, default=2.0)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    rf = load_pipeline(a.rflow) if a.rflow else demo()
    pipes = {'rflow': rf}
    if Path(a.ddpm).with_suffix('.safetensors').exists(): pipes['ddpm'] = load_pipeline(a.ddpm)
    else: print(f"no DDPM model at {a.ddpm}: DDPM/DDIM rows skipped")
    rows = [('RFlow', 'rflow', 'rflow', 50), ('RFlow', 'rflow', 'rflow', 20), ('RFlow', 'rflow', 'rflow', 10),
            ('DDPM (cosine)', 'ddpm', 'ddpm', 1000), ('DDIM', 'ddpm', 'ddim', 50)]
    ref = {i: rf.generate(m, meta, n=1, seed=i, sampler='rflow', steps=50, guidance=a.guidance)[0] for i, (m, meta) in enumerate(CONDS)}
    print(f"demo preset {rf.shape}, guidance {a.guidance}, {a.threads} threads, batch 1, median over {a.repeats} repeats "
          f"(x {len(CONDS)} conditions for the difference)\n")
    print("| model | sampler | steps | s / volume (median) | vs RFlow-50 time | mean abs diff to RFlow-50 (same noise) |")
    print("|---|---|---:|---:|---:|---:|")
    base = None
    for label, model, sampler, steps in rows:
        if model not in pipes: continue
        p = pipes[model]
        times = []
        for r in range(a.repeats if steps < 1000 else 1):
            t0 = time.perf_counter(); p.generate('T1w', {'age': 40}, n=1, seed=100 + r, sampler=sampler, steps=steps, guidance=a.guidance)
            times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        if base is None: base = med
        diffs = [np.abs(p.generate(m, meta, n=1, seed=i, sampler=sampler, steps=steps, guidance=a.guidance)[0] - ref[i]).mean()
                 for i, (m, meta) in enumerate(CONDS)] if steps < 1000 else \
                [np.abs(p.generate(CONDS[0][0], CONDS[0][1], n=1, seed=0, sampler=sampler, steps=steps, guidance=a.guidance)[0] - ref[0]).mean()]
        print(f"| {label} | {sampler} | {steps} | {med:.2f} | {med / base:.2f}x | {np.mean(diffs):.4f} |")
    t = []
    for r in range(5):
        t0 = time.perf_counter(); rf.generate('FLAIR', {'age': 70, 'sex': 'female', 'tumor': 'yes'}, n=1, seed=r, steps=20, guidance=a.guidance)
        t.append(time.perf_counter() - t0)
    print(f"\ntarget check: one demo volume, RFlow 20 steps, guidance {a.guidance}: median {statistics.median(t):.2f} s over 5 runs (target <= 5 s)")

if __name__ == '__main__': main()
