"""FID/MMD and the MedicalNet extractor against the authors' `medmetric` package on the same inputs
(the reference implementation of the paper's protocol)."""
import torch, pytest
medmetric = pytest.importorskip('medmetric')
from medmetric.metrics.fid import FID
from medmetric.metrics.mmd import MMD
from wfdm.metrics import fid, mmd, FeatureExtractor3D
from wfdm.losses import medicalnet_resnet

@pytest.mark.parametrize('shift', [0.0, 0.5, 2.0])
def test_fid_mmd_equal_medmetric(shift):
    g = torch.Generator().manual_seed(1)
    x = torch.randn(30, 64, generator=g, dtype=torch.float64)
    y = torch.randn(25, 64, generator=g, dtype=torch.float64) + shift
    assert abs(fid(x, y) - float(FID()(x, y))) < 1e-6 * max(1.0, fid(x, y))
    assert abs(mmd(x, y) - float(MMD()(x, y))) < 1e-9

def test_extractor_matches_medmetric_on_same_weights(tmp_path):
    "Same official-format checkpoint (random weights), same z-scored input: same pooled features."
    from medmetric.extractors.medicalnet import MedicalNetFeatureExtractor
    ref = medicalnet_resnet(10, seed=7)
    ckpt = tmp_path / 'resnet_10_random.pth'
    torch.save({'state_dict': {f'module.{k}': v for k, v in ref.state_dict().items()}}, ckpt)
    ours = FeatureExtractor3D(weights=ckpt)
    theirs = MedicalNetFeatureExtractor.from_pretrained(depth=10, weights_path=str(ckpt), device='cpu').eval()   # local file: no download
    x = torch.rand(2, 1, 32, 32, 32)
    from wfdm.losses import zscore
    with torch.no_grad():
        a, b = ours(x), theirs(zscore(x))
    b = b[0] if isinstance(b, tuple) else b
    assert a.shape == b.shape
    assert torch.allclose(a, b, atol=1e-4, rtol=1e-4), (a - b).abs().max()
