#!/usr/bin/env python
"""Execute notebooks top to bottom as a user would (not under `IN_TEST`), and save their outputs in place.

Usage: python tools/run_nb.py [--skip-slow] nbs/05_baselines.ipynb [more notebooks]

`--skip-slow` leaves the `#| slow` cells unexecuted, with the outputs they hold. Outputs are written back
only if every cell ran; run `nbdev-clean` afterwards.
"""
import os, sys, time
from pathlib import Path
from fastcore.nbio import read_nb, write_nb
from execnb.shell import CaptureShell


def is_slow(cell) -> bool:
    "A code cell marked `#| slow`."
    return cell.cell_type == 'code' and any(l.strip() in ('#| slow', '#|slow') for l in cell.source.splitlines()[:3])


if __name__ == '__main__':
    args = sys.argv[1:]
    skip_slow = '--skip-slow' in args
    os.environ.pop("IN_TEST", None)
    os.environ.setdefault("ASD_NB_QUIET", "1")  # no progress-bar text in saved outputs
    for fn in (Path(a) for a in args if a != '--skip-slow'):
        t0 = time.time()
        nb = read_nb(fn)
        sh = CaptureShell(fn, mpl_format='png')
        cwd = os.getcwd()
        os.chdir(fn.parent)
        try: sh.run_all(nb, exc_stop=True, verbose=False, preproc=is_slow if skip_slow else (lambda c: False))
        finally: os.chdir(cwd)
        write_nb(nb, fn)
        print(f'{fn}: ran in {time.time()-t0:.0f} s')
