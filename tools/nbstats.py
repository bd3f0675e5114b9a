"""Cell statistics of the literate source: how long exported cells are and how many public symbols each defines.

Prints, over every notebook in nbs/: the number of exported cells, the median and maximum count of non-blank
lines per exported cell (`#|` directive lines not counted), the cells over 60 lines, and the share of exported
cells that define more than one public symbol (top-level def/class/assignment not starting with `_`).
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

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--nbs', default=str(Path(__file__).resolve().parents[1] / 'nbs')); ap.add_argument('--list', action='store_true')
    a = ap.parse_args()
    cells = [c for p in sorted(Path(a.nbs).glob('*.ipynb')) for c in exported_cells(p)]
    lines = [(nb, i, sum(1 for l in s.splitlines() if l.strip())) for nb, i, s in cells]
    multi = [(nb, i) for nb, i, s in cells if len(public_symbols(s)) > 1]
    n = [x for _, _, x in lines]
    print(f"| exported cells | median lines | max lines | cells > 60 lines | cells with > 1 public symbol |")
    print(f"|---:|---:|---:|---:|---:|")
    print(f"| {len(n)} | {statistics.median(n):.0f} | {max(n)} | {sum(x > 60 for x in n)} | {len(multi)} ({100 * len(multi) / len(n):.0f} %) |")
    if a.list:
        for nb, i, x in sorted(lines, key=lambda r: -r[2])[:15]: print(f"{x:4d} lines  {nb} cell {i}")

if __name__ == '__main__':
    main()
