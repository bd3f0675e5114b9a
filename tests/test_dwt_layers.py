"""Cross-checks the three DWT implementations of the benchmark against each other and against wfdm,
so that the benchmark's table compares like with like."""
import importlib.util, pathlib
import torch, pytest
from wfdm.dwt import dwt3d, idwt3d, SUBBANDS

ROOT = pathlib.Path(__file__).resolve().parents[1]

@pytest.fixture(scope='module')
def bench():
    spec = importlib.util.spec_from_file_location('bench_dwt', ROOT / 'benchmarks' / 'dwt.py')
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod

def test_benchmark_baselines_round_trip(bench):
    x = torch.randn(2, 3, 8, 6, 4, generator=torch.Generator().manual_seed(0))
    for f in (bench.wfdm_fi, bench.pywt_fi, bench.conv_fi):
        assert (f(x) - x).abs().max() < 1e-5, f.__name__

def test_conv_kernels_are_the_subbands(bench):
    "The fixed conv3d kernels of the naive layer give exactly dwt3d's subbands, in SUBBANDS order."
    x = torch.randn(1, 1, 4, 6, 8, dtype=torch.float64)
    y = torch.nn.functional.conv3d(x, bench.haar_kernels(torch.float64), stride=2)
    assert y.shape[1] == len(SUBBANDS)
    assert torch.allclose(y, dwt3d(x), atol=1e-12)

def test_large_batch_many_channels_matches_per_channel():
    "Vectorised result equals transforming each (batch, channel) volume on its own."
    x = torch.randn(3, 5, 6, 4, 10, dtype=torch.float64)
    y = dwt3d(x)
    for b in range(3):
        for c in range(5):
            yc = dwt3d(x[b:b + 1, c:c + 1])
            assert torch.equal(y[b:b + 1, c::5], yc)
    assert torch.allclose(idwt3d(y), x, atol=1e-12)
