#!/usr/bin/env python
"""The autoencoder baseline of asd_nb against the official DCASE baseline's `train.py`, on the same files.

    python benchmarks/ae_vs_official.py --official DIR [--python PY] [--clips 130] [--seconds 4] [--epochs 100]
                                        [--threads 1] [--apart] [--repeat 1] [--keep DIR] [--out DIR --label NAME]

DIR is a checkout of nttcslab/dcase2023_task2_baseline_ae (tag v3.3.0 is the DCASE 2024 baseline asd_nb
implements; its requirements, librosa among them, installed for PY). One synthetic fan set in the DCASE layout
(`--clips` training clips of `--seconds` s, 10 of them target domain) is made once; then, with cold caches:

- asd_nb: `python -m asd_nb.baselines --preset paper --machines fan` (features, 100 epochs, covariances,
  thresholds, and the scores and metrics of the test clips: the whole command);
- official: `train.py --dataset DCASE2024T2fan -d --train_only --use_cuda False` in a copy of DIR whose
  `data/dcase2024t2/dev_data/raw/fan` is the same folder (features, 100 epochs, the covariance epoch, the
  gamma fits; no test).

Both run at once by default, each with `--threads` threads (two commands on two cores share nothing but
memory bandwidth); `--apart` runs them one after the other. `--repeat N` does that N times (caches cold each
time). Printed: wall and CPU seconds of each process and the ratio official / asd_nb of every round; with
N > 1 also the ratio of the fastest runs (min over rounds: a shared machine only ever adds time, so the
minimum is the least disturbed measure of each command), the ratio of the medians and the rounds' ratios as
mean ± std. `--out DIR` appends the rounds to DIR/series.csv and the summary to DIR/summary.csv, under the
series name `--label` (the files nbs/studies/ae_vs_official.ipynb reads).
"""
import argparse, os, shutil, subprocess, sys, tempfile, time
import numpy as np
import pandas as pd
from pathlib import Path


def _fan_set(root: Path, clips: int, seconds: float) -> Path:
    from asd_nb.synth import SynthCfg, make_synth
    n_target = min(10, clips // 2)
    cfg = SynthCfg(machines=('fan',), n_train_source=clips - n_target, n_train_target=n_target, n_test=5,
                   length_scale=seconds / 10, difficulty='plain')
    return make_synth(root, cfg)


def _start(cmd, cwd, env, log):
    with open(log, 'w') as f: return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT)


def _wait(p, t0):
    "(wall s, CPU s) of the finished child `p` started at `t0` (its own rusage, children included)."
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, ru.ru_utime + ru.ru_stime


def _round(jobs: dict, env: dict, apart: bool) -> dict:
    "{name: (process, wall s, CPU s)} of one run of every job: one after the other if `apart`, else all at once."
    res = {}
    if apart:
        for k, (cmd, cwd, log) in jobs.items():
            t0 = time.perf_counter(); pr = _start(cmd, cwd, env, log); res[k] = (pr, *_wait(pr, t0))
    else:
        t0 = time.perf_counter()
        started = {k: _start(cmd, cwd, env, log) for k, (cmd, cwd, log) in jobs.items()}
        for k, pr in started.items(): res[k] = (pr, *_wait(pr, t0))
    return res


def summary(asd_nb_s, official_s) -> dict:
    "Ratios official / asd_nb of the fastest runs, of the medians, and the rounds' ratios as mean and std (ddof 1)."
    wo, wt = np.asarray(asd_nb_s, float), np.asarray(official_s, float)
    r = wt / wo
    return dict(rounds=len(r), fastest=wt.min() / wo.min(), median=np.median(wt) / np.median(wo),
                mean=r.mean(), std=r.std(ddof=1) if len(r) > 1 else np.nan)


def _append(path: Path, rows: list):
    "Append `rows` (dicts) to the CSV file `path` (header only when it is new)."
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(path, mode='a', header=not path.exists(), index=False)


def main(argv=None):
    p = argparse.ArgumentParser('ae_vs_official', description=__doc__.split('\n\n')[0])
    p.add_argument('--official', required=True, help='checkout of nttcslab/dcase2023_task2_baseline_ae (train.py inside)')
    p.add_argument('--python', default=sys.executable, help="interpreter for the official code (default: this one)")
    p.add_argument('--clips', type=int, default=130, help='training clips of the fan set')
    p.add_argument('--seconds', type=float, default=4.0, help='clip length (s)')
    p.add_argument('--epochs', type=int, default=100)
    p.add_argument('--threads', type=int, default=1, help='threads of each command (OMP/MKL/torch)')
    p.add_argument('--apart', action='store_true', help='one command after the other instead of both at once')
    p.add_argument('--repeat', type=int, default=1, help='rounds (each with cold caches); summary of all at the end')
    p.add_argument('--keep', default=None, help='work in this folder and keep it (default: a temporary one)')
    p.add_argument('--out', default=None, help='append the rounds and their summary to series.csv, summary.csv here')
    p.add_argument('--label', default=None, help='series name in the --out files (default: the protocol)')
    a = p.parse_args(argv)
    off = Path(a.official).expanduser().resolve()
    if a.repeat < 1: p.error(f'--repeat {a.repeat}: at least one round')
    if not (off/'train.py').is_file(): p.error(f'{off}: no train.py there (a checkout of nttcslab/dcase2023_task2_baseline_ae?)')
    work = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix='ae_vs_official_'))
    work.mkdir(parents=True, exist_ok=True)
    try:
        data = _fan_set(work/'synth', a.clips, a.seconds)
        offw = work/'official'
        if offw.exists(): shutil.rmtree(offw)
        shutil.copytree(off, offw, ignore=shutil.ignore_patterns('.git', 'data'))
        raw = offw/'data'/'dcase2024t2'/'dev_data'/'raw'
        raw.mkdir(parents=True)
        (raw/'fan').symlink_to((data/'dev_data'/'raw'/'fan').resolve())
        n = str(a.threads)
        env = {**os.environ, 'OMP_NUM_THREADS': n, 'MKL_NUM_THREADS': n, 'OPENBLAS_NUM_THREADS': n,
               'ASD_NB_CACHE': str(work/'cache'), 'ASD_NB_QUIET': '1', 'CUDA_VISIBLE_DEVICES': ''}
        ours = [sys.executable, '-m', 'asd_nb.baselines', '--root', str(data), '--out', str(work/'asd_nb_out'),
                '--preset', 'paper', '--machines', 'fan', '--epochs', str(a.epochs), '--device', 'cpu']
        theirs = [a.python, 'train.py', '--dataset=DCASE2024T2fan', '-d', '--train_only', '--use_cuda', 'False',
                  '--epochs', str(a.epochs), '-tag=bench']
        jobs = {'asd_nb (python -m asd_nb.baselines)': (ours, Path.cwd(), work/'asd_nb.log'),
                'official (train.py --train_only)': (theirs, offw, work/'official.log')}
        how = 'one after the other' if a.apart else 'both at once'
        print(f'fan, {a.clips} training clips of {a.seconds:g} s, {a.epochs} epochs, {a.threads} thread(s) each, {how}, cold caches')
        rounds, proc = [], offw/'data'/'dcase2024t2'/'dev_data'/'processed'   # proc: the official feature pickles
        for r in range(a.repeat):
            for d in (work/'cache', work/'asd_nb_out', proc):             # cold caches on both sides, every round
                if d.exists(): shutil.rmtree(d)
            proc.mkdir()
            res = _round(jobs, env, a.apart)
            bad = [f'{k} exited {pr.returncode} (log: {jobs[k][2]})' for k, (pr, *_) in res.items() if pr.returncode]
            if bad:
                a.keep = a.keep or str(work)
                sys.exit('failed: ' + '; '.join(bad))
            if a.repeat > 1: print(f'round {r + 1} of {a.repeat}')
            print(f'{"command":40s} {"wall s":>8s} {"CPU s":>8s}')
            for k, (_, w, c) in res.items(): print(f'{k:40s} {w:8.1f} {c:8.1f}')
            (_, wo, co), (_, wt, ct) = res.values()
            print(f'official / asd_nb: {wt / wo:.2f}x (wall), {ct / co:.2f}x (CPU)', flush=True)
            rounds.append((wo, wt, co, ct))
        wo, wt, co, ct = np.array(rounds).T
        sm = summary(wo, wt)
        if a.repeat > 1:
            print(f'{a.repeat} rounds, wall s: asd_nb min {wo.min():.1f}, median {np.median(wo):.1f}; '
                  f'official min {wt.min():.1f}, median {np.median(wt):.1f}')
            print(f"official / asd_nb: {sm['fastest']:.2f}x (fastest runs), {sm['median']:.2f}x (medians), "
                  f"{sm['mean']:.2f} ± {sm['std']:.2f}x (rounds)")
        if a.out:
            label = a.label or f'{how}, {a.threads} thread(s) each'
            _append(Path(a.out)/'series.csv', [dict(series=label, threads=a.threads, apart=a.apart, round=i + 1,
                                                    asd_nb_s=round(w0, 1), official_s=round(w1, 1),
                                                    asd_nb_cpu_s=round(c0, 1), official_cpu_s=round(c1, 1))
                                               for i, (w0, w1, c0, c1) in enumerate(rounds)])
            _append(Path(a.out)/'summary.csv', [dict(series=label, **{k: round(v, 2) for k, v in sm.items()})])
    finally:
        if not a.keep: shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__': main()
