"""End-to-end data pipeline: phantom cohort -> manifest -> split -> balanced sampler -> DataLoader with
worker processes, plus failure injection on the files a real cohort can break."""
import gzip, shutil
from pathlib import Path
import numpy as np, pandas as pd, pytest, torch
from wfdm.phantom import make_cohort
from wfdm.data import (read_manifest, split_subjects, MRIDataset, ModalityBalancedSampler, load_volume,
                       get_preset, MODALITY_ID, SPLITS)

@pytest.fixture(scope='module')
def cohort(tmp_path_factory):
    d = tmp_path_factory.mktemp('cohort')
    return make_cohort(d, n_subjects=14, preset='tiny', seed=3, progress=False)

def test_loader_with_workers(cohort):
    df = read_manifest(cohort)
    sp = split_subjects(df, seed=0, path=Path(cohort).parent / 'splits.json')
    ds = MRIDataset(df, get_preset('tiny')['shape'], split='train', splits=sp)
    sampler = ModalityBalancedSampler(ds.modalities, alpha=1.0, num_samples=16, seed=0)
    dl = torch.utils.data.DataLoader(ds, batch_size=4, sampler=sampler, num_workers=2)
    n = 0
    for b in dl:
        assert b['image'].shape == (4, 1, 32, 32, 32) and b['image'].dtype == torch.float32
        assert torch.isfinite(b['image']).all() and b['image'].max() <= 1
        assert set(b['subject']) <= set(sp['train'])
        n += len(b['subject'])
    assert n == 16
    test_subjects = set(df[df.subject.isin(sp['test'])].subject)
    assert not test_subjects & set(sp['train'])

def test_truncated_gzip_names_file(cohort, tmp_path):
    df = read_manifest(cohort)
    src = Path(df.path[0]); bad = tmp_path / 'truncated.nii.gz'
    bad.write_bytes(src.read_bytes()[: src.stat().st_size // 2])
    with pytest.raises(ValueError, match='truncated.nii.gz'):
        load_volume(bad, (32, 32, 32))

def test_manifest_row_with_missing_file_is_reported(cohort, tmp_path):
    m = pd.read_csv(cohort, dtype=str, keep_default_na=False)
    m.loc[3, 'path'] = 'sub-9999/nowhere.nii.gz'
    bad = Path(cohort).parent / 'bad_manifest.csv'
    m.to_csv(bad, index=False)
    with pytest.raises(FileNotFoundError, match='row 5'):
        read_manifest(bad)

def test_prepare_cli_on_phantom_layout(cohort, tmp_path):
    "The phantom writes BIDS-style files; `wfdm prepare` rebuilds an equivalent manifest from the folder + a metadata CSV."
    from conftest import wfdm_cmd
    root = Path(cohort).parent
    m = pd.read_csv(cohort, dtype=str, keep_default_na=False)
    meta = m.drop(columns=['session', 'modality', 'path']).drop_duplicates('subject')
    meta.to_csv(tmp_path / 'participants.csv', index=False)
    r = wfdm_cmd('prepare', '--root', root, '--metadata', tmp_path / 'participants.csv', '--out', tmp_path / 'manifest.csv')
    assert r.returncode == 0, r.stderr
    a, b = read_manifest(cohort), read_manifest(tmp_path / 'manifest.csv')
    key = lambda d: sorted(zip(d.subject, d.modality, d.dataset))
    assert key(a) == key(b)
    for (_, x), (_, y) in zip(a.sort_values(['subject', 'modality']).iterrows(), b.sort_values(['subject', 'modality']).iterrows()):
        assert (x.meta_values == y.meta_values).all() and (x.meta_mask == y.meta_mask).all()
