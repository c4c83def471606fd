#!/usr/bin/env python
"""The autoencoders of several machine types trained one after the other, or several at once.

    python benchmarks/ae_jobs.py [--jobs 1 2] [--machines ToyCar fan gearbox valve] [--epochs 100] [--synth demo]

For each value of `--jobs`, `run_baselines(jobs=J)` trains the paper's autoencoder (`AECfg()`, 100 epochs
unless `--epochs`) on the training clips of `--machines` of a synthetic set, in a fresh folder, and scores
their test clips. Printed per J: the wall-clock seconds, the speed-up over the first J, the mean training
time of a type (in its own process for J > 1), and the hmean
AUC(source) / AUC(target) / pAUC of the MSE score. With `jobs=1` the run uses every thread of the process;
with J processes each gets 1/J of them. The results are identical at the same thread count (e.g. under
`OMP_NUM_THREADS=1`); another thread count rounds the sums differently, and 100 epochs turn that into
another model, as another seed would.
"""
import argparse, tempfile, time
from pathlib import Path
import pandas as pd
import torch
from asd_nb.baselines import AECfg, run_baselines
from asd_nb.data import scan
from asd_nb.metrics import METRICS
from asd_nb.synth import synth_root


def main(argv=None):
    p = argparse.ArgumentParser('ae_jobs', description=__doc__.split('\n\n')[0])
    p.add_argument('--jobs', type=int, nargs='+', default=[1, 2])
    p.add_argument('--machines', nargs='+', default=['ToyCar', 'fan', 'gearbox', 'valve'])
    p.add_argument('--epochs', type=int, default=100)
    p.add_argument('--synth', default='demo', help="the synthetic set: a SynthCfg preset ('demo', 'tiny', 'full')")
    a = p.parse_args(argv)
    if min(a.jobs) < 1 or a.epochs < 1: p.error('--jobs and --epochs must be at least 1')
    table = scan(synth_root(a.synth), machines=a.machines)
    cfg = AECfg(epochs=a.epochs)
    print(f'{a.synth} set, {len(a.machines)} machine types, {a.epochs} epochs, {torch.get_num_threads()} threads')
    first = None
    for j in a.jobs:
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            res = run_baselines(table, cfg, d, jobs=j)
            t = time.perf_counter() - t
            train = pd.read_csv(Path(d)/'ae_times.csv', index_col=0)['train']      # each type's training alone
        first = first or t
        hm = res['MSE'].loc['hmean', METRICS] * 100
        print(f'jobs={j}: {t:7.1f} s, speed-up {first / t:4.2f}; training per type {train.mean():6.1f} s; '
              'MSE hmean ' + ' / '.join(f'{v:.2f}' for v in hm))


if __name__ == '__main__':
    main()
