#!/usr/bin/env python
"""Time k-means implementations on DeepCluster-sized input: N points × 256 dims (L2-normalised, as after
PCA-whitening), k clusters, 20 Lloyd rounds, on a fixed number of threads.

Usage: python benchmarks/kmeans.py [--n 100000] [--k 1000] [--dim 256] [--iters 20] [--threads 2]

The data are L2-normalised points around 2k random centres with enough noise that no implementation
converges before the last round (scikit-learn stops as soon as the labels no longer change, so on easy
data it would run fewer rounds; the number of rounds it ran is printed).

Candidates: asd_nb.deepcluster.kmeans (torch), scikit-learn's KMeans (Lloyd, random init, one run),
and faiss-cpu's Kmeans when it can be imported (it is not a dependency of asd_nb; install it with
`pip install faiss-cpu`, or point $FAISS_PATH at a directory holding it).
"""
import argparse, os, sys, time

def main():
    p = argparse.ArgumentParser()
    p.add_argument('--n', type=int, default=100_000, help='points')
    p.add_argument('--k', type=int, default=1000, help='clusters')
    p.add_argument('--dim', type=int, default=256, help='dimensions')
    p.add_argument('--iters', type=int, default=20, help='Lloyd rounds')
    p.add_argument('--threads', type=int, default=2, help='threads of every implementation')
    a = p.parse_args()
    for v in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'): os.environ[v] = str(a.threads)
    if os.environ.get('FAISS_PATH'): sys.path.insert(0, os.environ['FAISS_PATH'])
    import numpy as np, torch
    from sklearn.metrics import normalized_mutual_info_score as nmi
    torch.set_num_threads(a.threads)
    from asd_nb.deepcluster import kmeans

    g = np.random.default_rng(0)
    centres = g.standard_normal((2 * a.k, a.dim)).astype(np.float32)
    y = g.integers(0, 2 * a.k, a.n)
    X = centres[y] + 1.5 * g.standard_normal((a.n, a.dim)).astype(np.float32)   # overlapping: no early convergence
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    print(f'{a.n} points × {a.dim} dims, k = {a.k}, {a.iters} rounds, {a.threads} threads')

    def report(name, t, labels, rounds=a.iters):
        "Print the time, the empty clusters, the objective and the NMI against the generating centres of one run."
        means = np.stack([X[labels == j].mean(0) if (labels == j).any() else np.zeros(a.dim, np.float32)
                          for j in range(a.k)])
        obj = float(((X - means[labels])**2).sum(1).mean())
        print(f'{name:28s} {t:7.1f} s   {rounds} rounds ({t / rounds:.2f} s each)   '
              f'empty clusters {a.k - len(np.unique(labels)):4d}   '
              f'objective {obj:.4f}   NMI vs generating centres {nmi(y, labels):.3f}', flush=True)

    t0 = time.perf_counter()
    r = kmeans(X, a.k, iters=a.iters, seed=0)
    report('asd_nb.kmeans (torch)', time.perf_counter() - t0, r.labels)

    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits
    with threadpool_limits(a.threads):
        t0 = time.perf_counter()
        km = KMeans(a.k, init='random', n_init=1, max_iter=a.iters, tol=0, algorithm='lloyd', random_state=0).fit(X)
        report('sklearn KMeans (lloyd)', time.perf_counter() - t0, km.labels_, km.n_iter_)   # stops once labels settle
    try: import faiss
    except ImportError:
        print('faiss                        not installed (pip install faiss-cpu)')
        return
    faiss.omp_set_num_threads(a.threads)
    t0 = time.perf_counter()
    fk = faiss.Kmeans(a.dim, a.k, niter=a.iters, seed=0, max_points_per_centroid=10_000_000)
    fk.train(X)
    _, I = fk.index.search(X, 1)
    report(f'faiss-cpu {faiss.__version__} Kmeans', time.perf_counter() - t0, I[:, 0])

if __name__ == '__main__': main()
