"tools/lesion_memorisation.py: the locator finds a planted bright blob, leaves out what the paired volume shares, and measures distances."
import importlib.util
import numpy as np
from conftest import ROOT

spec = importlib.util.spec_from_file_location('lesion_memorisation', ROOT / 'tools' / 'lesion_memorisation.py')
lm = importlib.util.module_from_spec(spec); spec.loader.exec_module(lm)

def head(blobs=(), shape=(40, 48, 40), seed=0):
    "A noisy ellipsoidal 'brain' at 0.6 with bright balls (centre in voxels, radius) at 1.0."
    rng = np.random.default_rng(seed)
    ijk = np.indices(shape).astype(float)
    c = (np.array(shape)[:, None, None, None] - 1) / 2
    vol = np.where((((ijk - c) / (np.array(shape)[:, None, None, None] * 0.42)) ** 2).sum(0) < 1, 0.6, 0.0)
    vol = np.clip(vol + rng.normal(0, 0.02, shape) * (vol > 0), 0, 1)
    for centre, r in blobs: vol[((ijk - np.array(centre)[:, None, None, None]) ** 2).sum(0) <= r * r] = 1.0
    return vol

def test_locates_the_largest_bright_blob_in_mm():
    v = head([((14, 20, 18), 4), ((26, 30, 22), 2)])
    np.testing.assert_allclose(lm.locate(v, 98, (3, 3, 3)), np.array([14, 20, 18]) * 3, atol=1.5)

def test_paired_volume_removes_what_both_share():
    shared, new = ((14, 20, 18), 4), ((26, 30, 22), 3)
    yes, no = head([shared, new]), head([shared], seed=1)
    np.testing.assert_allclose(lm.locate(yes, 98, (3, 3, 3), paired=no), np.array([26, 30, 22]) * 3, atol=1.5)

def test_nothing_bright_nothing_found():
    assert lm.largest_centroid(np.zeros((5, 5, 5), bool), (1, 1, 1)) is None

def test_nearest_distances_and_indices():
    d, k = lm.nearest(np.array([[0., 0, 0], [10, 0, 0]]), np.array([[1., 0, 0], [10, 3, 4]]))
    np.testing.assert_allclose(d, [1, 5]); assert k.tolist() == [0, 1]
