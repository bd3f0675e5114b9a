"""Cell statistics of the literate source: how long exported cells are and how many public symbols each defines.

Prints, over every notebook in nbs/: the number of exported cells, the median and maximum count of non-blank
lines per exported cell (`#|` directive lines not counted), the cells over 60 lines, the share of exported
cells that define more than one public symbol (top-level def/class/assignment not starting with `_`), the
share of exported cells directly followed by a code cell that uses them (rather than by another exported cell),
and the public function parameters without a docment (a `# comment` on the parameter's line).
Run: .venv/bin/python tools/nbstats.py [--nbs nbs] [--list]
"""
import argparse, ast, json, statistics
from pathlib import Path

def exported_cells(nb_path):
    "(notebook, cell index, source without directives) of every `#| export` cell."
    nb = json.loads(Path(nb_path).read_text())
    for i, c in enumerate(nb['cells']):
        src = ''.join(c['source'])
        if c['cell_type'] == 'code' and any(l.strip().startswith('#| export') for l in src.splitlines()):
            yield Path(nb_path).name, i, '\n'.join(l for l in src.splitlines() if not l.strip().startswith('#|'))

def public_symbols(src: str) -> list:
    "Top-level public names a cell defines."
    try: tree = ast.parse(src)
    except SyntaxError: return []
    names = []
    for n in tree.body:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): names.append(n.name)
        elif isinstance(n, ast.Assign): names += [t.id for t in n.targets if isinstance(t, ast.Name)]
    return [x for x in names if not x.startswith('_')]

def followed_by_use(nb_path):
    "(cells followed by a non-exported code cell, exported cells) of one notebook."
    cells = [c for c in json.loads(Path(nb_path).read_text())['cells'] if c['cell_type'] == 'code']
    exp = [any(l.strip().startswith('#| export') for l in ''.join(c['source']).splitlines()) for c in cells]
    return sum(e and i + 1 < len(exp) and not exp[i + 1] for i, e in enumerate(exp)), sum(exp)

def undocumented_params(src: str) -> tuple[int, int]:
    "(public-function parameters without a docment, all public-function parameters) in a cell."
    try: tree = ast.parse(src)
    except SyntaxError: return 0, 0
    lines, bad, n = src.splitlines(), 0, 0
    fns = [f for f in tree.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]   # module functions and @patch methods,
    fns += [f for c in tree.body if isinstance(c, ast.ClassDef) and not c.name.startswith('_') for f in c.body                 # and methods of classes (nested helpers are not API)
            if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for f in fns:
        if not f.name.startswith('_') or f.name == '__init__':
            for a in f.args.posonlyargs + f.args.args + f.args.kwonlyargs:
                if a.arg in ('self', 'cls'): continue
                n += 1; bad += '#' not in lines[a.lineno - 1]
    return bad, n

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--nbs', default=str(Path(__file__).resolve().parents[1] / 'nbs')); ap.add_argument('--list', action='store_true')
    a = ap.parse_args()
    cells = [c for p in sorted(Path(a.nbs).glob('*.ipynb')) for c in exported_cells(p)]
    lines = [(nb, i, sum(1 for l in s.splitlines() if l.strip())) for nb, i, s in cells]
    multi = [(nb, i) for nb, i, s in cells if len(public_symbols(s)) > 1]
    n = [x for _, _, x in lines]
    used = [followed_by_use(p) for p in sorted(Path(a.nbs).glob('*.ipynb'))]
    u = sum(x for x, _ in used)
    und = [undocumented_params(s) for _, _, s in cells]
    bad, npar = sum(b for b, _ in und), sum(k for _, k in und)
    print(f"| exported cells | median lines | max lines | cells > 60 lines | cells with > 1 public symbol | followed by a cell using them | public parameters without docment |")
    print(f"|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {len(n)} | {statistics.median(n):.0f} | {max(n)} | {sum(x > 60 for x in n)} | {len(multi)} ({100 * len(multi) / len(n):.0f} %) "
          f"| {u} ({100 * u / len(n):.0f} %) | {bad} of {npar} |")
    if a.list:
        for nb, i, x in sorted(lines, key=lambda r: -r[2])[:15]: print(f"{x:4d} lines  {nb} cell {i}")

if __name__ == '__main__':
    main()
