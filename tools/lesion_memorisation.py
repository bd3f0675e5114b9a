"""Are the generated tumours the training tumours? Nearest-training-tumour distance, generated against fresh simulated.

A stage B that has learnt its few training tumours can answer "tumour = yes" by drawing one of them. This compares
where the generated tumours sit with where the training split's tumours sit. Every tumour is located the same way:
the centroid of the largest connected region of the brain's brightest voxels in T1Gd (at or above the brain's
`--q` percentile; enhancing tissue is the brightest tissue in T1Gd), on volumes scaled as the data layer scales them.

1. training: each training tumour subject's T1Gd volume (the locator's error against the subject's lesion mask is
   printed: the check that it finds the tumour);
2. generated: `--seeds` paired T1Gd volumes (the controllability sweep's tumour request, tumour = no and = yes, the
   same noise per seed, at the model's operating point); voxels as bright in the tumour = no volume are left out;
3. reference: `--fresh` tumour subjects drawn by the phantom's simulator (glioma site, new seed), which follow the
   population of tumour positions and owe nothing to the training subjects.

For each generated and each reference tumour it prints the distance (mm) to the nearest training tumour and how many
distinct training tumours are nearest. A generator that draws from the population gives distances like the
reference's; one that copies training tumours gives smaller ones and keeps returning to a few of them.

    python tools/lesion_memorisation.py --cohort runs/cohort-demo1000 --amp     # the shipped weights
    python tools/lesion_memorisation.py --ldm runs/v14r/ldm --cohort runs/cohort-demo4000 --guidance 3 --tumour-guidance 16 --rescale 0.7 --amp
"""
import argparse, json, tempfile
from pathlib import Path
import numpy as np, pandas as pd
from scipy import ndimage as ndi

def largest_centroid(mask: np.ndarray, spacing) -> np.ndarray|None:
    "Centroid (mm) of the largest connected component of a boolean mask (None if empty)."
    lab, n = ndi.label(mask)
    if n == 0: return None
    k = 1 + int(np.argmax(ndi.sum(mask, lab, range(1, n + 1))))
    return np.array(ndi.center_of_mass(lab == k)) * np.asarray(spacing)

def bright(vol: np.ndarray, q: float) -> np.ndarray:
    "Brain voxels (above 5 % of the range, eroded) at or above the brain's q-th intensity percentile."
    brain = ndi.binary_erosion(vol > 0.05, iterations=2)
    return brain & (vol >= np.percentile(vol[brain], q))

def locate(vol: np.ndarray, q: float, spacing, paired: np.ndarray|None=None) -> np.ndarray|None:
    "Centroid (mm) of the largest bright region of `vol`, leaving out voxels as bright in `paired` (None: nothing found)."
    m = bright(vol, q)
    if paired is not None: m &= ~bright(paired, q)
    return largest_centroid(m, spacing)

def nearest(points: np.ndarray, ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    "Distance of each point to its nearest reference point, and that point's index."
    d = np.linalg.norm(points[:, None] - ref[None], axis=-1)
    return d.min(1), d.argmin(1)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--ldm', default=None, help='stage-B export (default: the shipped demo weights, at their operating point)')
    ap.add_argument('--cohort', required=True, help='the phantom cohort the stage B was trained on (manifest, splits, lesion masks)')
    ap.add_argument('--seeds', type=int, default=32); ap.add_argument('--first-seed', type=int, default=0)
    ap.add_argument('--fresh', type=int, default=100, help='fresh simulated tumours for the reference')
    ap.add_argument('--q', type=float, default=98.0, help="the locator's brightness threshold, a percentile of the brain's intensities")
    ap.add_argument('--guidance', type=float, default=None, help="default: the model's operating point (with its field guidance and rescale)")
    ap.add_argument('--tumour-guidance', type=float, default=0.0, help='tumour field guidance, with --guidance')
    ap.add_argument('--rescale', type=float, default=0.0, help='guidance rescale, with --guidance')
    ap.add_argument('--amp', action='store_true')
    a = ap.parse_args()
    from wfdm.pretrained import demo
    from wfdm.pipeline import load_pipeline
    from wfdm.evaluate import generate_seeds, EXPERIMENTS
    from wfdm.data import load_labels, load_volume
    from wfdm.phantom import SITE, sample_subject, simulate_subject
    pipe = demo(amp=a.amp) if a.ldm is None else load_pipeline(a.ldm, amp=a.amp)
    if a.guidance is None: g = pipe.use_operating_point()
    else: g, pipe.field_guidance, pipe.guidance_rescale = a.guidance, ({'tumor': a.tumour_guidance} if a.tumour_guidance else {}), a.rescale
    cohort = Path(a.cohort)
    m = pd.read_csv(cohort / 'manifest.csv')
    train = set(json.loads((cohort / 'splits.json').read_text())['splits']['train'])
    rows = m[m.subject.isin(train) & m.tumor.astype(str).str.lower().isin(['yes', 'y', '1', 'true'])].drop_duplicates('subject')
    if rows.empty: raise SystemExit(f'{cohort}: no training subject with a tumour')
    t1gd = m[m.subject.isin(set(rows['subject'])) & (m.modality == 'T1Gd')].set_index('subject')['path']
    rows = rows[rows.subject.isin(t1gd.index)]
    tr = np.stack([locate(load_volume(cohort / t1gd[sub], pipe.shape)[0], a.q, pipe.spacing) for sub in rows['subject']])
    err = [np.linalg.norm(c - largest_centroid(load_labels(cohort / p, pipe.shape) > 0, pipe.spacing)) for c, p in zip(tr, rows['lesion_mask'])]
    _, mod, _, base, _ = next(e for e in EXPERIMENTS if e[0] == 'tumor')
    vols = [generate_seeds(pipe, mod, {**base, 'tumor': v}, a.seeds, 20, g, 8, a.first_seed) for v in ('no', 'yes')]
    gen = [locate(yes, a.q, pipe.spacing, paired=no) for no, yes in zip(*vols)]
    missed = sum(c is None for c in gen)
    gen = np.stack([c for c in gen if c is not None])
    fresh, i = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        while len(fresh) < a.fresh:
            s = sample_subject(100000 + i, SITE['glioma'], seed=12345); i += 1
            if not s['truth']['tumor'] or 'T1Gd' not in s['modalities']: continue
            rows_s, *_ = simulate_subject(s, pipe.preset, tmp)
            path = next(r['path'] for r in rows_s if r['modality'] == 'T1Gd')
            fresh.append(locate(load_volume(path, pipe.shape)[0], a.q, pipe.spacing))
    fresh = np.stack([c for c in fresh if c is not None])
    dg, kg = nearest(gen, tr); dr, kr = nearest(fresh, tr)
    rng = np.random.default_rng(0)
    diff = [np.median(rng.choice(dg, len(dg))) - np.median(rng.choice(dr, len(dr))) for _ in range(4000)]
    print(f"{pipe.describe(g)}; {mod} request {base}; seeds {a.first_seed}.. ({a.seeds}), {missed} without a located tumour; "
          f"{len(tr)} training tumours; {a.fresh} fresh\n")
    print('| tumours | n | distance to the nearest training tumour (mm): median [IQR] | distinct training tumours nearest |\n|---|---:|---|---:|')
    sub = np.mean([len(set(rng.choice(kr, len(kg), replace=False).tolist())) for _ in range(1000)]) if len(kr) >= len(kg) else float('nan')
    for name, d, k in (('generated', dg, str(len(set(kg.tolist())))), ('fresh simulated (reference)', dr, f"{len(set(kr.tolist()))} ({sub:.1f} in draws of {len(kg)})")):
        print(f"| {name} | {len(d)} | {np.median(d):.1f} [{np.percentile(d, 25):.1f}, {np.percentile(d, 75):.1f}] | {k} |")
    print(f"\nlocator on the {len(err)} training tumour subjects' T1Gd volumes, against their lesion masks' centroids: "
          f"median error {np.median(err):.1f} mm (max {np.max(err):.1f})")
    print(f"median generated − median reference: {np.median(dg) - np.median(dr):+.1f} mm [{np.percentile(diff, 2.5):+.1f}, {np.percentile(diff, 97.5):+.1f}]")

if __name__ == '__main__':
    main()
