#!/usr/bin/env python
"""Why the AdaCos system (Wilkinghoff's model, `asd_nb.adacos`) is weaker in the SOURCE domain than in the target domain.

AUC(source) pairs the source-domain normal test clips (sn) with ALL anomalous test clips, source (sa) and target (ta).
With equally many sa and ta clips (the DCASE layout) it is exactly the mean of two parts:
    AUC(source) = ½·AUC(sn vs sa) + ½·AUC(sn vs ta)        (in general weighted by the numbers of sa and ta clips)
and likewise AUC(target) = ½·AUC(tn vs sa) + ½·AUC(tn vs ta).

The script trains the detector once per (variant, seed), stores the embeddings of the training clips (computed as
`AdaCosDetector.fit` computes them: tiled and cropped at the training offset) and of the test clips, then scores the
test clips with several scoring back ends WITHOUT retraining:
    paper            k-means (n_centres = 16) of the source training embeddings + every target training embedding
    paper+unit       the same with the k-means centres renormalised to unit length (true cosine distance)
    src-only         the 16 k-means source centres alone (no target centres)
    tgt-only         the target training embeddings alone
    k=1, k=4, k=64   other numbers of k-means source centres (+ target embeddings)
    1-NN             every source training embedding as a centre (+ target embeddings)
    class-means      mean of each source class (+ target embeddings)  (AdaCosCfg.source_centres = 'class_means')
    paper@offset0    'paper' with the training clips embedded as the test clips are (offset 0, not the random
                     training crop); variant 'tile' only (one more embedding pass)
Training variants:
    tile      the demo preset as it is (length_mode 'tile')
    pad       length_mode 'pad' (zero-padding, centred: the 2024 code)
    oracle    attribute-less types trained with their hidden attribute strings as class labels (pseudo labels)
    y25-own   demo 2025 data set, development types only (7 types)
    y25-all   demo 2025 data set, development + evaluation-set types (15 types); scored on the development test clips

Printed: (1) per variant × back end hmean AUC(source) / AUC(target) / pAUC and the two parts of AUC(source),
mean ± std over seeds; (2) per machine type AUC(source) and its parts, attribute-less vs attributed;
(3) diagnostics: mean test scores per group (sn, sa, tn, ta), the fraction of target anomalies whose nearest centre
is a target training clip, and the norm of the k-means centres.

Every fit is cached in --out (fits/<variant>_s<seed>.npz): a rerun only rescores. `--tables DIR` also writes the
summary tables as CSV (hmean.csv, per_type.csv, groups.csv, where.csv; AUCs in %), the files that
nbs/studies/adacos_source.ipynb reads.

Usage:
    python benchmarks/adacos_source.py [--variants tile pad oracle y25-own y25-all] [--seed-list 0 10]
                                       [--preset demo] [--set epochs=5 ...] [--out /tmp/adacos_source] [--markdown]
                                       [--cached-only] [--ae] [--tables DIR]
Runtime (2 shared CPU cores, demo preset): about 50 s per demo fit, 60–110 s per 2025 fit; rescoring about 1 min.
"""
import argparse, json, os, sys, time
from pathlib import Path

import numpy as np
import pandas as pd

VARIANTS = {
    'tile':    dict(data='demo', set={}),
    'pad':     dict(data='demo', set=dict(length_mode='pad')),
    'oracle':  dict(data='demo', set={}, oracle=True),
    'y25-own': dict(data='demo25', set={}, train_on='own'),
    'y25-all': dict(data='demo25', set={}, train_on='all'),
}
BACKENDS = ['paper', 'paper+unit', 'src-only', 'tgt-only', 'k=1', 'k=4', 'k=64', '1-NN', 'class-means', 'paper@offset0']
PARTS = ['auc_source', 'auc_target', 'pauc', 'sn_sa', 'sn_ta', 'tn_sa', 'tn_ta']


def load_table(v: dict):
    from asd_nb.synth import synth_root
    from asd_nb.data import scan, run_table
    if v['data'] == 'demo': return scan(synth_root('demo', difficulty='plain'))
    root = synth_root('demo', year=2025, eval_set=True, difficulty='plain')     # the study's set: the plain generator
    table, _ = run_table(root, 'dev', train_on=v['train_on'])
    return table


def fit_one(name: str, seed: int, args, cache: Path) -> dict:
    "Train (or load from the cache) one detector; its training and test embeddings."
    f = cache/f'{name}_s{seed}.npz'
    if f.exists(): return dict(np.load(f, allow_pickle=True))
    if args.cached_only: return None
    import torch
    from asd_nb.adacos import AdaCosCfg, AdaCosDetector, build_classes, cosine_score, _parse_set
    v = VARIANTS[name]
    table = load_table(v)
    train = table[table.split == 'train'].reset_index(drop=True)
    test = table[(table.split == 'test') & table.label.notna()].reset_index(drop=True)
    cfg = AdaCosCfg.preset(args.preset, **{**_parse_set(args.set), **v['set'], 'seed': seed})
    pseudo = None
    if v.get('oracle'):
        m = train.attr_str.isin(['noAttribute']) | train.attr_str.isna()
        pseudo = dict(zip(train.path[m], train.hidden[m].astype(str)))
    import asd_nb.adacos as A
    cap, orig = [], A.embed_waves
    def record(*x, **k):                                  # keep the training embeddings fit computes (saves a pass)
        e = orig(*x, **k)
        if str(k.get('desc', '')).startswith('embedding training clips'): cap.append(e)
        return e
    t0 = time.time()
    A.embed_waves = record
    try: det = AdaCosDetector(cfg).fit(train, pseudo)
    finally: A.embed_waves = orig
    t_fit = time.time() - t0
    y, classes = build_classes(train, pseudo)
    Etr = np.stack(cap)
    Ete = det.embed(test, concat=False)
    sec = (test.machine.astype(str) + '|' + test.section.astype(str)).to_numpy()
    det_score = np.zeros(len(test))                        # AdaCosDetector.score from the embeddings (its own centres)
    for key in np.unique(sec):
        q = sec == key
        det_score[q] = sum(cosine_score(Ete[k][q], c) for k, c in enumerate(det.centres[key]))
    extra = dict(Etr0=det.embed(train, concat=False)) if args.offset0 and name == 'tile' else {}   # embedded as the test clips are
    out = dict(Etr=Etr, Ete=Ete, y=y, det_score=det_score, **extra, fit_s=t_fit, total_s=time.time() - t0,
               tr_machine=train.machine.astype(str).values, tr_section=train.section.astype(str).values,
               tr_domain=train.domain.astype(str).values, tr_attr=train.attr_str.fillna('noAttribute').astype(str).values,
               te_machine=test.machine.astype(str).values, te_section=test.section.astype(str).values,
               te_domain=test.domain.astype(str).values, te_y=(test.label == 'anomaly').astype(int).values,
               n_classes=len(classes))
    np.savez(f, **out)
    print(f'  fitted {name} seed {seed}: {t_fit:.0f} s training, {time.time() - t0:.0f} s in all', flush=True)
    return out


def _auc(neg, pos):
    from sklearn.metrics import roc_auc_score
    return roc_auc_score(np.r_[np.zeros(len(neg)), np.ones(len(pos))], np.r_[neg, pos])


def score_backends(F: dict, backends) -> tuple:
    "Test scores `{backend: scores}` (members summed) and per-section diagnostics of one fit."
    from asd_nb.adacos import section_centres, cosine_score
    from asd_nb.core import l2_normalize
    sec_tr = np.char.add(np.char.add(F['tr_machine'].astype(str), '|'), F['tr_section'].astype(str))
    sec_te = np.char.add(np.char.add(F['te_machine'].astype(str), '|'), F['te_section'].astype(str))
    M = F['Ete'].shape[0]
    out = {b: np.zeros(len(sec_te)) for b in backends if b != 'paper@offset0' or 'Etr0' in F}
    diag = []
    for key in np.unique(sec_te):
        r, q = sec_tr == key, sec_te == key
        dom, y = F['tr_domain'][r], F['y'][r]
        src = dom == 'source'
        for k in range(M):
            et, ee = F['Etr'][k][r], F['Ete'][k][q]
            e0 = F['Etr0'][k][r] if 'Etr0' in F else et
            km = {}
            def kmc(n, emb=et):
                if (n, id(emb)) not in km: km[(n, id(emb))] = section_centres(emb[src], dom[src], n_centres=n, seed=0)
                return km[(n, id(emb))]
            tgt, tgt0 = et[~src], e0[~src]
            C = {'paper': np.r_[kmc(16), tgt], 'paper+unit': np.r_[l2_normalize(kmc(16)), tgt], 'src-only': kmc(16),
                 'tgt-only': tgt, 'k=1': np.r_[kmc(1), tgt], 'k=4': np.r_[kmc(4), tgt], 'k=64': np.r_[kmc(64), tgt],
                 '1-NN': np.r_[et[src], tgt],
                 'class-means': section_centres(et, dom, y, method='class_means'),
                 'paper@offset0': np.r_[kmc(16, e0), tgt0]}
            for b in backends:
                if b in out: out[b][q] += cosine_score(ee, C[b])
            # diagnostics (paper back end): which kind of centre is nearest, norms of the k-means centres
            cs = kmc(16)
            d_s, d_t = cosine_score(ee, cs), cosine_score(ee, tgt)
            yy, dd = F['te_y'][q], F['te_domain'][q]
            g = {'sn': (dd == 'source') & (yy == 0), 'sa': (dd == 'source') & (yy == 1),
                 'tn': (dd == 'target') & (yy == 0), 'ta': (dd == 'target') & (yy == 1)}
            diag.append(dict(machine=key.split('|')[0], member=k, centre_norm=float(np.linalg.norm(cs, axis=1).mean()),
                             **{f'near_tgt_{n}': float((d_t[m] < d_s[m]).mean()) for n, m in g.items()},
                             **{f'dsrc_{n}': float(d_s[m].mean()) for n, m in g.items()},
                             **{f'dtgt_{n}': float(d_t[m].mean()) for n, m in g.items()}))
    return out, pd.DataFrame(diag)


def metrics(F: dict, s: np.ndarray) -> pd.DataFrame:
    "Per machine type: AUC(source), AUC(target), pAUC and the parts sn-sa, sn-ta, tn-sa, tn-ta."
    from asd_nb.metrics import auc_scores
    rows = {}
    for m in np.unique(F['te_machine']):
        q = F['te_machine'] == m
        y, d, x = F['te_y'][q], F['te_domain'][q], s[q]
        g = lambda dom, lab: x[(d == dom) & (y == lab)]
        rows[m] = dict(**auc_scores(y, x, d), sn_sa=_auc(g('source', 0), g('source', 1)), sn_ta=_auc(g('source', 0), g('target', 1)),
                       tn_sa=_auc(g('target', 0), g('source', 1)), tn_ta=_auc(g('target', 0), g('target', 1)))
    return pd.DataFrame(rows).T


def ae_rows(args) -> pd.DataFrame:
    "Per machine type metrics and AUC(source) parts of the DCASE autoencoders (AE-MSE, AE-MAHALA) on the demo set, seed 0."
    from asd_nb.baselines import AECfg, run_baselines, METHODS
    from asd_nb.metrics import read_submission
    table = load_table(VARIANTS['tile'])
    out = Path(args.out)/'ae'
    run_baselines(table, AECfg.preset(args.preset), out_dir=out)          # resumes from out/models
    rows = []
    for meth in METHODS:
        for m, g in table[table.split == 'test'].groupby('machine'):
            sc = read_submission(out/meth, m).set_index('file').score
            F = dict(te_machine=g.machine.astype(str).values, te_domain=g.domain.astype(str).values,
                     te_y=(g.label == 'anomaly').astype(int).values)
            rows.append(metrics(F, sc.loc[g.file].to_numpy()).assign(variant='tile', seed=0, backend=f'AE-{meth}'))
    return pd.concat(rows).rename_axis('machine').reset_index()


def hm(x) -> float:
    from scipy.stats import hmean
    return float(hmean(np.maximum(np.asarray(x, float), 1e-12)))


def pm(g: pd.Series, d: int = 1) -> str:
    "mean ± std (in %) of the values of `g` (std over seeds, ddof 1)."
    v = 100 * g.to_numpy(float)
    return f'{v.mean():.{d}f} ± {v.std(ddof=1):.{d}f}' if len(v) > 1 else f'{v.mean():.{d}f}'


def to_md(df: pd.DataFrame) -> str:
    "A markdown table (without the optional tabulate package)."
    idx = [' / '.join(map(str, i)) if isinstance(i, tuple) else str(i) for i in df.index]
    head = '| ' + ' | '.join([' / '.join(n for n in df.index.names if n) or ''] + [str(c) for c in df.columns]) + ' |'
    rows = ['| ' + ' | '.join([i] + [str(v) for v in r]) + ' |' for i, r in zip(idx, df.itertuples(index=False))]
    return '\n'.join([head, '|' + ':--|' * (len(df.columns) + 1)] + rows)


def show(df: pd.DataFrame, md: bool):
    print(to_md(df) if md else df.to_string(), end='\n\n', flush=True)


def _mean_std(df: pd.DataFrame, by: list, cols: list) -> pd.DataFrame:
    "Mean and std (ddof 1; empty for one seed) over the seeds of `cols` (fractions) per `by`, in %, and the seed count."
    g = df.groupby(by)
    out = g[cols].mean().mul(100).round(2)
    std = g[cols].std(ddof=1).mul(100).round(2)
    for c in cols: out.insert(out.columns.get_loc(c) + 1, f'{c}_std', std[c])
    out.insert(0, 'seeds', g.size())
    return out.reset_index()


def study_tables(per: pd.DataFrame, diags: pd.DataFrame) -> dict:
    "The summary tables of the study (hmean, per_type, groups, where) as data frames, AUCs in %."
    H = per.groupby(['variant', 'backend', 'seed'])[PARTS].agg(hm).reset_index()
    four = ['auc_source', 'sn_sa', 'sn_ta', 'auc_target']
    P = per[per.backend == 'paper']
    T = _mean_std(P, ['variant', 'machine'], four)
    S = _mean_std(per[per.backend == 'src-only'], ['variant', 'machine'], ['auc_source', 'sn_ta'])
    S = S.drop(columns='seeds').rename(columns=lambda c: c.replace('auc_source', 'auc_source_srconly')
                                       .replace('sn_ta', 'sn_ta_srconly') if c.startswith(('auc', 'sn')) else c)
    info = diags.groupby(['variant', 'machine']).agg(attr_less=('attr_less', 'first'), classes=('n_classes', 'first'))
    T = info.reset_index().merge(T.drop(columns='seeds'), on=['variant', 'machine']).merge(S, on=['variant', 'machine'])
    G = _mean_std(P.groupby(['variant', 'attr_less', 'seed'])[four].mean().reset_index(), ['variant', 'attr_less'], four)
    G.insert(1, 'group', G.pop('attr_less').map({True: 'attribute-less', False: 'attributed'}))
    G.insert(2, 'seeds', G.pop('seeds'))
    W = diags.groupby(['variant', 'attr_less'])[[f'{k}_{g}' for g in ('sn', 'sa', 'tn', 'ta')
                                                 for k in ('near_tgt', 'dsrc', 'dtgt')]].mean().round(3).reset_index()
    W.insert(1, 'group', W.pop('attr_less').map({True: 'attribute-less', False: 'attributed'}))
    hmean = _mean_std(H, ['variant', 'backend'], PARTS)
    hmean.insert(2, 'seeds', hmean.pop('seeds'))
    return dict(hmean=hmean, per_type=T, groups=G, where=W)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument('--variants', nargs='*', default=list(VARIANTS), choices=list(VARIANTS))
    p.add_argument('--seed-list', nargs='*', type=int, default=[0, 10],
                   help='AdaCosCfg.seed values (member k of seed s trains with seed 1000·s + k)')
    p.add_argument('--preset', default='demo')
    p.add_argument('--set', nargs='*', default=[], metavar='FIELD=VALUE', help='AdaCosCfg fields for every variant')
    p.add_argument('--backends', nargs='*', default=BACKENDS, choices=BACKENDS)
    p.add_argument('--out', default='/tmp/adacos_source')
    p.add_argument('--no-offset0', dest='offset0', action='store_false', help="skip the extra embedding pass of 'paper@offset0' (variant tile only)")
    p.add_argument('--ae', action='store_true', help='also the AE-MSE / AE-MAHALA baselines on the demo set (one seed), same decomposition')
    p.add_argument('--cached-only', action='store_true', help='report only the fits already in the cache (train nothing)')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--markdown', action='store_true', help='print the tables as markdown')
    p.add_argument('--tables', default=None, metavar='DIR', help='also write the summary tables as CSV into DIR')
    a = p.parse_args(argv)
    os.environ.setdefault('ASD_NB_QUIET', '1')
    import torch; torch.set_num_threads(a.threads)
    t0 = time.time()
    cache = Path(a.out)/'fits'; cache.mkdir(parents=True, exist_ok=True)
    if a.set: cache = cache/'_'.join(sorted(a.set)).replace('/', '_'); cache.mkdir(exist_ok=True)
    per, diags, fit_s = [], [], []
    for name in a.variants:
        for seed in a.seed_list:
            F = fit_one(name, seed, a, cache)
            if F is None: print(f'  {name} seed {seed}: not in the cache, left out (--cached-only)'); continue
            fit_s.append(dict(variant=name, seed=seed, fit_s=float(F['fit_s']), total_s=float(F['total_s'])))
            S, D = score_backends(F, a.backends)
            gap = np.abs(S['paper'] - F['det_score']).max() if 'paper' in S else 0.
            if gap > 1e-6: print(f'WARNING {name} seed {seed}: paper back end differs from AdaCosDetector.score by {gap:.2e}')
            for b, s in S.items():
                r = metrics(F, s).assign(variant=name, seed=seed, backend=b)
                per.append(r.rename_axis('machine').reset_index())
            attr_less = {m for m in np.unique(F['tr_machine']) if set(F['tr_attr'][F['tr_machine'] == m]) == {'noAttribute'}}
            n_cls = pd.Series(F['y']).groupby(F['tr_machine']).nunique()
            diags.append(D.assign(variant=name, seed=seed, attr_less=D.machine.isin(attr_less), n_classes=D.machine.map(n_cls)))
    if a.ae: per.append(ae_rows(a))
    per = pd.concat(per, ignore_index=True)
    diags = pd.concat(diags, ignore_index=True)
    per['attr_less'] = per.machine.isin(set(diags.machine[diags.attr_less]))
    per.to_csv(Path(a.out)/'per_machine.csv', index=False); diags.to_csv(Path(a.out)/'diagnostics.csv', index=False)

    # (1) hmean over machine types per fit, then mean ± std over seeds
    H = per.groupby(['variant', 'backend', 'seed'])[PARTS].agg(hm).reset_index()
    cols = {'auc_source': 'AUC(source)', 'auc_target': 'AUC(target)', 'pauc': 'pAUC', 'sn_sa': 'sn–sa', 'sn_ta': 'sn–ta', 'tn_sa': 'tn–sa', 'tn_ta': 'tn–ta'}
    order = lambda df: df.reindex(pd.MultiIndex.from_product([a.variants, a.backends + ['AE-MSE', 'AE-MAHALA']]).intersection(df.index, sort=False))
    T1 = H.groupby(['variant', 'backend'])[PARTS].agg(pm).rename(columns=cols)
    print(f'## (1) hmean over machine types (%), mean ± std over seeds {a.seed_list}; sn–sa = AUC(source normal vs source anomaly), '
          'sn–ta = AUC(source normal vs target anomaly), AUC(source) ≈ ½(sn–sa + sn–ta) per type\n')
    show(order(T1), a.markdown)

    # (2) per machine type, demo variants: paper back end and src-only
    for name in a.variants:
        P = per[(per.variant == name) & per.backend.isin(['paper', 'src-only'])]
        if P.empty: continue
        T2 = P.groupby(['machine', 'backend'])[['auc_source', 'sn_sa', 'sn_ta', 'auc_target']].agg(pm).unstack('backend')
        T2.columns = [f'{cols.get(c, c)} [{b}]' for c, b in T2.columns]
        T2 = T2[[c for c in T2.columns if '[paper]' in c] + ['AUC(source) [src-only]', 'sn–ta [src-only]']]
        dg = diags[(diags.variant == name)].groupby('machine')
        T2.insert(0, 'classes', dg.n_classes.first().astype(int))
        T2.insert(0, 'attribute-less', dg.attr_less.first().map({True: 'yes', False: ''}))
        print(f'## (2) {name}: per machine type (%), mean ± std over seeds\n'); show(T2.sort_values('attribute-less'), a.markdown)
    G = (per[per.backend.isin(['paper', 'src-only'])].groupby(['variant', 'backend', 'attr_less', 'seed'])[['auc_source', 'sn_sa', 'sn_ta', 'auc_target']].mean()
         .groupby(['variant', 'backend', 'attr_less']).agg(pm).rename(columns=cols))
    G.index = G.index.set_levels(G.index.levels[2].map({True: 'attribute-less', False: 'attributed'}), level=2)
    print('## (2b) arithmetic mean over the types of each group (%), mean ± std over seeds\n'); show(G, a.markdown)

    # (3) diagnostics (paper back end, averaged over members and seeds), by group
    D = diags.groupby(['variant', 'attr_less'])[[c for c in diags.columns if c.startswith(('near_tgt', 'dsrc', 'dtgt', 'centre'))]].mean()
    D.index = D.index.set_levels(D.index.levels[1].map({True: 'attribute-less', False: 'attributed'}), level=1)
    print('## (3) diagnostics, per member: near_tgt_X = fraction of group X whose nearest centre is a target training clip; '
          'dsrc_X / dtgt_X = mean cosine distance to the nearest source k-means centre / target clip; centre_norm = mean norm of the k-means centres\n')
    show(D.T.round(3), a.markdown)
    T = pd.DataFrame(fit_s).groupby('variant')[['fit_s', 'total_s']].mean().round(0)
    print('## fit times (s, mean over seeds; from the cache where it was already there)\n'); show(T, a.markdown)
    if a.tables:
        Path(a.tables).mkdir(parents=True, exist_ok=True)
        for name, df in study_tables(per, diags).items(): df.to_csv(Path(a.tables)/f'{name}.csv', index=False)
    print(f'script time: {time.time() - t0:.0f} s')


if __name__ == '__main__': main()
