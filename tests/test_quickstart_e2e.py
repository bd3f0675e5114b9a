"""End to end through the CLI: `wfdm quickstart` at the tiny preset writes every file it promises."""
import json
import nibabel as nib, numpy as np
from conftest import wfdm_cmd
from wfdm.data import grid_affine, MODALITIES

def test_quickstart_tiny(tmp_path):
    out = tmp_path / 'qs'
    r = wfdm_cmd('quickstart', '--config', 'tiny', '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    assert 'quickstart report:' in r.stdout
    report = (out / 'report.md').read_text()
    assert 'synthetic' in report.lower() and '## Stage A' in report and '## Stage B' in report
    for png in ('samples_montage.png', 'real_vs_generated.png'): assert (out / png).stat().st_size > 5000
    niis = sorted((out / 'samples').glob('*.nii.gz'))
    assert len(niis) == 4 * len(MODALITIES)
    for p in niis:
        img = nib.load(p)
        assert img.shape == (32, 32, 32) and nib.aff2axcodes(img.affine) == ('R', 'A', 'S')
        assert np.allclose(img.affine, grid_affine((32, 32, 32), (6.0, 6.0, 6.0)))
        assert img.header['descrip'].tobytes().startswith(b'SYNTHETIC')
        data = np.asarray(img.dataobj); assert np.isfinite(data).all() and 0 <= data.min() and data.max() <= 1
        side = json.loads(p.with_name(p.name.replace('.nii.gz', '.json')).read_text())
        assert side['synthetic'] is True and side['modality'] in MODALITIES
        for k in ('wfdm_version', 'ldm_sha256', 'compressor_sha256', 'seed', 'sampler', 'steps', 'guidance', 'metadata'): assert k in side
    rep = json.loads((out / 'report.json').read_text())
    assert rep['reconstruction'] and rep['generation'] and rep['extractor'].startswith('random-resnet10')

def test_sample_bad_condition_writes_nothing(tmp_path):
    out = tmp_path / 'none'
    r = wfdm_cmd('sample', '--modality', 'FLAIR', '--age', '-5', '--out', out)
    assert r.returncode == 2 and "'age'" in r.stderr.strip().splitlines()[-1]
    assert not out.exists()
