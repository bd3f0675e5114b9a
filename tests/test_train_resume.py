"""Failure injection for the training engine: a run killed with SIGKILL mid-training and resumed with the
same command ends with the same weights as an uninterrupted run."""
import json, os, signal, subprocess, sys, time
from pathlib import Path
import torch
from safetensors.torch import load_file
from conftest import ROOT, BIN, wfdm_cmd

def _args(out, cohort, steps=30):
    return ['train-vae', '--config', ROOT / 'configs' / 'tiny.yaml', '--out', out, f'data.cohort_dir={cohort}',
            f'stage_a.steps={steps}', 'stage_a.ckpt_every=2', 'stage_a.val_every=10', 'stage_a.preview_every=100',
            'stage_a.log_every=2', 'stage_a.keep_last=3']

def _weights(run):
    latest = json.loads((run / 'latest.json').read_text())
    t = load_file(str(run / latest['dir'] / 'state.safetensors'))
    return latest['step'], {k: v for k, v in t.items() if k.startswith(('model.', 'ema.'))}

def test_sigkill_and_resume_matches_uninterrupted(tiny_cohort, tmp_path):
    a, b = tmp_path / 'straight', tmp_path / 'killed'
    r = wfdm_cmd(*_args(a, tiny_cohort)); assert r.returncode == 0, r.stderr[-2000:]
    p = subprocess.Popen([str(BIN / 'wfdm'), *map(str, _args(b, tiny_cohort))], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while time.time() - t0 < 300:
        f = b / 'latest.json'
        if f.exists() and json.loads(f.read_text())['step'] >= 8: break
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL); p.wait()
    killed_at, _ = _weights(b)
    assert 8 <= killed_at < 30, f"the run was not killed mid-training (latest checkpoint {killed_at})"
    r = wfdm_cmd(*_args(b, tiny_cohort)); assert r.returncode == 0, r.stderr[-2000:]
    sa, wa = _weights(a); sb, wb = _weights(b)
    assert sa == sb == 30
    diff = max((wa[k] - wb[k]).abs().max().item() for k in wa)
    assert diff < 1e-6, f"resumed weights differ by {diff}"
    csv_steps = (b / 'metrics.csv').read_text().count('\n') - 1
    assert csv_steps == (a / 'metrics.csv').read_text().count('\n') - 1   # csv trimmed to the checkpoint, then continued

def test_bad_config_exits_2_with_one_line(tmp_path):
    r = wfdm_cmd('train-vae', '--config', ROOT / 'configs' / 'tiny.yaml', 'stage_a.model.kind=vqgan', f'data.cohort_dir={tmp_path}/c', 'data.phantom_subjects=8')
    assert r.returncode == 2 and r.stderr.strip().count('\n') == 0, r.stderr
    assert r.stderr.startswith('wfdm train-vae: error: unknown compressor kind') and not (tmp_path / 'c').exists()
