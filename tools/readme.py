#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb (nbdev-readme needs Quarto, which is not always available).

Markdown cells are copied (relative links, to images and notebooks, are made relative to the repository root), code cells become ```python blocks followed by their text or markdown
output (consecutive code cells without output between them share one block); cells marked `#| hide` are left out and `#|` directives are removed.

Usage: python tools/readme.py [--check]   (--check: exit 1 if README.md is out of date)
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def render(nb_path=ROOT/'nbs'/'index.ipynb') -> str:
    nb = json.loads(Path(nb_path).read_text())
    out, open_code = [], False          # open_code: the last block is a code cell's, with no output after it
    for c in nb['cells']:
        src = ''.join(c['source'])
        lines = src.splitlines()
        dirs = [l for l in lines if l.startswith('#|')]
        if any(d[2:].strip() in ('hide', 'include: false') for d in dirs): continue
        body = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
        if c['cell_type'] == 'markdown':
            out.append(re.sub(r'\]\((?![a-z]+:|#|/)([^)]+)\)', r'](nbs/\1)', body))   # relative links from the repository root
            open_code = False
            continue
        if body:
            if open_code: out[-1] = out[-1][:-4] + f'\n{body}\n```'          # right after a code cell without output: one block
            else: out.append(f'```python\n{body}\n```')
        open_code = bool(body) and not c.get('outputs')
        for o in c.get('outputs', []):
            data = o.get('data', {})
            if 'text/markdown' in data: out.append(''.join(data['text/markdown']).strip())
            elif o.get('output_type') == 'stream': out.append('```\n' + ''.join(o['text']).rstrip() + '\n```')
            elif 'text/plain' in data and 'image/png' not in data: out.append('```\n' + ''.join(data['text/plain']).rstrip() + '\n```')
    out.append('<!-- generated from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file -->')
    return '\n\n'.join(out) + '\n'


if __name__ == '__main__':
    txt = render()
    readme = ROOT/'README.md'
    if '--check' in sys.argv:
        ok = readme.exists() and readme.read_text() == txt
        print('README.md is up to date' if ok else 'README.md is out of date: run python tools/readme.py')
        sys.exit(0 if ok else 1)
    readme.write_text(txt)
    print(f'wrote {readme}')
