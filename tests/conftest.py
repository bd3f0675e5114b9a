import os, sys, subprocess
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

@pytest.fixture(scope='session')
def tiny_cohort(tmp_path_factory):
    "A 24-subject phantom cohort at the tiny preset, shared by the training tests."
    from wfdm.phantom import make_cohort
    d = tmp_path_factory.mktemp('cohort-tiny')
    make_cohort(d, 24, 'tiny', seed=0, progress=False)
    return d

def wfdm_cmd(*args, cwd=None, **kw):
    "Run the installed `wfdm` console script; returns the CompletedProcess."
    return subprocess.run([str(BIN / 'wfdm'), *map(str, args)], cwd=cwd, capture_output=True, text=True, **kw)
