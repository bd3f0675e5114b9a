"tools/null_sweep_at_age.py --with: bad extra fields are refused by name before any model is loaded."
import importlib.util, sys
import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location('null_sweep_at_age', ROOT / 'tools' / 'null_sweep_at_age.py')
tool = importlib.util.module_from_spec(spec); spec.loader.exec_module(tool)

@pytest.mark.parametrize('arg, culprit', [('handedness=L', 'handedness=L'), ('age=60', 'age=60'), ('race', 'race'),
                                          ('race=12', "'race'"), ('colour=red', "'colour'")])
def test_with_refuses_bad_fields(monkeypatch, capsys, arg, culprit):
    monkeypatch.setattr(sys, 'argv', ['null_sweep_at_age.py', '--with', arg])
    monkeypatch.setattr(tool, 'demo', lambda **k: pytest.fail('the model was loaded before the arguments were checked'))
    with pytest.raises(SystemExit) as e: tool.main()
    assert e.value.code == 2
    assert culprit in capsys.readouterr().err
