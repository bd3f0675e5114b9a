"""`wfdm evaluate --controllability` end to end (validation + sensitivity probe, a sweep request changed with --at), and sampling refuses non-finite guidance."""
import json
import pandas as pd
from conftest import wfdm_cmd, ROOT

def test_sensitivity_probe_cli(tmp_path):
    out = tmp_path / 'ev'
    r = wfdm_cmd('evaluate', '--config', ROOT / 'configs' / 'demo.yaml', '--out', out, '--controllability', '--sensitivity-only',
                 '--skip-realism', '--validation-n', 8, f'data.cohort_dir={tmp_path / "cohort"}', 'data.phantom_subjects=16')
    assert r.returncode == 0, r.stderr[-3000:]
    assert '## Condition sensitivity' in r.stdout and 'AUROC' in r.stdout and 'null control' in r.stdout
    sens = pd.read_csv(out / 'sensitivity.csv', index_col=0)
    assert len(sens) == 7 and abs(sens['× null'].iloc[-1] - 1) < 1e-9 and (sens['mean'] > 0).all()
    val = pd.read_csv(out / 'validation.csv', index_col=0)
    assert {'tumour presence', 'stroke presence', 'age → ventricles', 'sex → head size', 'contrast order'} <= set(val.index)

def test_sample_rejects_nonfinite_guidance(tmp_path):
    for g in ('nan', 'inf', '1e39', '-1'):
        out = tmp_path / f'g{g}'
        r = wfdm_cmd('sample', '--modality', 'T1w', '--guidance', g, '--steps', 2, '--out', out)
        assert r.returncode == 2, (g, r.stderr[-2000:])
        last = r.stderr.strip().splitlines()
        assert len(last) == 1 and 'guidance' in last[0] and 'Traceback' not in r.stderr
        assert not out.exists()


def test_sample_guidance_options_recorded(tmp_path):
    "--field-guidance, --guidance-interval, --guidance-rescale and --amp reach the pipeline and every sidecar says how the volume was made."
    r = wfdm_cmd('sample', '--modality', 'T1Gd', '--tumor', 'yes', '--age', 60, '--guidance', 3, '--field-guidance', 'tumor=4', 'stroke=2',
                 '--guidance-interval', 0.1, 0.9, '--guidance-rescale', 0.7, '--amp', '--steps', 2, '--out', tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    side = json.loads(next(tmp_path.glob('*.json')).read_text())
    assert side['field_guidance'] == {'tumor': 4.0}                          # stroke is not in the request
    assert side['guidance_interval'] == [0.1, 0.9] and side['guidance'] == 3.0 and side['guidance_rescale'] == 0.7
    assert side['precision'] in ('bf16', 'fp32')                             # bf16 only where the CPU computes it natively


def test_controllability_at_cli(tmp_path):
    "--at changes a sweep's base request (here the null control at age 50 instead of 75) and the table says so."
    out = tmp_path / 'ev'
    r = wfdm_cmd('evaluate', '--config', ROOT / 'configs' / 'demo.yaml', '--out', out, '--controllability', '--skip-realism',
                 '--validation-n', 8, '--seeds', 2, '--steps', 2, f'data.cohort_dir={tmp_path / "cohort"}', 'data.phantom_subjects=16',
                 '--at', 'handedness:age=50')
    assert r.returncode == 0, r.stderr[-3000:]
    ctrl = pd.read_csv(out / 'controllability.csv', index_col=0)
    assert ctrl.loc['handedness (null control)', 'request'] == 'age 50, sex male'
    assert ctrl.loc['age', 'request'] == 'sex female'                        # the other sweeps as the protocol has them



def test_memorisation_cli_checks_lesion_positions(tmp_path):
    "--memorisation adds the lesion-position check for each lesion the training split holds (the note for a missing one: nbs/42)."
    out = tmp_path / 'ev'
    r = wfdm_cmd('evaluate', '--config', ROOT / 'configs' / 'demo.yaml', '--out', out, '--memorisation', '--skip-realism',
                 '--seeds', 2, '--steps', 2, '--lesion-reference', 3, f'data.cohort_dir={tmp_path / "cohort"}', 'data.phantom_subjects=16',
                 'data.split_fractions=[0.5,0.1,0.4]')
    assert r.returncode == 0, r.stderr[-3000:]
    les = pd.read_csv(out / 'lesion_memorisation.csv', index_col=0)
    assert les.index.tolist() == ['tumor', 'stroke'] and les['reference'].tolist() == [3, 3] and les['training lesions'].tolist() == [1, 1]
    assert (les['generated'] + les['not located']).tolist() == [2, 2] and (les['locator error median (mm)'] < 15).all()
    assert '### Lesion positions' in (out / 'evaluation.md').read_text() and 'redraws its training lesions' in r.stdout
