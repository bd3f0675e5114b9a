"""Nothing wrong passes silently: bad arguments, configs, files and faults across the CLI and the Python API.

Each CLI case runs `wfdm.cli.main` in-process (fast: no new interpreter per case) and asserts exit status 2, one
line on stderr that names the culprit, no traceback, and that files which existed before are byte-identical after.
Each API case asserts the exception type and message. A few cases check correct behaviour instead of an error.
"""
import hashlib, json, shutil
from pathlib import Path
import numpy as np
import nibabel as nib
import pandas as pd
import pytest
import torch

from wfdm.cli import main

CONFIGS = Path(__file__).resolve().parents[1] / 'configs'


# --- fixtures ----------------------------------------------------------------------------------------------
# `models` (an untrained tiny compressor + stage B, exported) lives in conftest.py

def snapshot(*roots) -> dict:
    "SHA-256 of every file under `roots` (files or folders)."
    out = {}
    for r in map(Path, roots):
        for p in ([r] if r.is_file() else sorted(r.rglob('*')) if r.exists() else []):
            if p.is_file(): out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def fails(capsys, argv, says, keep=()):
    "Run the CLI; assert exit 2, one stderr line containing `says`, no traceback, and the files under `keep` unchanged."
    before = snapshot(*keep)
    try: code = main([str(a) for a in argv])
    except SystemExit as e: code = e.code
    err = capsys.readouterr().err
    lines = [l for l in err.replace('\r', '\n').strip().splitlines() if l.strip() and '%|' not in l]   # progress bars aside
    assert code == 2, (code, err)
    assert 'Traceback' not in err, err
    assert len(lines) == 1, err
    assert lines[0].startswith('wfdm') and 'error:' in lines[0], err
    assert says.lower() in lines[0].lower(), (says, err)
    assert snapshot(*keep) == before, 'pre-existing files changed'
    return lines[0]


def sample(models, out, *extra):
    return ['sample', '--ldm', models / 'ldm', '--modality', 'T1w', '--out', out, '--steps', '2', *extra]


# --- wfdm sample -------------------------------------------------------------------------------------------
SAMPLE_ARGS = [
    (['--guidance', 'nan'], 'guidance must be a finite number'),
    (['--guidance', '1e39'], 'guidance must be a finite number in [0, 100]'),
    (['--guidance', '-1'], 'guidance'),
    (['--guidance', 'inf'], 'guidance'),
    (['--n', '0'], '--n must be an integer ≥ 1'),
    (['--n', 'abc'], "argument --n: invalid int value: 'abc'"),
    (['--steps', '0'], '--steps must be an integer ≥ 1'),
    (['--seed', '-1'], '--seed must be an integer in [0, 4294967295]'),
    (['--seed', '99999999999999999999'], '--seed must be an integer in [0, 4294967295]'),
    (['--modality', 'T3w'], 'T3w'),
    (['--age', '300'], "'age': '300' is outside the accepted range"),
    (['--age', 'old'], "'age': 'old' is not a number"),
    (['--sex', 'banana'], "'sex': unknown value 'banana'"),
    (['--age', '30', '--age-group', '70-75'], "'age' ('30') and 'age_group' ('70-75') disagree"),
    (['--sampler', 'euler'], 'euler'),
    (['--frobnicate', '1'], 'unrecognized arguments: --frobnicate'),
    (['--guidance-interval', '0.8', '0.2'], 'two noise levels lo < hi in [0, 1]'),
    (['--guidance-interval', '0', '1.5'], '--guidance-interval must be a finite number in [0, 1]'),
    (['--guidance-rescale', '1.5'], '--guidance-rescale must be a finite number in [0, 1]'),
    (['--field-guidance', 'tumour=4'], "unknown fields 'tumour'"),
    (['--field-guidance', 'tumor'], 'FIELD=WEIGHT pairs'),
    (['--field-guidance', 'tumor=-2'], "field_guidance['tumor'] must be a finite number in [0, 100]"),
]


@pytest.mark.parametrize('extra,says', SAMPLE_ARGS, ids=[' '.join(a) for a, _ in SAMPLE_ARGS])
def test_sample_bad_arguments(capsys, tmp_path, models, extra, says):
    fails(capsys, sample(models, tmp_path / 'out', *extra), says)
    assert not (tmp_path / 'out').exists() or not any((tmp_path / 'out').iterdir())      # nothing written


def test_sample_compressor_without_ldm(capsys, tmp_path, models):
    fails(capsys, ['sample', '--modality', 'T1w', '--out', tmp_path, '--compressor', models / 'compressor'], '--compressor needs --ldm')


def _copy_models(models, d):
    d.mkdir()
    for f in models.iterdir(): shutil.copy(f, d / f.name)
    return d


def test_sample_missing_ldm(capsys, tmp_path):
    fails(capsys, ['sample', '--ldm', tmp_path / 'nope' / 'ldm', '--modality', 'T1w', '--out', tmp_path / 'o'], 'missing ldm.safetensors')


def test_sample_truncated_ldm(capsys, tmp_path, models):
    d = _copy_models(models, tmp_path / 'm')
    (d / 'ldm.safetensors').write_bytes((models / 'ldm.safetensors').read_bytes()[:5000])
    fails(capsys, sample(d, tmp_path / 'o'), 'ldm.safetensors is not a readable safetensors file', keep=[d])


def test_sample_ldm_json_syntax_error(capsys, tmp_path, models):
    d = _copy_models(models, tmp_path / 'm')
    (d / 'ldm.json').write_text((models / 'ldm.json').read_text()[:-20])
    fails(capsys, sample(d, tmp_path / 'o'), 'ldm.json is not valid JSON', keep=[d])


def test_sample_ldm_json_does_not_match_tensors(capsys, tmp_path, models):
    d = _copy_models(models, tmp_path / 'm')
    meta = json.loads((models / 'ldm.json').read_text()); meta['unet']['channels'] = [8, 16]
    (d / 'ldm.json').write_text(json.dumps(meta))
    fails(capsys, sample(d, tmp_path / 'o'), 'ldm.json does not match ldm.safetensors', keep=[d])


def test_sample_ldm_json_lacks_keys(capsys, tmp_path, models):
    d = _copy_models(models, tmp_path / 'm')
    meta = json.loads((models / 'ldm.json').read_text()); del meta['scale_factor']
    (d / 'ldm.json').write_text(json.dumps(meta))
    fails(capsys, sample(d, tmp_path / 'o'), 'lacks scale_factor', keep=[d])


def test_sample_ldm_is_a_compressor(capsys, tmp_path, models):
    fails(capsys, ['sample', '--ldm', models / 'compressor', '--modality', 'T1w', '--out', tmp_path / 'o'],
          'is not a stage-B model (its JSON has no \'unet\'); it is a compressor')


def test_sample_compressor_is_an_ldm(capsys, tmp_path, models):
    fails(capsys, sample(models, tmp_path / 'o', '--compressor', models / 'ldm'), 'is not the one this model was trained with')


def test_sample_other_compressor(capsys, tmp_path, models):
    from wfdm.vae import load_compressor, save_compressor
    other = load_compressor(models / 'compressor')
    with torch.no_grad(): next(other.parameters()).add_(1.0)
    save_compressor(other, tmp_path / 'other')
    fails(capsys, sample(models, tmp_path / 'o', '--compressor', tmp_path / 'other'), 'is not the one this model was trained with')


def test_sample_out_is_a_file(capsys, tmp_path, models):
    f = tmp_path / 'f.txt'; f.write_text('keep me')
    fails(capsys, sample(models, f), 'is a file; expected a folder', keep=[f])


def test_sample_out_not_writable(capsys, tmp_path, models):
    f = tmp_path / 'f.txt'; f.write_text('keep me')
    fails(capsys, sample(models, f / 'sub'), 'is not writable', keep=[f])


def test_sample_refuses_to_overwrite_then_overwrites_on_request(capsys, tmp_path, models):
    out = tmp_path / 'o'
    assert main([str(a) for a in sample(models, out, '--age', '30')]) == 0
    capsys.readouterr()
    fails(capsys, sample(models, out, '--age', '70'), 'pass --overwrite', keep=[out])
    assert main([str(a) for a in sample(models, out, '--age', '70', '--overwrite')]) == 0
    assert json.loads((out / 'wfdm_T1w_seed0_000.json').read_text())['metadata'] == {'age': '70'}


def test_sample_sidecar_is_strict_json(capsys, tmp_path, models):
    assert main([str(a) for a in sample(models, tmp_path / 'o', '--guidance', '2')]) == 0
    side = (tmp_path / 'o' / 'wfdm_T1w_seed0_000.json').read_text()
    json.loads(side, parse_constant=lambda c: pytest.fail(f'non-strict JSON constant {c}'))
    assert json.loads(side)['synthetic'] is True


def test_sample_debug_shows_traceback(tmp_path, models):
    with pytest.raises(ValueError, match='guidance'):
        main([str(a) for a in sample(models, tmp_path / 'o', '--guidance', 'nan', '--debug')])


# --- wfdm make-phantom -------------------------------------------------------------------------------------
@pytest.fixture(scope='module')
def small_cohort(tmp_path_factory):
    from wfdm.phantom import make_cohort
    d = tmp_path_factory.mktemp('cohort')
    make_cohort(d, 3, 'tiny', seed=0, workers=1, progress=False)
    return d


def test_make_phantom_refuses_existing_cohort(capsys, small_cohort):
    fails(capsys, ['make-phantom', '--out', small_cohort, '--n', '3', '--preset', 'tiny'], 'pass --overwrite', keep=[small_cohort])


@pytest.mark.parametrize('extra,says', [(['--n', '0'], '--n must be an integer ≥ 1'), (['--preset', 'huge'], '--preset must be one of'),
                                        (['--seed', '-3'], '--seed must be an integer in [0, 4294967295]'), (['--workers', '0'], '--workers')])
def test_make_phantom_bad_arguments(capsys, tmp_path, extra, says):
    fails(capsys, ['make-phantom', '--out', tmp_path / 'c', *extra], says)
    assert not (tmp_path / 'c').exists()


def test_make_phantom_out_is_a_file(capsys, tmp_path):
    f = tmp_path / 'f'; f.write_text('x')
    fails(capsys, ['make-phantom', '--out', f, '--n', '2', '--preset', 'tiny'], 'is a file', keep=[f])


# --- wfdm prepare ------------------------------------------------------------------------------------------
def _nii(path, x=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    x = np.random.default_rng(len(str(path))).random((8, 8, 8)) if x is None else x
    nib.save(nib.Nifti1Image(np.asarray(x, np.float32), np.eye(4)), path)


def _two_datasets(root):
    "Five files: sub-01 in dataset A (T1w, FLAIR) and in dataset B (T1w), sub-02 in A (T1w), sub-03 in B (T2w)."
    for ds, sub, mod in [('A', '01', 'T1w'), ('A', '01', 'FLAIR'), ('B', '01', 'T1w'), ('A', '02', 'T1w'), ('B', '03', 'T2w')]:
        _nii(root / ds / f'sub-{sub}' / 'anat' / f'sub-{sub}_{mod}.nii.gz')
    return root


def test_prepare_shared_subject_without_dataset_column(capsys, tmp_path):
    root = _two_datasets(tmp_path / 'bids')
    pd.DataFrame({'subject': ['01', '02', '03'], 'age': ['30', '40', '50']}).to_csv(tmp_path / 'meta.csv', index=False)
    fails(capsys, ['prepare', '--root', root, '--metadata', tmp_path / 'meta.csv', '--out', tmp_path / 'm.csv'],
          "sub-01 (A/B) occur in several datasets")
    assert not (tmp_path / 'm.csv').exists()


def test_prepare_joins_on_dataset_and_subject(capsys, tmp_path):
    root = _two_datasets(tmp_path / 'bids')
    pd.DataFrame({'dataset': ['A', 'B', 'A', 'B'], 'subject': ['01', '01', '02', '03'], 'age': ['30', '70', '40', '50'],
                  'sex': ['F', 'M', 'F', 'M']}).to_csv(tmp_path / 'meta.csv', index=False)
    assert main(['prepare', '--root', str(root), '--metadata', str(tmp_path / 'meta.csv'), '--out', str(tmp_path / 'm.csv')]) == 0
    assert '5 scans of 4 subjects' in capsys.readouterr().out
    df = pd.read_csv(tmp_path / 'm.csv', dtype=str)
    assert len(df) == 5 and df.subject.nunique() == 4                         # one row per file; sub-01 of A and of B stay two people
    got = {(r.dataset, r.path.split('/')[-1]): (r.age, r.sex) for r in df.itertuples()}
    assert got[('A', 'sub-01_T1w.nii.gz')] == ('30', 'F') and got[('B', 'sub-01_T1w.nii.gz')] == ('70', 'M')


def test_prepare_duplicate_metadata_rows(capsys, tmp_path):
    _nii(tmp_path / 'bids' / 'sub-01' / 'anat' / 'sub-01_T1w.nii.gz')
    pd.DataFrame({'subject': ['01', '01'], 'age': ['30', '31']}).to_csv(tmp_path / 'meta.csv', index=False)
    fails(capsys, ['prepare', '--root', tmp_path / 'bids', '--metadata', tmp_path / 'meta.csv', '--out', tmp_path / 'm.csv'],
          'rows 2, 3 repeat the same subject (sub-01)')


def test_prepare_unreadable_images_listed_at_once_and_old_manifest_kept(capsys, tmp_path):
    root = tmp_path / 'bids'
    _nii(root / 'sub-00' / 'anat' / 'sub-00_T1w.nii.gz')
    assert main(['prepare', '--root', str(root), '--out', str(tmp_path / 'm.csv')]) == 0      # a good manifest exists
    capsys.readouterr()
    rng = np.random.default_rng(0)
    bad = {'01': rng.random((8, 8, 8, 2)), '02': np.full((8, 8, 8), np.nan), '03': np.ones((8, 8, 8)), '04': rng.random((8, 8))}
    for s, x in bad.items(): _nii(root / f'sub-{s}' / 'anat' / f'sub-{s}_T1w.nii.gz', x)
    good = (root / 'sub-00' / 'anat' / 'sub-00_T1w.nii.gz').read_bytes()
    (root / 'sub-05' / 'anat').mkdir(parents=True); (root / 'sub-05' / 'anat' / 'sub-05_T1w.nii.gz').write_bytes(good[:300])
    (root / 'sub-06' / 'anat').mkdir(parents=True); (root / 'sub-06' / 'anat' / 'sub-06_T1w.nii.gz').write_text('hello')
    (root / 'sub-07' / 'anat').mkdir(parents=True); (root / 'sub-07' / 'anat' / 'sub-07_T1w.nii.gz').write_bytes(b'')
    big = root / 'sub-08' / 'anat' / 'sub-08_T1w.nii.gz'; _nii(big, rng.random((16, 16, 16)))
    big.write_bytes(big.read_bytes()[:int(0.7 * big.stat().st_size)])         # header intact, voxel data cut short
    line = fails(capsys, ['prepare', '--root', root, '--out', tmp_path / 'm.csv'], '8 of 9 images cannot be used', keep=[tmp_path / 'm.csv'])
    for s in ('01', '02', '03', '04', '05', '06', '07', '08'): assert f'sub-{s}_T1w.nii.gz' in line
    assert main(['prepare', '--root', str(root), '--out', str(tmp_path / 'm2.csv'), '--no-check-images']) == 2   # headers alone still catch most
    assert 'sub-08' not in capsys.readouterr().err                            # … but not cut-short voxel data


def test_prepare_missing_root(capsys, tmp_path):
    fails(capsys, ['prepare', '--root', tmp_path / 'nope', '--out', tmp_path / 'm.csv'], 'folder not found')


def test_prepare_missing_metadata(capsys, tmp_path):
    _nii(tmp_path / 'bids' / 'sub-01' / 'anat' / 'sub-01_T1w.nii.gz')
    fails(capsys, ['prepare', '--root', tmp_path / 'bids', '--metadata', tmp_path / 'nope.csv', '--out', tmp_path / 'm.csv'], '--metadata')


def test_prepare_metadata_without_subject_column(capsys, tmp_path):
    _nii(tmp_path / 'bids' / 'sub-01' / 'anat' / 'sub-01_T1w.nii.gz')
    pd.DataFrame({'participant': ['01'], 'age': ['30']}).to_csv(tmp_path / 'meta.csv', index=False)
    fails(capsys, ['prepare', '--root', tmp_path / 'bids', '--metadata', tmp_path / 'meta.csv', '--out', tmp_path / 'm.csv'], "needs a 'subject' column")


def test_prepare_bad_metadata_value(capsys, tmp_path):
    _nii(tmp_path / 'bids' / 'sub-01' / 'anat' / 'sub-01_T1w.nii.gz')
    pd.DataFrame({'subject': ['01'], 'age': ['-4']}).to_csv(tmp_path / 'meta.csv', index=False)
    fails(capsys, ['prepare', '--root', tmp_path / 'bids', '--metadata', tmp_path / 'meta.csv', '--out', tmp_path / 'm.csv'], "'age'")


def test_prepare_out_is_a_folder(capsys, tmp_path):
    _nii(tmp_path / 'bids' / 'sub-01' / 'anat' / 'sub-01_T1w.nii.gz')
    fails(capsys, ['prepare', '--root', tmp_path / 'bids', '--out', tmp_path], 'is a folder; expected a file name')


def test_prepare_no_recognised_files(capsys, tmp_path):
    _nii(tmp_path / 'bids' / 'scan.nii.gz')
    fails(capsys, ['prepare', '--root', tmp_path / 'bids', '--out', tmp_path / 'm.csv'], 'no NIfTI files with BIDS-style names')


# --- wfdm train-vae / train-ldm ----------------------------------------------------------------------------
TRAIN_OVERRIDES = [
    ('stage_a.steps=-1', 'config value stage_a.steps must be an integer ≥ 1'),
    ('stage_a.steps=abc', 'config value stage_a.steps must be an integer ≥ 1'),
    ('stage_a.batch_size=0', 'config value stage_a.batch_size must be an integer ≥ 1'),
    ('stage_a.optim.lr=nan', 'config value stage_a.optim.lr must be a finite number > 0'),
    ('stage_a.ema=1.5', 'config value stage_a.ema'),
    ('data.split_fractions=[0.5,0.5,0.5]', 'must sum to 1'),
    ('stage_a.optim.lrr=1', "unknown config key 'stage_a.optim.lrr'"),
    ('stage_a.amp=maybe', 'config value stage_a.amp must be one of'),
    ('stage_a.steps=[1', 'is not valid YAML'),
    ('preset=huge', 'unknown preset'),
    ('stage_a.crop=[7,7,7]', 'config value stage_a.crop must be null (whole volumes) or 3 sizes'),
    ('stage_a.model.channels=abc', 'config value stage_a.model = '),
    ('stage_a.model.kind=foo', "unknown compressor kind 'foo'"),
    ('seed=-5', 'config value seed must be an integer'),
]


@pytest.mark.parametrize('override,says', TRAIN_OVERRIDES, ids=[o for o, _ in TRAIN_OVERRIDES])
def test_train_bad_config_values(capsys, tmp_path, override, says):
    fails(capsys, ['train-vae', '--config', CONFIGS / 'tiny.yaml', '--out', tmp_path / 'run', override], says)
    assert not (tmp_path / 'run').exists()                                    # nothing written, not even run.json


@pytest.mark.parametrize('override,says', [('stage_b.p_uncond=2', 'config value stage_b.p_uncond'),
                                           ('stage_b.model.conditioning=film', 'conditioning must be one of concat, scale_shift, crossattn'),
                                           ('stage_b.diffusion.process=sde', "unknown diffusion process 'sde'"),
                                           ('stage_b.model.channels=abc', 'config value stage_b.model = '),
                                           ('stage_b.exclude=[FLAIR]', "config value stage_b.exclude must be a list of 'Modality:flag'"),
                                           ('stage_b.exclude=[PD:tumor]', "config value stage_b.exclude must be a list of 'Modality:flag'")])
def test_train_ldm_bad_config_value(capsys, tmp_path, override, says):
    fails(capsys, ['train-ldm', '--config', CONFIGS / 'tiny.yaml', '--out', tmp_path / 'run', override], says)
    assert not (tmp_path / 'run').exists()


def test_train_malformed_yaml(capsys, tmp_path):
    (tmp_path / 'c.yaml').write_text('preset: tiny\nstage_a:\n  steps: [1, 2\n')
    fails(capsys, ['train-vae', '--config', tmp_path / 'c.yaml'], 'c.yaml is not valid YAML at line')


def test_train_config_not_a_mapping(capsys, tmp_path):
    (tmp_path / 'c.yaml').write_text('- preset\n- tiny\n')
    fails(capsys, ['train-vae', '--config', tmp_path / 'c.yaml'], 'must hold a mapping')


def test_train_missing_config(capsys, tmp_path):
    fails(capsys, ['train-vae', '--config', tmp_path / 'nope.yaml'], 'config file not found')


def test_train_out_is_a_file(capsys, tmp_path):
    f = tmp_path / 'f'; f.write_text('x')
    fails(capsys, ['train-vae', '--config', CONFIGS / 'tiny.yaml', '--out', f], 'is a file', keep=[f])


@pytest.fixture(scope='module')
def vae_run(tmp_path_factory, tiny_cohort):
    "A 4-step tiny stage-A run with checkpoints at steps 2 and 4."
    from wfdm.config import load_config
    from wfdm.train_vae import VAETrainer
    d = tmp_path_factory.mktemp('vae-run')
    cfg = load_config(CONFIGS / 'tiny.yaml', [f'data.cohort_dir={tiny_cohort}', 'stage_a.steps=4', 'stage_a.ckpt_every=2',
                                             'stage_a.val_every=100', 'stage_a.preview_every=100'])
    VAETrainer(cfg, out_dir=d, progress=False).fit()
    return d


def test_resume_with_changed_model_config(capsys, vae_run, tiny_cohort):
    fails(capsys, ['train-vae', '--config', CONFIGS / 'tiny.yaml', '--out', vae_run, f'data.cohort_dir={tiny_cohort}',
                   'stage_a.steps=6', 'stage_a.model.channels=[8,16]'],
          'different model (stage_a.model.channels: [16, 32] → [8, 16])', keep=[vae_run])


def test_resume_falls_back_from_truncated_checkpoint(tmp_path, vae_run, tiny_cohort):
    from wfdm.config import load_config
    from wfdm.train_vae import VAETrainer
    run = tmp_path / 'run'; shutil.copytree(vae_run, run)
    st = run / 'ckpt-0000004' / 'state.safetensors'; st.write_bytes(st.read_bytes()[:2000])
    cfg = load_config(CONFIGS / 'tiny.yaml', [f'data.cohort_dir={tiny_cohort}', 'stage_a.steps=4', 'stage_a.ckpt_every=2'])
    with pytest.warns(UserWarning, match='ckpt-0000004 is unreadable'):
        t = VAETrainer(cfg, out_dir=run, progress=False)
    assert t.step == 2


def test_resume_with_no_readable_checkpoint(capsys, tmp_path, vae_run, tiny_cohort):
    run = tmp_path / 'run'; shutil.copytree(vae_run, run)
    for st in run.glob('ckpt-*/state.safetensors'): st.write_bytes(b'')
    with pytest.warns(UserWarning):
        fails(capsys, ['train-vae', '--config', CONFIGS / 'tiny.yaml', '--out', run, f'data.cohort_dir={tiny_cohort}'],
              'none of the 2 checkpoints', keep=[run])


def test_train_ldm_without_compressor(capsys, tmp_path, tiny_cohort):
    fails(capsys, ['train-ldm', '--config', CONFIGS / 'tiny.yaml', '--out', tmp_path / 'ldm', f'data.cohort_dir={tiny_cohort}',
                   f'stage_b.compressor={tmp_path / "none" / "compressor"}'], 'needs a trained compressor')


# --- wfdm evaluate / bench ---------------------------------------------------------------------------------
@pytest.mark.parametrize('extra,says', [(['--seeds', '0'], '--seeds must be an integer ≥ 2'), (['--n', '0'], '--n must be an integer ≥ 1'),
                                        (['--validation-n', '0'], '--validation-n'), (['--steps', '-2'], '--steps'),
                                        (['--guidance', 'nan'], '--guidance'), (['--top-up', '-1'], '--top-up'),
                                        (['--baseline', 'no-such-evaluation'], 'no features.safetensors there'),
                                        (['--baseline', 'x', '--skip-realism'], 'cannot be combined with --skip-realism'),
                                        (['--at', 'handedness=50'], 'FIELD:KEY=VALUE'),
                                        (['--at', 'handedness:handedness=L'], 'leave out the swept field')])
def test_evaluate_bad_arguments(capsys, tmp_path, models, extra, says):
    fails(capsys, ['evaluate', '--config', CONFIGS / 'tiny.yaml', '--ldm', models / 'ldm', '--out', tmp_path / 'e', '--controllability', *extra], says)
    assert not (tmp_path / 'e').exists()


def test_evaluate_out_is_a_file(capsys, tmp_path, models):
    f = tmp_path / 'f'; f.write_text('x')
    fails(capsys, ['evaluate', '--config', CONFIGS / 'tiny.yaml', '--ldm', models / 'ldm', '--out', f], 'is a file', keep=[f])


def test_evaluate_preset_mismatch(capsys, tmp_path, models):
    fails(capsys, ['evaluate', '--config', CONFIGS / 'demo.yaml', '--ldm', models / 'ldm', '--out', tmp_path / 'e'], "the model's preset is 'tiny'")


def test_bench_out_is_a_folder_checked_before_running(capsys, tmp_path, models):
    fails(capsys, ['bench', '--ldm', models / 'ldm', '--out', tmp_path, '--runs', '1', '--warmup', '0', '--steps', '1'], 'is a folder; expected a file name')


def test_bench_zero_runs(capsys, tmp_path, models):
    fails(capsys, ['bench', '--ldm', models / 'ldm', '--runs', '0'], '--runs must be an integer ≥ 1')


# --- Python API --------------------------------------------------------------------------------------------
def test_api_generate_nan_guidance(models):
    from wfdm.pipeline import load_pipeline
    with pytest.raises(ValueError, match='guidance must be a finite number'):
        load_pipeline(models / 'ldm').generate('T1w', {}, guidance=float('nan'), steps=2)


def test_api_save_nifti_refuses_non_finite(tmp_path, models):
    from wfdm.pipeline import load_pipeline
    pipe = load_pipeline(models / 'ldm')
    vols, info = pipe.generate('T1w', {}, steps=1)
    vols[0, 0, 0, 0] = np.nan
    with pytest.raises(FloatingPointError, match='non-finite'): pipe.save_nifti(vols, info, tmp_path / 'o')
    assert not (tmp_path / 'o').exists()


def test_api_load_config_bad_value():
    from wfdm.config import load_config
    import wfdm.ldm                            # declares the stage_b section
    from wfdm.checks import UserError
    with pytest.raises(UserError, match='stage_b.steps must be an integer'): load_config(CONFIGS / 'tiny.yaml', ['stage_b.steps=0'])


def test_api_make_cohort_refuses_existing(small_cohort):
    from wfdm.phantom import make_cohort
    before = snapshot(small_cohort)
    with pytest.raises(ValueError, match='pass --overwrite'): make_cohort(small_cohort, 3, 'tiny', progress=False)
    assert snapshot(small_cohort) == before


def test_api_metadata_disagreeing_age_group():
    from wfdm.metadata import encode_metadata
    with pytest.raises(ValueError, match='disagree'): encode_metadata({'age': 80, 'age_group': '20-25'})


def test_api_manifest_with_shared_subject_ids(tmp_path):
    from wfdm.data import read_manifest
    _nii(tmp_path / 'a.nii.gz'); _nii(tmp_path / 'b.nii.gz')
    pd.DataFrame({'subject': ['sub-01', 'sub-01'], 'session': 'ses-1', 'dataset': ['A', 'B'], 'modality': 'T1w',
                  'path': ['a.nii.gz', 'b.nii.gz']}).to_csv(tmp_path / 'm.csv', index=False)
    with pytest.raises(ValueError, match=r'sub-01 \(A/B\) occur in several datasets'): read_manifest(tmp_path / 'm.csv')


def test_api_controllability_needs_two_seeds(models):
    from wfdm.pipeline import load_pipeline
    from wfdm.evaluate import controllability
    with pytest.raises(ValueError, match='seeds must be an integer ≥ 2'): controllability(load_pipeline(models / 'ldm'), {}, seeds=0)


API_CASES = [   # (call on the tiny pipeline `p`, message): every one is refused before any volume is generated
    (lambda p, d: __import__('wfdm.evaluate').evaluate.benchmark(p, runs=0), 'runs must be an integer ≥ 1'),
    (lambda p, d: __import__('wfdm.evaluate').evaluate.benchmark(p, guidance=float('inf')), 'guidance must be a finite number'),
    (lambda p, d: __import__('wfdm.evaluate').evaluate.condition_sensitivity(p, n=0), 'n must be an integer ≥ 1'),
    (lambda p, d: __import__('wfdm.evaluate').evaluate.condition_sensitivity(p, ts=(0,)), 'ts must be a finite number in (0, 1000]'),
    (lambda p, d: __import__('wfdm.evaluate').evaluate.condition_sensitivity(p, probes=[('x', ('T3w', {}), ('T1w', {}))]), 'T3w'),
    (lambda p, d: __import__('wfdm.evaluate').evaluate.controllability(p, {'stroke_score': float('nan')}), "thresholds['stroke_score']"),
    (lambda p, d: __import__('wfdm.evaluate').evaluate.controllability(p, {}, steps=0), 'steps must be an integer ≥ 1'),
    (lambda p, d: __import__('wfdm.evaluate').evaluate.controllability_report(p, validation_n=2), 'validation_n must be an integer ≥ 8'),
    (lambda p, d: __import__('wfdm.evaluate').evaluate.generate_seeds(p, 'T1w', {}, seeds=0), 'seeds must be an integer ≥ 1'),
    (lambda p, d: __import__('wfdm.evaluate').evaluate.bootstrap_ci([1.0, 2.0], n_boot=0), 'n_boot must be an integer ≥ 1'),
    (lambda p, d: __import__('wfdm.quickstart').quickstart.quickstart(out=d, ctrl_steps=0), 'ctrl_steps must be an integer ≥ 1'),
    (lambda p, d: __import__('wfdm.quickstart').quickstart.quickstart(out=d, validation_n=4), 'validation_n must be an integer ≥ 8'),
    (lambda p, d: __import__('wfdm.measures').measures.simulate_lesion_pairs(1, 'T1Gd', 'oedema'), "lesion must be one of tumor, stroke"),
    (lambda p, d: __import__('wfdm.measures').measures.simulate_lesion_pairs(1, 'PD', 'tumor'), "modality must be one of"),
]


@pytest.mark.parametrize('i', range(len(API_CASES)), ids=[m for _, m in API_CASES])
def test_api_arguments_checked_before_work(tmp_path, models, i):
    from wfdm.pipeline import load_pipeline
    from wfdm.checks import UserError
    call, says = API_CASES[i]
    with pytest.raises(UserError) as e: call(load_pipeline(models / 'ldm'), tmp_path / 'qs')
    assert says in str(e.value) and '\n' not in str(e.value), str(e.value)
    assert not (tmp_path / 'qs').exists()           # nothing was written


def test_api_trainer_checks_a_hand_made_config(tmp_path):
    from wfdm.config import load_config
    from wfdm.train_vae import VAETrainer
    from wfdm.ldm import LDMTrainer
    from wfdm.checks import UserError
    cfg = load_config(CONFIGS / 'tiny.yaml', [f'data.cohort_dir={tmp_path / "c"}', f'stage_a.out_dir={tmp_path / "a"}'])
    cfg['stage_a']['optim']['lr'] = -1.0
    with pytest.raises(UserError, match='stage_a.optim.lr'): VAETrainer(cfg, progress=False)
    with pytest.raises(UserError, match="needs a full config with a 'stage_b' section"): LDMTrainer({'stage_a': {}}, progress=False)
    assert not (tmp_path / 'c').exists() and not (tmp_path / 'a').exists()     # refused before the cohort is built
