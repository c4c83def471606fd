#!/usr/bin/env python
"""Run every notebook top to bottom as Jupyter's "Run All" does on a fresh clone, and print how long each took.

Usage:
    python tools/run_all.py                                  # nbs/*.ipynb, then nbs/studies/*.ipynb, in name order
    python tools/run_all.py nbs/13_bad_input.ipynb nbs/studies/scale.ipynb --timeout 5

Each notebook runs in its own process, with its own folder as the working directory, NOT under `IN_TEST`
(so the demo preset, as a reader gets it) and every cell run, `#| slow` ones included. It runs a copy held
in memory: nothing is written back to the notebooks. The cache (datasets, corpora, results) is
`$ASD_NB_CACHE` if set, else a fresh temporary folder shared by the notebooks of this run and removed at its
end, as on a fresh clone. A notebook that runs longer than `--timeout` minutes is stopped and counted failed.

The table: notebook, wall time (s), and ok or failed with the error's first line (and its cell); then the
total. The exit status is 1 if any notebook failed.
"""
import argparse, os, shutil, signal, subprocess, sys, tempfile, time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def all_notebooks() -> list:
    "Every notebook of the project in the order a reader meets them: nbs/*.ipynb, then nbs/studies/*.ipynb."
    nbs = REPO/'nbs'
    return sorted(nbs.glob('*.ipynb')) + sorted((nbs/'studies').glob('*.ipynb'))


def run_child(fn: Path) -> int:
    "Execute the notebook `fn` in this process (from its folder); on an error print its first line and return 1."
    from fastcore.nbio import read_nb
    from execnb.shell import CaptureShell
    fn = fn.resolve()
    nb = read_nb(fn)
    sh = CaptureShell(fn, mpl_format='png')
    os.chdir(fn.parent)
    try: sh.run_all(nb, exc_stop=True, verbose=False)
    except BaseException as e:
        bad = next((i for i, c in enumerate(nb.cells)
                    if any(o.get('output_type') == 'error' for o in c.get('outputs', []))), None)
        msg = (f'{type(e).__name__}: {e}'.strip().splitlines() or [type(e).__name__])[0]
        print(f'RUN_ALL_ERROR {msg}' + (f' (cell {bad})' if bad is not None else ''), file=sys.stderr, flush=True)
        return 1
    return 0


def run_one(fn: Path, timeout_s: float, env: dict) -> tuple:
    "Run notebook `fn` in a fresh process with limit `timeout_s`; `(seconds, status)` with status 'ok' or 'failed: …'."
    t0 = time.perf_counter()
    fn = fn.resolve()
    p = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), '--child', str(fn)], env=env, cwd=fn.parent,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try: _, err = p.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)                  # the notebook's process and any it started
        p.communicate()
        return time.perf_counter() - t0, f'failed: timed out after {timeout_s / 60:g} min'
    secs = time.perf_counter() - t0
    if p.returncode == 0: return secs, 'ok'
    lines = [l for l in err.splitlines() if l.startswith('RUN_ALL_ERROR ')]
    why = lines[-1][len('RUN_ALL_ERROR '):] if lines else f'exit status {p.returncode}: {err.strip()[-200:]}'
    return secs, f'failed: {why}'


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('notebooks', nargs='*', type=Path, help='notebooks to run (default: all, in order)')
    p.add_argument('--timeout', type=float, default=15, help='minutes a notebook may run (default: 15)')
    a = p.parse_args(argv)
    nbs = a.notebooks or all_notebooks()
    for fn in nbs:
        if not fn.exists(): p.error(f'{fn}: no such notebook')
    env = dict(os.environ)
    env.pop('IN_TEST', None)
    own_cache = not env.get('ASD_NB_CACHE')
    if own_cache: env['ASD_NB_CACHE'] = tempfile.mkdtemp(prefix='asd_nb_cache_')
    print(f"cache: {env['ASD_NB_CACHE']}{' (fresh, removed at the end)' if own_cache else ''}", flush=True)
    rows, total = [], 0.
    w = max(len(str(fn)) for fn in nbs)
    print(f"{'notebook':{w}s} {'time (s)':>9s}  status", flush=True)
    try:
        for fn in nbs:
            secs, status = run_one(Path(fn), a.timeout * 60, env)
            total += secs
            rows.append(status == 'ok')
            print(f'{str(fn):{w}s} {secs:9.0f}  {status}', flush=True)
    finally:
        if own_cache: shutil.rmtree(env['ASD_NB_CACHE'], ignore_errors=True)
    print(f"{'total':{w}s} {total:9.0f}  {sum(rows)} of {len(rows)} ok", flush=True)
    return 0 if all(rows) else 1


if __name__ == '__main__':
    if sys.argv[1:2] == ['--child']: sys.exit(run_child(Path(sys.argv[2])))
    sys.exit(main())
