"""The null control's paired sweep (handedness R → L, T1w ventricle measure) at several ages.

`controllability` sweeps handedness on a T1w request at age 75, where the ventricle measure reads a few ml (below age 50
it is near its floor); this runs that sweep (`controllability(..., fields=['handedness'], at=...)`) at each age given,
on the choice seeds (first noise seed 1000) by default:

    python tools/null_sweep_at_age.py --ages 50 75 --amp                       # the shipped weights at their operating point
    python tools/null_sweep_at_age.py --ldm runs/v24/ldm --guidance 4 --age-guidance 1 --rescale 0.7 --ages 50 75 --amp
    python tools/null_sweep_at_age.py --ages 75 --first-seed 0 --amp --with race=1 tumor=no   # more fields in the request
"""
import argparse
from wfdm.pipeline import load_pipeline
from wfdm.pretrained import demo
from wfdm.evaluate import controllability
from wfdm.cli import _at_pairs
from wfdm.checks import UserError

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--ldm', default=None, help='stage-B export (default: the shipped demo weights)')
    ap.add_argument('--ages', type=float, nargs='+', default=[50, 75])
    ap.add_argument('--sex', default='male')
    ap.add_argument('--guidance', type=float, default=None, help="default: the model's operating point (with its field guidance and rescale)")
    ap.add_argument('--age-guidance', type=float, default=0.0, help='age field guidance, with --guidance')
    ap.add_argument('--rescale', type=float, default=0.0, help='guidance rescale, with --guidance')
    ap.add_argument('--seeds', type=int, default=32); ap.add_argument('--first-seed', type=int, default=1000)
    ap.add_argument('--steps', type=int, default=20)
    ap.add_argument('--amp', action='store_true', help='sample in bf16 where the CPU computes it natively')
    ap.add_argument('--with', dest='extra', nargs='+', default=[], metavar='KEY=VALUE',
                    help='further fields recorded in both requests, e.g. race=1 height=1.77 (checked against the schema)')
    a = ap.parse_args()
    bad = [kv for kv in a.extra if '=' not in kv or kv.partition('=')[0] in ('handedness', 'age', 'sex')]
    if bad: ap.error(f"--with takes KEY=VALUE for fields other than handedness, age and sex (set by the sweep, --ages and --sex); got {' '.join(bad)}")
    try: extra = _at_pairs([f'handedness:{kv}' for kv in a.extra]).get('handedness', {})
    except UserError as e: ap.error(f'--with: {e}')
    pipe = demo(amp=a.amp) if a.ldm is None else load_pipeline(a.ldm, amp=a.amp)
    if a.guidance is None: g = pipe.use_operating_point()
    else: g, pipe.field_guidance, pipe.guidance_rescale = a.guidance, ({'age': a.age_guidance} if a.age_guidance else {}), a.rescale
    print(f"{pipe.describe(g)}; seeds {a.first_seed}.. ({a.seeds}), {a.steps} steps"
          + (f"; also recorded: {', '.join(f'{k}={v}' for k, v in extra.items())}" if extra else '') + '\n')
    print('| age | R (ml) | L (ml) | L − R (ml) [95 % CI] |\n|---:|---:|---:|---|')
    for age in a.ages:
        r = controllability(pipe, {}, a.seeds, a.steps, g, progress=False, fields=['handedness'], seed=a.first_seed,
                            at={'handedness': {**extra, 'age': age, 'sex': a.sex}})[0].iloc[0]
        print(f"| {age:g} | {r['mean first']:.3f} | {r['mean last']:.3f} | {r.effect:+.3f} [{r['CI low']:.3f}, {r['CI high']:.3f}] |", flush=True)

if __name__ == '__main__':
    main()
