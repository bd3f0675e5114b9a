"tools/null_association.py: the regression recovers a planted handedness effect, and refuses a sample it cannot fit."
import importlib.util
import numpy as np, pandas as pd, pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location('null_association', ROOT / 'tools' / 'null_association.py')
na = importlib.util.module_from_spec(spec); spec.loader.exec_module(na)

def sample(effect, n=600, seed=0):
    "Subjects whose ventricles grow with age, differ by sex and site, and by `effect` ml for left-handers."
    rng = np.random.default_rng(seed)
    g = pd.DataFrame({'age': rng.uniform(20, 85, n), 'sex': rng.choice(['male', 'female'], n),
                      'site': rng.choice(['a/x', 'a/y', 'b/z'], n), 'hand': rng.choice(['L', 'R'], n, p=[0.15, 0.85])})
    g['ventricle_ml'] = (10 + 0.004 * g.age ** 2 + 3 * g.sex.eq('male') + 2 * g.site.eq('b/z') + effect * g.hand.eq('L')
                         + rng.normal(0, 1.0, n))
    return g

def test_recovers_planted_effect():
    r = na.association(sample(1.5))
    assert r['CI low'] < 1.5 < r['CI high'] and r['CI low'] > 0, r
    np.testing.assert_allclose(r['age 20 → 80 (ml)'], 0.004 * (80 ** 2 - 20 ** 2), rtol=0.05)
    np.testing.assert_allclose(r['L − R ÷ age effect'], r['L − R (ml)'] / r['age 20 → 80 (ml)'])

def test_no_effect_interval_covers_zero():
    r = na.association(sample(0.0))
    assert r['CI low'] < 0 < r['CI high'], r

def test_needs_both_hands():
    g = sample(0.0); g['hand'] = 'R'
    with pytest.raises(SystemExit, match='left- and 2 right-handed'): na.association(g)
