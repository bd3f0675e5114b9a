"tools/field_importance.py end to end on an untrained tiny stage B: one row per recorded field, and the breakdown per value and modality."
import subprocess, sys
from conftest import ROOT

def run(models, cohort, *extra):
    return subprocess.run([sys.executable, str(ROOT / 'tools' / 'field_importance.py'), f'data.cohort_dir={cohort}',
                           f"stage_b.compressor={models / 'compressor'}", '--ldm', str(models / 'ldm'), '--config',
                           str(ROOT / 'configs' / 'tiny.yaml'), '--draws', '1', '--split', 'train', *extra], capture_output=True, text=True, cwd=ROOT)

def test_table_has_a_row_per_recorded_field(models, tiny_cohort):
    r = run(models, tiny_cohort)
    assert r.returncode == 0, r.stderr[-3000:]
    rows = {l.split('|')[1].strip(): l for l in r.stdout.splitlines() if l.startswith('| ') and not l.startswith('| field')}
    assert {'age', 'sex', 'handedness'} <= set(rows)                  # recorded by the tiny cohort's sites
    assert all(l.count('[') == 2 or '— (every scan records' in l for l in rows.values())   # both intervals, or why not

def test_breakdown_per_value_and_modality(models, tiny_cohort):
    r = run(models, tiny_cohort, '--breakdown', 'sex')
    assert r.returncode == 0, r.stderr[-3000:]
    rows = [l.split('|') for l in r.stdout.splitlines() if l.startswith('| sex |')]
    assert {c[2].strip() for c in rows} == {'female', 'male'} and {c[3].strip() for c in rows} <= {'T1w', 'T2w', 'T1Gd', 'FLAIR'}

def test_unknown_breakdown_field_is_refused(models, tiny_cohort):
    r = run(models, tiny_cohort, '--breakdown', 'colour')
    assert r.returncode == 2 and 'unknown fields colour' in r.stderr
