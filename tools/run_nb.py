#!/usr/bin/env python
"""Execute notebooks top to bottom as a user would (not under `IN_TEST`), and save their outputs in place.

Usage: python tools/run_nb.py [--skip-slow | --scrub-only] nbs/05_baselines.ipynb [more notebooks]

`--skip-slow` leaves the `#| slow` cells unexecuted, with the outputs they hold. Outputs are written back
only if every cell ran, with this machine's paths made neutral (`scrub`: temporary folders as `<tmp>/…`, the
home folder as `~`), since readers see the kept outputs in the docs; `--scrub-only` does just that to the
outputs a notebook holds. Run `nbdev-clean` afterwards.
"""
import json, os, re, sys, tempfile, time
from pathlib import Path
from fastcore.nbio import read_nb, write_nb
from execnb.shell import CaptureShell


TMP = re.escape(tempfile.gettempdir().rstrip('/'))
HOME = re.escape(os.path.expanduser('~').rstrip('/'))


def scrub_text(s: str) -> str:
    "`s` with temporary folders written `<tmp>/…` and the home folder `~` (as `asd_nb.core.show_path` does)."
    return re.sub(rf'{HOME}(?=/)', '~', re.sub(rf'{TMP}(?=/)', '<tmp>', s))


def scrub(nb):
    "The notebook `nb` with this machine's paths made neutral in every text output."
    for c in nb.cells:
        for o in c.get('outputs', []):
            if 'text' in o: o['text'] = scrub_text(''.join(o['text']) if isinstance(o['text'], list) else o['text'])
            for k, v in o.get('data', {}).items():
                if k.startswith('text/'): o['data'][k] = scrub_text(''.join(v) if isinstance(v, list) else v)
    return nb


def is_slow(cell) -> bool:
    "A code cell marked `#| slow`."
    return cell.cell_type == 'code' and any(l.strip() in ('#| slow', '#|slow') for l in cell.source.splitlines()[:3])


if __name__ == '__main__':
    args = sys.argv[1:]
    skip_slow, scrub_only = '--skip-slow' in args, '--scrub-only' in args
    os.environ.pop("IN_TEST", None)
    os.environ.setdefault("ASD_NB_QUIET", "1")  # no progress-bar text in saved outputs
    for fn in (Path(a) for a in args if not a.startswith('--')):
        t0 = time.time()
        nb = read_nb(fn)
        if scrub_only:
            write_nb(scrub(nb), fn)
            continue
        sh = CaptureShell(fn, mpl_format='png')
        cwd = os.getcwd()
        os.chdir(fn.parent)
        try: sh.run_all(nb, exc_stop=True, verbose=False, preproc=is_slow if skip_slow else (lambda c: False))
        finally: os.chdir(cwd)
        write_nb(scrub(nb), fn)
        print(f'{fn}: ran in {time.time()-t0:.0f} s')
