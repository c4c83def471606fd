#!/usr/bin/env python
"""Convert notebooks to and from a plain-text cell format, for editing notebooks with text tools.

The text format is a sequence of cells, each introduced by a line `%% md` or `%% code` at column 0:

    %% md
    # Title
    %% code
    #| export
    def f(): ...

Usage:
    python tools/nbtxt.py tonb  draft.nbtxt nbs/01_data.ipynb   # text -> notebook (keeps outputs of unchanged cells)
    python tools/nbtxt.py totxt nbs/01_data.ipynb draft.nbtxt   # notebook -> text
"""
import json, sys, uuid
from pathlib import Path


def read_txt(path):
    "Cells `(kind, source)` of the text file at `path`."
    cells, kind, buf = [], None, []
    for line in Path(path).read_text().splitlines():
        if line in ('%% md', '%% code'):
            if kind: cells.append((kind, '\n'.join(buf).strip('\n')))
            kind, buf = line[3:], []
        else: buf.append(line)
    if kind: cells.append((kind, '\n'.join(buf).strip('\n')))
    return cells


def _src(s): return s.splitlines(keepends=True)


def tonb(txt, nb_path):
    "Write the cells of `txt` to the notebook `nb_path`, keeping the outputs of code cells whose source is unchanged."
    nb_path = Path(nb_path)
    old, ids = {}, {}
    if nb_path.exists():
        for c in json.loads(nb_path.read_text())['cells']:
            src = ''.join(c['source'])
            ids.setdefault((c['cell_type'], src), []).append(c.get('id'))
            if c['cell_type'] == 'code': old[src] = c.get('outputs', [])
    cells = []
    for kind, src in read_txt(txt):
        typ = 'markdown' if kind == 'md' else 'code'
        same = ids.get((typ, src))
        cid = same.pop(0) if same else uuid.uuid4().hex[:8]   # unchanged cells keep their id
        if kind == 'md': cells.append(dict(cell_type='markdown', id=cid, metadata={}, source=_src(src)))
        else: cells.append(dict(cell_type='code', id=cid, execution_count=None, metadata={},
                                outputs=old.get(src, []), source=_src(src)))
    nb = dict(cells=cells, metadata=dict(kernelspec=dict(display_name='python3', language='python', name='python3')),
              nbformat=4, nbformat_minor=5)
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')


def totxt(nb_path, txt):
    "Write the cells of notebook `nb_path` to the text file `txt`."
    out = []
    for c in json.loads(Path(nb_path).read_text())['cells']:
        out.append('%% md' if c['cell_type'] == 'markdown' else '%% code')
        out.append(''.join(c['source']))
    Path(txt).write_text('\n'.join(out) + '\n')


if __name__ == '__main__':
    cmd, a, b = sys.argv[1:4]
    {'tonb': tonb, 'totxt': totxt}[cmd](a, b)
