"Every package wfdm imports is a declared runtime dependency: `make demo` installs the package without the dev tools."
import ast, re, sys, tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def _norm(name): return re.sub(r'[-_.]+', '-', name).lower()

def imported_top_modules():
    "Top-level third-party modules imported anywhere in wfdm/*.py (module level or inside functions)."
    out = {}
    for p in sorted((ROOT / 'wfdm').glob('*.py')):
        for n in ast.walk(ast.parse(p.read_text())):
            names = [a.name for a in n.names] if isinstance(n, ast.Import) else [n.module] if isinstance(n, ast.ImportFrom) and n.level == 0 else []
            for m in names:
                top = m.split('.')[0]
                if top not in sys.stdlib_module_names and top != 'wfdm': out.setdefault(top, p.name)
    return out

def declared():
    proj = tomllib.loads((ROOT / 'pyproject.toml').read_text())['project']
    reqs = proj['dependencies'] + proj.get('optional-dependencies', {}).get('gpu', [])
    return {_norm(re.split(r'[<>=!~ ;\[]', r, maxsplit=1)[0]) for r in reqs}

def test_every_import_is_a_runtime_dependency():
    dists, deps = packages_distributions(), declared()
    missing = {m: f for m, f in imported_top_modules().items() if not deps & {_norm(d) for d in dists.get(m, [m])}}
    assert not missing, f"imported by wfdm but not in [project].dependencies of pyproject.toml: {missing}"

def test_the_check_sees_a_missing_dependency():
    assert 'torch' in imported_top_modules() and 'torch' in declared()
    dists = packages_distributions()
    assert not (declared() - {'torch'}) & {_norm(d) for d in dists['torch']}   # without torch declared, torch would be reported
