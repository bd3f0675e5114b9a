"""Held-out evidence for each metadata field: how much a stage B's diffusion loss on validation scans rises without it.

For every validation scan on which a field is recorded, the loss (fixed noise and noise levels, `--draws` per scan) is
computed as recorded, with the field hidden (not recorded) and with its value swapped (another value of the field that
a validation scan records; numeric fields: another scan's value). The table gives, per field, the mean change × 1000 and
a 95 % bootstrap interval over subjects. Hiding removes the recorded bit too, which names the sites that record a field;
swapping keeps it and tests the value alone. A field whose value helps predict held-out images raises the loss when
swapped; one the network uses only as a key to its training subjects does not.

    python tools/field_importance.py --ldm wfdm/assets/demo/ldm            # the shipped weights, v9's cohort and split
    python tools/field_importance.py --breakdown tumor stroke --split train   # hidden − recorded per value and modality
    python tools/field_importance.py --ldm runs/x/ldm --config configs/tiny.yaml data.cohort_dir=runs/c stage_b.compressor=runs/x/compressor

On a field the network has learnt from its training subjects rather than from what generalises, hiding the field
lowers the loss on held-out scans while it raises it on training scans.
"""
import argparse, time, tempfile
import numpy as np, torch
from wfdm.config import load_config
from wfdm.ldm import LDMTrainer
from wfdm.metadata import FIELD_NAMES, SCHEMA, MODALITIES
from wfdm.seeding import seeded

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--ldm', default='wfdm/assets/demo/ldm', help='stage-B export to measure')
    ap.add_argument('--config', default='configs/demo-v29-b.yaml', help="a stage-B config naming the cohort, its split and the model's compressor")
    ap.add_argument('--split', default='val', choices=['val', 'test', 'train'])
    ap.add_argument('--draws', type=int, default=4, help='noise draws per scan')
    ap.add_argument('--breakdown', nargs='+', default=None, metavar='FIELD',
                    help='instead of the table: hidden − recorded for these fields per recorded value and modality')
    ap.add_argument('overrides', nargs='*', metavar='KEY=VALUE', help='config overrides, e.g. data.cohort_dir=… stage_b.compressor=…')
    a = ap.parse_args()
    bad = [f for f in a.breakdown or [] if f not in FIELD_NAMES]
    if bad: ap.error(f"--breakdown: unknown fields {', '.join(bad)}; fields: {', '.join(FIELD_NAMES)}")
    with tempfile.TemporaryDirectory() as tmp:
        cfg = load_config(a.config, [*a.overrides, f'stage_b.init={a.ldm}', f'stage_b.out_dir={tmp}'])
        tr = LDMTrainer(cfg, resume='never', progress=False)
    unet, diff, K = tr.models['unet'].eval(), tr.diffusion, a.draws
    ds = tr.dataset(a.split)
    items = [ds[i] for i in range(len(ds))]
    z0 = torch.stack([it['latent'] for it in items]); mod = torch.tensor([it['modality'] for it in items])
    vals = torch.stack([it['meta_values'] for it in items]); mask = torch.stack([it['meta_mask'] for it in items])
    subj, N = np.array([it['subject'] for it in items]), len(items)
    noise = torch.stack([torch.stack([torch.randn(z0.shape[1:], generator=seeded(99, k, i)) for i in range(N)]) for k in range(K)])
    t = torch.stack([diff.sample_t(N, seeded(98, k)) for k in range(K)])

    @torch.no_grad()
    def losses(idx, v, m):
        "Per-scan loss, mean over the draws, for the scans `idx` with metadata (v, m)."
        out = torch.zeros(len(idx))
        for k in range(K):
            for s in range(0, len(idx), 16):
                j = idx[s:s + 16]
                xt = diff.add_noise(z0[j], noise[k, j], t[k, j])
                with tr.autocast(): pred = unet(xt, t[k, j], mod[j], v[j], m[j]).float()
                out[s:s + 16] += (pred - diff.target(z0[j], noise[k, j], t[k, j])).pow(2).flatten(1).mean(1) / K
        return out.numpy()

    rng, t0 = np.random.default_rng(0), time.time()
    def boot(d, groups):
        "Mean and 95 % bootstrap interval, resampling subjects."
        ug = np.unique(groups); per = [d[groups == g] for g in ug]
        ms = [np.concatenate([per[i] for i in rng.integers(0, len(ug), len(ug))]).mean() for _ in range(2000)]
        return f"{d.mean():+.3f} [{np.percentile(ms, 2.5):+.3f}, {np.percentile(ms, 97.5):+.3f}]"
    if a.breakdown:
        print(f"{a.ldm} on the {a.split} split, {K} draws per scan: loss with the field hidden − as recorded (× 1000)\n")
        print('| field | value | modality | scans | hidden − recorded |\n|---|---|---|---:|---:|')
        for name in a.breakdown:
            f = FIELD_NAMES.index(name); idx = np.flatnonzero(mask[:, f].numpy() > 0)
            hidden = mask.clone(); hidden[:, f] = 0
            d = (losses(idx, vals, hidden) - losses(idx, vals, mask)) * 1e3
            for v in sorted(set(vals[idx, f].tolist())):
                for m, mname in enumerate(MODALITIES):
                    sel = (vals[idx, f].numpy() == v) & (mod[idx].numpy() == m)
                    if sel.any(): print(f"| {name} | {SCHEMA[f].vocab[int(v)] if SCHEMA[f].kind != 'numeric' else v} | {mname} | {int(sel.sum())} | {d[sel].mean():+.1f} |", flush=True)
        return
    base = losses(np.arange(N), vals, mask)
    print(f"{a.ldm} on the {a.split} split: {N} scans of {len(set(subj))} subjects, mean loss {base.mean():.4f}, {K} draws per scan\n")
    print('| field | scans | subjects | hidden − recorded (× 1000) | swapped − recorded (× 1000) |\n|---|---:|---:|---|---|')
    for f, name in enumerate(FIELD_NAMES):
        idx = np.flatnonzero(mask[:, f].numpy() > 0)
        if len(idx) == 0: continue
        hidden = mask.clone(); hidden[:, f] = 0
        swapped, pool = vals.clone(), vals[idx, f].numpy()
        for i in idx:
            other = pool[pool != vals[i, f].item()]
            if len(other): swapped[i, f] = float(rng.choice(other))
        dh = (losses(idx, vals, hidden) - base[idx]) * 1e3
        if len(set(pool)) > 1: ds = boot((losses(idx, swapped, mask) - base[idx]) * 1e3, subj[idx])
        else: ds = f"— (every scan records {SCHEMA[f].vocab[int(pool[0])] if SCHEMA[f].kind != 'numeric' else pool[0]})"
        print(f"| {name} | {len(idx)} | {len(set(subj[idx]))} | {boot(dh, subj[idx])} | {ds} |", flush=True)
    print(f"\n{time.time() - t0:.0f} s")

if __name__ == '__main__':
    main()
