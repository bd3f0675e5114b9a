"""Compressor benchmark (paper Table 3, Tables 8-11) on the phantom cohort at the demo preset.

Trains every learned compressor with the same engine, objective, optimiser and step budget, then
reconstructs every held-out (test-split) scan (posterior mean) and prints per-modality
and pooled PSNR, SSIM, MS-SSIM, MSE and a perceptual distance (the network is named in the output),
next to the exact DWT references. Reconstructions use the trained weights at the final step (`--weights raw`,
the default): at a budget of a few hundred steps the EMA (decay 0.995 in the demo preset) lags behind them. `--weights ema` evaluates the exported EMA compressors instead. Runs resume: re-running skips finished trainings.

Run (background, about an hour on 2 cores at 300 steps):
  nohup .venv/bin/python benchmarks/compressors.py --steps 300 > runs/bench-compressors.log 2>&1 &
A run directory is keyed by the step budget, so a finished training is reused only for the same budget.
"""
import argparse, json, time
from pathlib import Path
import numpy as np, pandas as pd, torch
from safetensors.torch import load_file
from wfdm.config import load_config
from wfdm.train_vae import VAETrainer
from wfdm.train import prepare_data
from wfdm.vae import load_compressor, build_compressor
from wfdm.data import MRIDataset, MODALITIES, get_preset
from wfdm.metrics import reconstruction_metrics
from wfdm.losses import PerceptualLoss3D
from wfdm.evaluate import md_table

ROOT = Path(__file__).resolve().parents[1]
MODELS = {   # comparable sizes (0.69-1.12 M parameters) at the demo preset; every one compresses 64x80x64 -> 4x16x20x16
    'WF-VAE': {'kind': 'wfvae', 'channels': [32, 64], 'wavelet_channels': 32, 'num_res_blocks': 1, 'norm_num_groups': 16},
    'WF-SA-VAE': {'kind': 'wfsavae', 'channels': [32, 64], 'wavelet_channels': 32, 'num_res_blocks': 1, 'norm_num_groups': 16},
    'VAE-GAN': {'kind': 'vaegan', 'channels': [16, 32, 64], 'num_res_blocks': 1, 'norm_num_groups': 16},
    'Wavelet VAE': {'kind': 'wavelet_vae', 'wavelet_channels': 64, 'num_res_blocks': 2, 'norm_num_groups': 16},
}
REFS = {'DWT (1-stage)': {'kind': 'dwt1'}, 'DWT (2-stage)': {'kind': 'dwt2'}}

def trained(run: Path, weights: str):
    "The compressor of a finished run: EMA export, or the raw weights of its final checkpoint."
    m = load_compressor(run / 'compressor')
    if weights == 'raw':
        state = load_file(str(run / json.loads((run / 'latest.json').read_text())['dir'] / 'state.safetensors'))
        m.load_state_dict({k[len('model.vae.'):]: v for k, v in state.items() if k.startswith('model.vae.')})
    return m

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=400)
    ap.add_argument('--out', default=None, help='default: runs/bench-compressors/steps-<steps>')
    ap.add_argument('--config', default=str(ROOT / 'configs' / 'demo.yaml'))
    ap.add_argument('--models', nargs='*', default=list(MODELS))
    ap.add_argument('--weights', default='raw', choices=['raw', 'ema'])
    a = ap.parse_args()
    out = Path(a.out or ROOT / 'runs' / 'bench-compressors' / f'steps-{a.steps}'); out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(2)
    train_time = {}
    for name in a.models:
        run = out / name.replace(' ', '_')
        cfg = load_config(a.config, [f'stage_a.steps={a.steps}', f'stage_a.loss.disc_warmup={a.steps // 2}',
                                     f'stage_a.optim.warmup_steps={max(a.steps // 20, 1)}', f'stage_a.val_every={a.steps}',
                                     f'stage_a.preview_every={a.steps}', f'stage_a.ckpt_every={max(a.steps // 4, 1)}'])
        cfg['stage_a']['model'] = MODELS[name]
        timing = run / 'bench_train.json'
        if not timing.exists():
            t0 = time.time(); VAETrainer(cfg, out_dir=run).fit()
            timing.write_text(json.dumps({'seconds': time.time() - t0, 'steps': a.steps}))
        train_time[name] = json.loads(timing.read_text())['seconds']
        print(f"{name}: trained in {train_time[name]:.0f} s", flush=True)
    cfg = load_config(a.config)
    df, splits = prepare_data(cfg)
    test = MRIDataset(df, get_preset(cfg['preset'])['shape'], split='test', splits=splits)
    perc = PerceptualLoss3D(layers=(1, 2))
    rows = []
    models = {name: trained(out / name.replace(' ', '_'), a.weights) for name in a.models}
    models.update({name: build_compressor(c) for name, c in REFS.items()})
    for name, m in models.items():
        m.eval()
        n_params = sum(p.numel() for p in m.parameters())
        t_rec = []
        for i in range(len(test)):
            s = test[i]
            x = s['image'][None]
            t0 = time.perf_counter()
            with torch.no_grad(): xh = m(x)[0]
            t_rec.append(time.perf_counter() - t0)
            met = reconstruction_metrics(x, xh, perceptual=perc)
            rows.append({'model': name, 'modality': MODALITIES[s['modality']], 'subject': s['subject'], 'params': n_params,
                         'latent': 'x'.join(map(str, m.latent_shape(x.shape[2:]))), 'sec': t_rec[-1],
                         **{k: float(v[0]) for k, v in met.items()}})
    res = pd.DataFrame(rows)
    res.to_csv(out / 'per_scan.csv', index=False)
    cols = ['psnr', 'ssim', 'ms_ssim', 'mse', 'perceptual']
    lines = [f"Compressor benchmark, phantom cohort, demo preset {get_preset(cfg['preset'])['shape']}, "
             f"{len(test)} held-out scans of {test.df.subject.nunique()} test subjects, {a.steps} training steps each "
             f"(batch {cfg['stage_a']['batch_size']}, same objective and optimiser; {a.weights} weights). Perceptual distance: {perc.name} "
             f"(not MedicalNet; comparable only within this table).", '']
    for title, sub in [('pooled', res)] + [(m, res[res.modality == m]) for m in MODALITIES]:
        if not len(sub): continue
        g = sub.groupby('model', sort=False)
        t = g[cols].mean()
        t.insert(0, 'latent', g['latent'].first()); t.insert(0, 'params', g['params'].first()); t.insert(0, 'scans', g.size())
        if title == 'pooled': t['train s'] = [round(train_time[n]) if n in train_time else '' for n in t.index]
        lines += [f"### {title}", '', md_table(t), '']
    report = '\n'.join(lines)
    (out / 'report.md').write_text(report)
    print(report)

if __name__ == '__main__': main()
