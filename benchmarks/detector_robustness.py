"""Lesion detectors on simulated volumes and on the demo compressor's reconstructions of the same volumes.

Generated volumes are decoded by the demo compressor, so a detector that works on sharp simulated volumes but
not on the compressor's rendering of them cannot show whether the diffusion model drew a lesion. This script
scores the validation subjects (fresh phantom cohort, seed 1000, as `wfdm evaluate --controllability` uses)
as simulated and after an encode/decode round trip through the shipped demo compressor (posterior mean),
and prints AUROC and mean score per group, and the T1w ventricle measure (`ventricle_proxy_ml`) on both, with its
Spearman ρ against age and against the true ventricle volume.

    .venv/bin/python benchmarks/detector_robustness.py [--n 80] [--detector STEM] [--compressor STEM]
"""
import argparse
import numpy as np
import pandas as pd
import torch
import scipy.stats as st
from wfdm.measures import simulate_validation_set, lesion_detector, auroc, image_measures
from wfdm.data import get_preset
from wfdm.pretrained import demo
from wfdm.evaluate import md_table
from wfdm.vae import load_compressor


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--n', type=int, default=80); ap.add_argument('--detector', default=None)
    ap.add_argument('--compressor', default=None, help='compressor stem (default: the shipped demo compressor)')
    a = ap.parse_args()
    det = lesion_detector(a.detector)
    comp = load_compressor(a.compressor).float().eval() if a.compressor else demo().compressor
    vs, vols = simulate_validation_set(a.n, volumes=True, measure=False, modalities=('T1Gd', 'FLAIR', 'T1w'))
    rows, groups = [], []
    for m, lesion in (('T1Gd', 'tumor'), ('FLAIR', 'stroke')):
        with torch.no_grad():
            rec = [comp.decode(comp.encode(torch.from_numpy(v[m])[None, None])[0]).clamp(0, 1)[0, 0].numpy() for v in vols]
        s, r = np.array([det.score(v[m], m) for v in vols]), np.array([det.score(x, m) for x in rec])
        rows.append({'detector': f"{lesion} ({m})", 'positives': int(vs[lesion].sum()), 'n': len(vs),
                     'AUROC simulated': auroc(s, vs[lesion]), 'AUROC reconstructed': auroc(r, vs[lesion])})
        g = vs.assign(simulated=s, reconstructed=r).groupby(['site', 'tumor', 'stroke'])[['simulated', 'reconstructed']].mean()
        groups.append(g.rename(columns=lambda c: f"{m} score, {c}"))
    print(md_table(pd.DataFrame(rows).set_index('detector'), '.3f'), '\n')
    print(md_table(pd.concat(groups, axis=1).reset_index(), '.3f'), '\n')
    sp, vent = get_preset('demo')['spacing'], []
    with torch.no_grad():
        rec = [comp.decode(comp.encode(torch.from_numpy(v['T1w'])[None, None])[0]).clamp(0, 1)[0, 0].numpy() for v in vols]
    for name, xs in (('simulated', [v['T1w'] for v in vols]), ('reconstructed', rec)):
        p = [image_measures(x, 'T1w', sp)['ventricle_proxy_ml'] for x in xs]
        vent.append({'T1w volumes': name, 'mean ventricle proxy (ml)': np.mean(p), 'Spearman rho with age': st.spearmanr(vs.age, p).statistic,
                     'rho with true ventricle volume': st.spearmanr(vs.ventricle_ml, p).statistic})
    print(md_table(pd.DataFrame(vent).set_index('T1w volumes'), '.3f'))


if __name__ == '__main__':
    main()
