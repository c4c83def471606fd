#!/usr/bin/env python
"""Execute notebooks top to bottom as a user would (not under `IN_TEST`), and save their outputs in place.

Usage: python tools/run_nb.py nbs/05_baselines.ipynb [more notebooks]

Outputs are written back only if every cell ran; run `nbdev-clean` afterwards.
"""
import os, sys, time
from pathlib import Path
from fastcore.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

if __name__ == '__main__':
    os.environ.pop("IN_TEST", None); os.environ.setdefault("ASD_NB_QUIET", "1")  # no progress-bar text in saved outputs
    for fn in map(Path, sys.argv[1:]):
        t0 = time.time()
        nb = read_nb(fn)
        sh = CaptureShell(fn, mpl_format='png')
        cwd = os.getcwd()
        os.chdir(fn.parent)
        try: sh.run_all(nb, exc_stop=True, verbose=False)
        finally: os.chdir(cwd)
        write_nb(nb, fn)
        print(f'{fn}: ran in {time.time()-t0:.0f} s')
