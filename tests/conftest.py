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

@pytest.fixture(scope='session')
def models(tmp_path_factory):
    "An untrained tiny-preset compressor + stage-B model exported as wfdm writes them (seconds to build)."
    from wfdm.config import load_config
    import wfdm.train_vae, wfdm.ldm           # the trainers declare the stage_a and stage_b config sections
    from wfdm.vae import save_compressor
    from wfdm.vae import build_compressor
    from wfdm.unet import ConditionalUNet
    from wfdm.diffusion import Diffusion
    from wfdm.io import save_weights, sha256
    import torch
    d = tmp_path_factory.mktemp('models')
    cfg = load_config(ROOT / 'configs' / 'tiny.yaml')
    torch.manual_seed(0)
    vae = build_compressor(cfg['stage_a']['model'])
    save_compressor(vae, d / 'compressor', steps=0)
    c = vae.latent_shape((32, 32, 32))[0]
    unet = ConditionalUNet(in_channels=c, **cfg['stage_b']['model'])
    save_weights(d / 'ldm', unet.state_dict(), {'unet': unet.config, 'diffusion': Diffusion(**cfg['stage_b']['diffusion']).config,
                                                 'scale_factor': 1.0, 'compressor': 'compressor', 'preset': 'tiny', 'steps': 0,
                                                 'compressor_sha256': sha256(d / 'compressor.safetensors')})
    return d

def wfdm_cmd(*args, cwd=None, **kw):
    "Run the installed `wfdm` console script; returns the CompletedProcess."
    return subprocess.run([str(BIN / 'wfdm'), *map(str, args)], cwd=cwd, capture_output=True, text=True, **kw)
