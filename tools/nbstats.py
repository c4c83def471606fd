#!/usr/bin/env python
"""Measure how the notebooks read: the counts that issue 24 tracks, one row a notebook.

Usage: python tools/nbstats.py [notebooks...]   (default: every notebook under nbs/)

Columns: the longest export cell (lines), the longest function or method defined in export cells (lines),
code lines over 120 characters, `;` statement separators in export cells, markdown cells over 300 words,
public functions with 3 or more parameters, and how many of those document them with docments.
"""
import ast, io, json, sys, tokenize
from pathlib import Path


def _cells(fn):
    "Code and markdown cells of notebook `fn` as `(kind, source)`."
    for c in json.loads(Path(fn).read_text())['cells']:
        yield c['cell_type'], ''.join(c['source'])


def _is_export(src): return any(l.strip() in ('#| export', '#|export', '#| exports') for l in src.splitlines()[:3])


def _semicolons(src):
    "Number of `;` operators in the Python source `src` (0 when it does not tokenize)."
    try: return sum(t.type == tokenize.OP and t.string == ';' for t in tokenize.generate_tokens(io.StringIO(src).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError): return 0


def _functions(src):
    "(name, lines, n_params, has_docments) of each function in `src`."
    try: tree = ast.parse('\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('%', '!'))))
    except SyntaxError: return []
    out = []
    lines = src.splitlines()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            params = [p for p in a.posonlyargs + a.args + a.kwonlyargs if p.arg not in ('self', 'cls')]
            sig = lines[node.lineno - 1:node.body[0].lineno - 1]
            docm = sum('#' in l for l in sig) >= min(len(params), 2)
            out.append((node.name, node.end_lineno - node.lineno + 1, len(params), docm))
    return out


def stats(fn):
    "The counts of notebook `fn`."
    exp_cell = fn_len = long_lines = semis = long_md = pub3 = pub3_doc = 0
    for kind, src in _cells(fn):
        if kind == 'markdown':
            long_md += len(src.split()) > 300
            continue
        if kind != 'code': continue
        long_lines += sum(len(l) > 120 for l in src.splitlines())
        if not _is_export(src): continue
        exp_cell = max(exp_cell, len(src.splitlines()))
        semis += _semicolons(src)
        for name, n, n_params, docm in _functions(src):
            fn_len = max(fn_len, n)
            if not name.startswith('_') and n_params >= 3:
                pub3 += 1
                pub3_doc += docm
    return dict(export_cell=exp_cell, function=fn_len, lines_over_120=long_lines, semicolons=semis,
                md_over_300_words=long_md, public_3plus_params=pub3, with_docments=pub3_doc)


if __name__ == '__main__':
    fns = [Path(f) for f in sys.argv[1:]] or sorted(p for p in Path('nbs').rglob('*.ipynb')
                                                   if not any(part.startswith(('_', '.')) for part in p.parts))
    rows = {str(f): stats(f) for f in fns}
    cols = list(next(iter(rows.values())))
    print(f"{'notebook':34s}" + ''.join(f'{c:>20s}' for c in cols))
    for f, r in rows.items(): print(f'{f:34s}' + ''.join(f'{r[c]:20d}' for c in cols))
    tot = {c: (max if c in ('export_cell', 'function') else sum)(r[c] for r in rows.values()) for c in cols}
    print(f"{'all (max or sum)':34s}" + ''.join(f'{tot[c]:20d}' for c in cols))
