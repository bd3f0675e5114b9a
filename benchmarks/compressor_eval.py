"""Reconstruction quality of trained compressors on the phantom test split (demo preset), per modality and pooled.

Every test-split scan is encoded (posterior mean) and decoded; PSNR, SSIM, MS-SSIM and MSE per scan (MONAI
metrics, data range 1), averaged per modality and over all scans (pooled). Prints a Markdown table and writes
it to benchmarks/results/demo_compressor.md.

Run: .venv/bin/python benchmarks/compressor_eval.py NAME=STEM [NAME=STEM ...] [--config configs/demo.yaml]
e.g. benchmarks/compressor_eval.py "previous demo=old/compressor" "new demo=wfdm/assets/demo/compressor"
"""
import argparse
from pathlib import Path
import numpy as np, pandas as pd, torch
from wfdm.config import load_config
from wfdm.train import prepare_data
from wfdm.vae import load_compressor
from wfdm.data import MRIDataset, MODALITIES, get_preset
from wfdm.evaluate import md_table, reconstruction_table

ROOT = Path(__file__).resolve().parents[1]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('models', nargs='+', help='NAME=STEM pairs')
    ap.add_argument('--config', default=str(ROOT / 'configs' / 'demo.yaml'))
    ap.add_argument('--out', default=str(ROOT / 'benchmarks' / 'results' / 'demo_compressor.md'))
    a = ap.parse_args()
    cfg = load_config(a.config)
    df, splits = prepare_data(cfg)
    test = MRIDataset(df, get_preset(cfg['preset'])['shape'], split='test', splits=splits)
    rows = []
    for spec in a.models:
        name, stem = spec.split('=', 1)
        comp = load_compressor(stem).float()
        rows += [{'compressor': name, **r} for r in reconstruction_table(comp, test)]
    t = pd.DataFrame(rows)
    text = '\n'.join(['# Demo compressors on the phantom test split', '', f"Config `{Path(a.config).name}`, {len(test)} test scans "
                      f"({', '.join(f'{m} {n}' for m, n in test.df.modality.value_counts().items())}); posterior mean; MONAI metrics, data range 1.", '',
                      md_table(t, '.4f'), ''])
    print(text); Path(a.out).write_text(text)

if __name__ == '__main__':
    main()
