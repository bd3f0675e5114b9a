"""Imports run one way: each module may import only modules listed before it in `ORDER` (at module level or inside
a function), so there is no cycle, and sampling never depends on training or on the simulator."""
import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / 'wfdm'

# checks and files on disk (atomic writes, JSON, safetensors: everything else writes through them) → vocabularies → images
# and data → figures → the simulator → networks and the diffusion process → sampling → training (whose previews sample)
# → evaluation → widgets → entry points
ORDER = ['checks', 'io', 'seeding', 'metadata', 'dwt', 'data', 'figures', 'phantom', 'vae', 'losses', 'unet', 'diffusion', 'distributed', 'config', 'pipeline', 'pretrained',
         'train', 'train_vae', 'ldm', 'metrics', 'measures', 'evaluate', 'widgets', 'quickstart', 'cli']
NEVER = {'pipeline': {'train', 'ldm', 'phantom'}}


def wfdm_imports(path: Path) -> set:
    "The wfdm modules a file imports, anywhere in it."
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            name = ('wfdm.' + (node.module or '')) if node.level else (node.module or '')
            if name.startswith('wfdm.'): out.add(name.split('.')[1])
            elif name == 'wfdm' or (node.level and not node.module): out |= {a.name for a in node.names if (PKG / f'{a.name}.py').exists()}
        elif isinstance(node, ast.Import):
            out |= {a.name.split('.')[1] for a in node.names if a.name.startswith('wfdm.')}
    return out


def test_every_module_is_placed():
    mods = {p.stem for p in PKG.glob('*.py') if not p.stem.startswith('_')}
    assert mods == set(ORDER), f"modules missing from ORDER: {mods - set(ORDER)}; listed but absent: {set(ORDER) - mods}"


def test_imports_point_down():
    bad = []
    for i, m in enumerate(ORDER):
        for dep in wfdm_imports(PKG / f'{m}.py') - {m}:
            if dep not in ORDER[:i]: bad.append(f"{m} imports {dep}, which comes after it")
            if dep in NEVER.get(m, ()): bad.append(f"{m} must not depend on {dep}")
    assert not bad, '; '.join(bad)
