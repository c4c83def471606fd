#!/usr/bin/env python
"""Steps 1–3 measured: pseudo-label quality and the Proposed column of Table 1 for every pre-training corpus ×
AlexNet input, and for the randomly initialised network (no step 1), over several seeds.

For each seed, input ('stft' = the paper's input, [8]'s spectrogram; 'logmel') and corpus ('generated' = the
generated many-class corpus, 'data' = the training clips of every machine type of the data root, 'none' = no
pre-training), `asd_nb.pipeline.run` runs the proposed method alone on a synthetic data set (default: the demo
set with the demo preset). It prints, and writes to --out, per configuration: NMI and ARI of the pseudo labels
against the hidden attributes of each attribute-less machine type, and the hmean row of the Proposed column;
then the mean ± std over the seeds. The AdaCos model without pseudo labels is run once per seed as the reference.
With --pseudo-only, steps 1–3 alone (`run(pseudo_only=True)`): NMI and ARI, no AdaCos model and no Table 1 — a
fraction of the time, e.g. for the full-size synthetic set (--data-root).

Seeds: `--seeds N` runs seeds 0..N-1 (default 3); `--seed-list 0 3 5` runs those seeds.

Usage: python benchmarks/pseudo_labels.py [--preset demo] [--seeds 3 | --seed-list 0 1 2] [--inputs stft logmel]
                                          [--corpora none generated data] [--data-root DIR] [--pseudo-only]
                                          [--work DIR] [--out results.csv]
"""
import argparse, sys, time
from pathlib import Path


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--preset', default='demo')
    seeds = p.add_mutually_exclusive_group()
    seeds.add_argument('--seeds', type=int, default=3, help='how many seeds: 0..N-1 (default 3)')
    seeds.add_argument('--seed-list', type=int, nargs='+', default=None, help='these seeds instead of 0..N-1')
    p.add_argument('--inputs', nargs='+', default=['stft', 'logmel'])
    p.add_argument('--corpora', nargs='+', default=['none', 'generated', 'data'])
    p.add_argument('--data-root', default=None, help='default: the synthetic data set of the preset')
    p.add_argument('--pseudo-only', action='store_true', help='steps 1-3 alone: pseudo-label quality, no AdaCos model')
    p.add_argument('--work', default='benchmark_runs/pseudo_labels', help='where the runs go (resumable)')
    p.add_argument('--out', default=None, help='CSV of every run (default: <work>/results.csv)')
    a = p.parse_args(argv)
    if a.seed_list is None and a.seeds < 1: p.error('--seeds must be at least 1')
    seed_list = a.seed_list if a.seed_list is not None else list(range(a.seeds))
    import pandas as pd
    from asd_nb.pipeline import run
    work = Path(a.work)
    out = Path(a.out) if a.out else work/'results.csv'
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = []

    def hmean(r, meth):
        "The hmean row of the method's Table 1 column (none for a pseudo-labels-only run)."
        if r.table is None: return {}
        return {f'hmean {k}': r.table.loc[('All (hmean)', k), meth] for k in ('AUC(source)', 'AUC(target)', 'pAUC')}

    for seed in seed_list:
        if not a.pseudo_only:
            t0 = time.perf_counter()
            r = run(a.data_root, work/f'adacos-s{seed}', a.preset, methods=['AdaCos'], seed=seed, seeds=1,
                    figures=False, verbose=False)
            rows.append(dict(seed=seed, input='-', corpus='-', method='AdaCos', seconds=time.perf_counter() - t0,
                             **hmean(r, 'AdaCos')))
        for inp in a.inputs:
            for corpus in a.corpora:
                t0 = time.perf_counter()
                d = work/f'{inp}-{corpus}-s{seed}'
                r = run(a.data_root, d, a.preset, methods=['Proposed'], seed=seed, seeds=1, corpus=corpus,
                        overrides=[f'alexnet.input="{inp}"'], figures=False, verbose=False, pseudo_only=a.pseudo_only)
                q = pd.read_csv(d/'pseudo_quality.csv', index_col=0)
                row = dict(seed=seed, input=inp, corpus=corpus, method='Proposed', seconds=time.perf_counter() - t0,
                           **hmean(r, 'Proposed'))
                for m, qr in q.iterrows(): row[f'NMI {m}'], row[f'ARI {m}'] = qr.nmi, qr.ari
                rows.append(row)
                print(pd.DataFrame([row]).round(3).to_string(index=False), flush=True)
        pd.DataFrame(rows).to_csv(out, index=False)
    df = pd.DataFrame(rows)
    for kind in ('NMI', 'ARI'):                     # the mean over the attribute-less machine types
        per_machine = [c for c in df.columns if c.startswith(f'{kind} ')]
        if per_machine: df[f'mean {kind}'] = df[per_machine].mean(axis=1)
    num = [c for c in df.columns if c.startswith(('NMI', 'ARI', 'mean ', 'hmean'))]
    g = df.groupby(['method', 'input', 'corpus'], sort=False)
    fmt = lambda t: t.map('{:.3f}'.format)          # 'nan' for the std of one seed (astype(str) would leave NaN)
    summary = (fmt(g[num].mean()) + ' ± ' + fmt(g[num].std(ddof=1))).assign(seeds=g.size())
    print(f'\nmean ± std over seeds {seed_list} ({a.preset} preset):')
    print(summary.to_string())
    summary.to_csv(out.with_name(out.stem + '_summary.csv'))
    return df


if __name__ == '__main__': main(sys.argv[1:])
