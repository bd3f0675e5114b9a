"""How far the null-control field is from null in a phantom cohort's training subjects: a chance association.

The phantom draws handedness independently of anatomy, so in the population it has no imaging effect. A finite training
split still carries a chance association between left-handedness and ventricle volume, and a stage B that fits its data
can reproduce it; the paired-seed sweep (32 seeds) resolves null effects of about 0.5 % of the age effect. This prints,
per cohort and pooled, the training subjects' association with the simulator's true ventricle volume: the least-squares
coefficient of left- against right-handedness (subjects with either recorded), adjusted for age, age², sex and site, with
its 95 % interval, and the same fit's ventricle change from age 20 to 80 for scale.

    python tools/null_association.py runs/cohort-demo1000 runs/cohort-demo3000s1
    python tools/null_association.py runs/cohort-demo1000 --min-age 65     # the old subjects only
"""
import argparse, json
from pathlib import Path
import numpy as np, pandas as pd

def training_subjects(cohort: Path, split: str = 'train') -> pd.DataFrame:
    "Ground truth of a cohort's subjects in `split` whose handedness is recorded L or R, with that handedness and the site."
    gt = pd.read_csv(cohort / 'ground_truth.csv').set_index('subject')
    m = pd.read_csv(cohort / 'manifest.csv')
    keep = json.loads((cohort / 'splits.json').read_text())['splits'][split]
    m = m[m.subject.isin(keep) & m.handedness.isin(['L', 'R'])].drop_duplicates('subject')
    g = gt.loc[m.subject].reset_index()
    g['hand'], g['site'] = m.handedness.values, f'{cohort.name}/' + g.site
    return g

def association(g: pd.DataFrame) -> dict:
    "OLS of ventricle_ml on age, age², sex, site and left-handedness: the handedness coefficient, its 95 % CI, the age 20→80 change."
    n = g.hand.value_counts()
    if n.get('L', 0) < 2 or n.get('R', 0) < 2:
        raise SystemExit(f"the association needs at least 2 left- and 2 right-handed subjects; got {dict(n)}")
    sites = sorted(g.site.unique())[1:]
    X = np.column_stack([np.ones(len(g)), g.age, g.age ** 2, g.sex.eq('male'), g.hand.eq('L')] + [g.site.eq(s) for s in sites]).astype(float)
    y = g.ventricle_ml.to_numpy(float)
    b, *_ = np.linalg.lstsq(X, y, rcond=None)
    r = y - X @ b
    se = float(np.sqrt(r @ r / (len(y) - X.shape[1]) * np.linalg.pinv(X.T @ X)[4, 4]))
    age = b[1] * 60 + b[2] * (80 ** 2 - 20 ** 2)
    return {'subjects': len(g), 'left-handed': int(g.hand.eq('L').sum()), 'L − R (ml)': b[4],
            'CI low': b[4] - 1.96 * se, 'CI high': b[4] + 1.96 * se, 'mean (ml)': y.mean(), 'age 20 → 80 (ml)': age, 'L − R ÷ age effect': b[4] / age}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('cohorts', nargs='+', help='phantom cohort folders (each with ground_truth.csv, manifest.csv, splits.json)')
    ap.add_argument('--split', default='train')
    ap.add_argument('--min-age', type=float, default=0, help='only subjects at least this old (e.g. 65: where the ventricles are large)')
    a = ap.parse_args()
    parts = {c: training_subjects(Path(c), a.split) for c in a.cohorts}
    parts = {c: g[g.age >= a.min_age] for c, g in parts.items()}
    rows = {c: association(g) for c, g in parts.items()}
    if len(parts) > 1: rows['pooled'] = association(pd.concat(parts.values()))
    print(pd.DataFrame(rows).T.to_string(float_format=lambda v: f'{v:.4g}'))

if __name__ == '__main__':
    main()
