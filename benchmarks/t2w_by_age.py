"""Mean T2w intensity in the high-confidence WM and ventricular-CSF masks (`wfdm.measures.tissue_masks`), real against
generated, by age: real test-split T2w volumes of a cohort binned by recorded age (those without one left out), generated ones at ages 25 / 50 / 80
(female, noise seeds 2000–2007, 20 steps, guidance 3) from each model at its field guidance.

Run: .venv/bin/python benchmarks/t2w_by_age.py NAME=LDM_STEM[@FIELD=W,...] [...] [--cohort runs/cohort-demo1000]
e.g. benchmarks/t2w_by_age.py "v9=wfdm/assets/demo/ldm@tumor=10,stroke:yes=12,age=1" "v14=runs/v14/ldm@tumor:yes=16,stroke:yes=12,age=1"
"""
import argparse, json
import numpy as np
from wfdm.data import MRIDataset, get_preset
from wfdm.evaluate import generate_seeds
from wfdm.measures import tissue_masks
from wfdm.pipeline import load_pipeline

ap = argparse.ArgumentParser()
ap.add_argument('models', nargs='+'); ap.add_argument('--cohort', default='runs/cohort-demo1000')
args = ap.parse_args()
masks, p = tissue_masks('demo'), get_preset('demo')
means = lambda x: (float(x[masks['WM']].mean()), float(x[masks['CSF']].mean()))
rows = []
ds = MRIDataset(f'{args.cohort}/manifest.csv', p['shape'], p['spacing'], split='test',
                splits=json.load(open(f'{args.cohort}/splits.json'))['splits'])
age = [float(a) if str(a).strip() else None for a in ds.df.age]   # an empty cell: age not recorded, left out
for lo, hi in ((18, 40), (40, 65), (65, 95)):
    idx = [i for i in range(len(ds)) if ds.df.modality.iloc[i] == 'T2w' and age[i] is not None and lo <= age[i] < hi]
    a = np.array([means(ds[i]['image'][0].numpy()) for i in idx])
    rows.append(('real', f'{lo}–{hi}', len(idx), a[:, 0].mean(), a[:, 1].mean(), a[:, 1].std()))
for spec in args.models:
    name, rest = spec.split('=', 1)
    stem, _, fg = rest.partition('@')
    pipe = load_pipeline(stem, amp=True)
    pipe.field_guidance = {k: float(w) for k, w in (kv.rsplit('=', 1) for kv in fg.split(',') if kv)}
    for age in (25, 50, 80):
        a = np.array([means(x) for x in generate_seeds(pipe, 'T2w', {'age': age, 'sex': 'female'}, 8, 20, 3.0, seed=2000)])
        rows.append((name, str(age), len(a), a[:, 0].mean(), a[:, 1].mean(), a[:, 1].std()))
print('| volumes | age | n | WM mean | CSF mean | CSF s.d. |\n|---|---|---:|---:|---:|---:|')
for r in rows: print(f'| {r[0]} | {r[1]} | {r[2]} | {r[3]:.3f} | {r[4]:.3f} | {r[5]:.3f} |')
