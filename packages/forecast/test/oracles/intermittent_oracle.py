# Independent oracle for the intermittent models: formulas written from statsforecast's documentation, NumPy +
# SciPy's bounded minimiser (xatol 1e-12) for the optimised alphas.
import numpy as np
from scipy.optimize import minimize_scalar

def ses(x, a):
    l = x[0]
    for v in x[1:]:
        l = a * v + (1 - a) * l
    return l

def sse(a, x):
    l = x[0]; s = 0.0
    for v in x[1:]:
        s += (v - l) ** 2
        l = a * v + (1 - a) * l
    return s

def opt(x):
    r = minimize_scalar(sse, bounds=(0.1, 0.3), args=(x,), method='bounded', options={'xatol': 1e-12})
    # the bounded search stops just inside a bound: take the best of it and the two bounds
    return min([r.x, 0.1, 0.3], key=lambda a: sse(a, x))

def parts(y):
    y = np.asarray(y, float)
    nz = np.nonzero(y)[0]
    return y[y > 0], np.diff(np.concatenate([[0], nz + 1])).astype(float)

def croston(y, optimized=False):
    z, p = parts(y)
    az = opt(z) if optimized else 0.1
    ap = opt(p) if optimized else 0.1
    return ses(z, az) / ses(p, ap), az, ap

def level(y, k):
    y = np.asarray(y, float)
    y = y[len(y) % k:]
    sums = y.reshape(-1, k).sum(axis=1)
    a = opt(sums)
    return ses(sums, a) / k, a, sums

def adida(y):
    z, p = parts(y)
    k = int(np.round(p.mean()))
    return level(y, k), k

def imapa(y):
    z, p = parts(y)
    K = int(np.round(p.mean()))
    ls = [level(y, k) for k in range(1, K + 1)]
    return np.mean([l[0] for l in ls]), [l[1] for l in ls], K

for y in [[0, 3, 0, 0, 5, 0, 2], [1, 0, 3, 0, 0, 5], [0, 0, 4, 0, 1, 0, 0, 6, 0, 2, 0, 0, 3, 0, 5, 0]]:
    print('y', y)
    print(' classic %.17g' % croston(y)[0])
    print(' optimized %.17g az %.17g ap %.17g' % croston(y, True))
    (f, a, sums), k = adida(y)
    print(' adida %.17g k %d alpha %.17g sums %s' % (f, k, a, sums))
    f, al, K = imapa(y)
    print(' imapa %.17g K %d alphas %s' % (f, K, ['%.12g' % v for v in al]))
    # SSE shape on [0.1, 0.3] of y itself (level 1)
    g = np.linspace(0.1, 0.3, 5)
    print(' sse(y) on grid', [round(sse(a, np.asarray(y, float)), 6) for a in g])
