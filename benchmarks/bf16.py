"""bf16 autocast on the CPU: step time against fp32, and whether it trains to the same quality.

Part 1 (speed): median seconds per training step, fp32 vs `torch.autocast('cpu', torch.bfloat16)`, measured
side by side in one process, for the demo stage-B U-Net (batch 8, latent 4x16x20x16) and the demo WF-VAE
(batch 2, 64x80x64, L1). Part 2 (quality): short tiny-preset trainings of both stages with fp32 (two
seeds, for run-to-run noise) and bf16 (amp=bf16), reporting validation loss / PSNR at equal steps.
Also prints whether this CPU computes bf16 natively (what `amp: true` uses to decide).

Run with nothing else running: .venv/bin/python benchmarks/bf16.py [--repeats 7] [--warmup 2] [--quality-steps 60] [--skip-quality]
"""
import argparse, statistics, time, json, shutil, tempfile
from pathlib import Path
import torch
from wfdm.distributed import cpu_has_native_bf16
from wfdm.config import load_config
from wfdm.train_vae import VAETrainer
from wfdm.ldm import LDMTrainer
from wfdm.unet import ConditionalUNet
from wfdm.vae import build_compressor
from wfdm.metadata import metadata_batch

ROOT = Path(__file__).resolve().parents[1]

def step_time(fn, repeats, warmup=2):
    for _ in range(warmup): fn()                         # warm-up
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

def speed(repeats, warmup):
    unet = ConditionalUNet(channels=(32, 64, 128), attention_levels=(False, False, True), num_res_blocks=1, norm_num_groups=16, meta_dim=64)
    x, t = torch.randn(8, 4, 16, 20, 16), torch.rand(8) * 1000
    cond = (torch.zeros(8, dtype=torch.long), *metadata_batch([{'age': 50}] * 8))
    vae = build_compressor(dict(kind='wfvae', channels=[32, 64], wavelet_channels=32, num_res_blocks=1, norm_num_groups=16, attention=False))
    img = torch.rand(2, 1, 64, 80, 64)
    ou, ov = torch.optim.AdamW(unet.parameters(), 1e-4), torch.optim.AdamW(vae.parameters(), 1e-4)
    def unet_step(bf16):
        with torch.autocast('cpu', torch.bfloat16, enabled=bf16): loss = (unet(x, t, *cond).float() - x).pow(2).mean()
        ou.zero_grad(); loss.backward(); ou.step()
    def vae_step(bf16):
        with torch.autocast('cpu', torch.bfloat16, enabled=bf16): loss = (vae(img)[0].float() - img).abs().mean()
        ov.zero_grad(); loss.backward(); ov.step()
    rows = []
    for name, f in (('stage-B U-Net step (batch 8)', unet_step), ('WF-VAE step (batch 2, L1)', vae_step)):
        a, b = step_time(lambda: f(False), repeats, warmup), step_time(lambda: f(True), repeats, warmup)
        rows.append((name, a, b, a / b))
    return rows

def quality(tmp, steps=60):
    rows = []
    for stage, cls in (('stage_a', VAETrainer), ('stage_b', LDMTrainer)):
        for label, seed, amp in (('fp32 seed 0', 0, False), ('fp32 seed 1', 1, False), ('bf16 seed 0', 0, 'bf16')):
            over = [f"data.cohort_dir={tmp}/cohort", f"stage_a.out_dir={tmp}/vae", f"seed={seed}", f"{stage}.amp={amp}",
                    f"{stage}.steps={steps}", f"{stage}.val_every={steps}", f"{stage}.preview_every=1000000", f"{stage}.ckpt_every={steps}"]
            if stage == 'stage_b': over += [f"stage_b.out_dir={tmp}/ldm-{label.replace(' ', '_')}", f"stage_b.compressor={tmp}/vae/compressor"]
            else: over[2:2] = [f"stage_a.out_dir={tmp}/vae-{label.replace(' ', '_')}"]
            cfg = load_config(ROOT / 'configs' / 'tiny.yaml', over)
            t0 = time.perf_counter(); tr = cls(cfg, resume='never', progress=False); out = tr.fit(); sec = time.perf_counter() - t0
            val = tr.validate()
            if stage == 'stage_a' and label == 'fp32 seed 0':         # the compressor stage B runs on
                (Path(tmp) / 'vae').mkdir(exist_ok=True)
                for f in out.glob('compressor.*'): shutil.copy(f, Path(tmp) / 'vae' / f.name)
            rows.append((stage, label, round(sec, 1), {k: round(v, 5) for k, v in val.items()}))
    return rows

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeats', type=int, default=7); ap.add_argument('--warmup', type=int, default=2); ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--quality-steps', type=int, default=60)
    ap.add_argument('--skip-quality', action='store_true')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    lines = [f"# bf16 autocast on the CPU", '', f"CPU computes bf16 natively (AMX-BF16 / AVX-512 BF16): **{cpu_has_native_bf16()}** "
             f"(torch reports `{torch.backends.cpu.get_cpu_capability()}`); `amp: true` therefore uses "
             f"{'bf16' if cpu_has_native_bf16() else 'fp32'} here. {a.threads} threads, median of {a.repeats} steps after {a.warmup} warm-up step(s).", '',
             '| step | fp32 s | bf16 s | speed-up (fp32/bf16) |', '|---|---:|---:|---:|']
    lines += [f"| {n} | {x:.3f} | {y:.3f} | {r:.2f}× |" for n, x, y, r in speed(a.repeats, a.warmup)]
    if not a.skip_quality:
        tmp = tempfile.mkdtemp(prefix='wfdm-bf16-')
        lines += ['', f'Quality at equal steps (tiny preset, {a.quality_steps} steps, validation of the EMA model):', '',
                  '| stage | run | seconds | validation |', '|---|---|---:|---|']
        lines += [f"| {s} | {l} | {sec} | {json.dumps(v)} |" for s, l, sec, v in quality(tmp, a.quality_steps)]
        shutil.rmtree(tmp, ignore_errors=True)
    text = '\n'.join(lines) + '\n'
    print(text)
    (ROOT / 'benchmarks' / 'results' / 'bf16.md').write_text(text)

if __name__ == '__main__':
    main()
