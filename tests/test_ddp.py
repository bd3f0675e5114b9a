"""DDP under torchrun on the CPU (gloo): two processes with batch 1 each must stay identical and match one
process with batch 2 (the same global batch)."""
import json, os, subprocess, sys
import torch
from safetensors.torch import load_file
from conftest import ROOT, BIN, wfdm_cmd

COMMON = ['--config', str(ROOT / 'configs' / 'tiny.yaml'), 'stage_a.steps=4', 'stage_a.ckpt_every=2', 'stage_a.val_every=100',
          'stage_a.preview_every=100', 'stage_a.loss.disc_warmup=2', 'stage_a.amp=false']   # fp32: bf16 (native on AMX CPUs) rounds per batch layout

def _model(run):
    latest = json.loads((run / 'latest.json').read_text())
    return {k: v for k, v in load_file(str(run / latest['dir'] / 'state.safetensors')).items() if k.startswith('model.')}

def test_two_ranks_match_one_process(tiny_cohort, tmp_path):
    one, two = tmp_path / 'one', tmp_path / 'two'
    env = {**os.environ, 'OMP_NUM_THREADS': '1'}       # one thread everywhere: CPU kernels may sum in another order per thread count
    r = wfdm_cmd('train-vae', *COMMON, '--out', one, f'data.cohort_dir={tiny_cohort}', 'stage_a.batch_size=2', env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    r = subprocess.run([str(BIN / 'torchrun'), '--standalone', '--nproc_per_node', '2', '-m', 'wfdm.cli', 'train-vae', *COMMON,
                        '--out', str(two), f'data.cohort_dir={tiny_cohort}', 'stage_a.batch_size=1'],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    sync = json.loads((two / 'ddp_sync.json').read_text())
    assert sync['world_size'] == 2 and sync['max_checksum_difference'] == 0.0 and sync['step'] == 4
    a, b = _model(one), _model(two)
    d = torch.cat([(a[k] - b[k]).abs().flatten() for k in a])
    # Batch 1 and batch 2 may run different CPU kernels (oneDNN), so gradients differ by rounding; Adam turns a
    # rounding-level difference in a near-zero gradient into up to lr (2e-4) per step. A DDP fault (gradients not averaged,
    # ranks seeing the wrong samples) moves most weights; rounding moves a few. Measured: rounding moved < 0.1 % of the
    # weights by > 1e-5 on a Xeon (AVX-512) and 0.29 % on an AMD EPYC (AVX2); one process on half the global batch (what
    # a rank whose gradients are not averaged computes) moved 75.6 %.
    frac = (d > 1e-5).float().mean().item()
    assert frac < 1e-2 and d.max().item() < 1e-3, f"2 ranks x batch 1 differ from 1 process x batch 2: max {d.max().item():.2e}, {frac:.2%} of weights > 1e-5"

def test_stage_b_two_ranks_match_one_process(tiny_cohort, tmp_path):
    "Stage B under torchrun: per-sample noise, timesteps and condition dropout keep 2 ranks x batch 2 equal to 1 x batch 4."
    vae = tmp_path / 'vae'
    r = wfdm_cmd('train-vae', *COMMON, '--out', vae, f'data.cohort_dir={tiny_cohort}', 'stage_a.loss.perceptual=0')
    assert r.returncode == 0, r.stderr[-2000:]
    common = ['--config', str(ROOT / 'configs' / 'tiny.yaml'), f'data.cohort_dir={tiny_cohort}', f'stage_b.compressor={vae}/compressor',
              f'stage_b.cache_dir={tmp_path}/latents', 'stage_b.steps=4', 'stage_b.ckpt_every=2', 'stage_b.val_every=100',
              'stage_b.preview_every=100', 'stage_b.p_uncond=0.5', 'stage_b.amp=false']
    one, two = tmp_path / 'ldm1', tmp_path / 'ldm2'
    env = {**os.environ, 'OMP_NUM_THREADS': '1'}
    r = wfdm_cmd('train-ldm', *common, '--out', one, 'stage_b.batch_size=4', env=env); assert r.returncode == 0, r.stderr[-2000:]
    r = subprocess.run([str(BIN / 'torchrun'), '--standalone', '--nproc_per_node', '2', '-m', 'wfdm.cli', 'train-ldm', *common,
                        '--out', str(two), 'stage_b.batch_size=2'], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert json.loads((two / 'ddp_sync.json').read_text())['max_checksum_difference'] == 0.0
    a, b = _model(one), _model(two)
    diff = max((a[k] - b[k]).abs().max().item() for k in a)
    assert diff < 1e-4, f"stage B: 2 ranks differ from 1 process by {diff}"
