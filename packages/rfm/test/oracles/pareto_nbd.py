"""SciPy oracle for Pareto/NBD and the BG/NBD no-purchase probability (Debian python3-scipy 1.10.1).

Run: /usr/bin/python3 packages/rfm/test/oracles/pareto_nbd.py > packages/rfm/test/oracles/pareto_nbd.json

Pareto/NBD closed forms of Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related
Expressions", eqs. (18)-(22), with scipy.special.hyp2f1 for A0 (both the alpha >= beta and alpha < beta
branches). P(no purchase in (T, T+t]) is integrated numerically over the posterior of (lambda, mu) given that
the customer is alive at T (scipy.integrate.dblquad), independent of the one-dimensional form the library uses.
Parameter sets: the published CDNOW estimates (weeks) r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562
(alpha < beta), and r=0.8, alpha=20, s=0.5, beta=8 (alpha >= beta).
"""
import json
import math

from scipy import integrate, special

SETS = {
    "cdnow": dict(r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562),
    "alphaAbove": dict(r=0.8, alpha=20.0, s=0.5, beta=8.0),
}
GRID = [(0, 0, 38.86), (0, 0, 5.0), (1, 2.0, 38.86), (2, 30.43, 38.86), (5, 20.0, 38.86), (5, 38.0, 38.86),
        (20, 37.0, 38.86), (60, 38.5, 38.86), (3, 10.0, 78.0)]
T_AHEAD = 39.0


def a0(p, x, tx, T):
    r, al, s, be = p["r"], p["alpha"], p["s"], p["beta"]
    if al >= be:
        f = lambda t: special.hyp2f1(r + s + x, s + 1, r + s + x + 1, (al - be) / (al + t)) / (al + t) ** (r + s + x)
    else:
        f = lambda t: special.hyp2f1(r + s + x, r + x, r + s + x + 1, (be - al) / (be + t)) / (be + t) ** (r + s + x)
    return f(tx) - f(T)


def loglik(p, x, tx, T):
    r, al, s, be = p["r"], p["alpha"], p["s"], p["beta"]
    lead = special.gammaln(r + x) - special.gammaln(r) + r * math.log(al) + s * math.log(be)
    inner = 1 / ((al + T) ** (r + x) * (be + T) ** s) + s / (r + s + x) * a0(p, x, tx, T)
    return lead + math.log(inner)


def palive(p, x, tx, T):
    r, al, s, be = p["r"], p["alpha"], p["s"], p["beta"]
    return 1 / (1 + s / (r + s + x) * (al + T) ** (r + x) * (be + T) ** s * a0(p, x, tx, T))


def expected(p, t, x, tx, T):
    r, al, s, be = p["r"], p["alpha"], p["s"], p["beta"]
    return (r + x) * (be + T) / ((al + T) * (s - 1)) * (1 - ((be + T) / (be + T + t)) ** (s - 1)) * palive(p, x, tx, T)


def no_purchase(p, t, x, tx, T):
    r, al, s, be = p["r"], p["alpha"], p["s"], p["beta"]
    a, A, B = r + x, al + T, be + T
    dens = lambda lam, mu: math.exp(
        a * math.log(A) - special.gammaln(a) + (a - 1) * math.log(lam) - A * lam
        + s * math.log(B) - special.gammaln(s) + (s - 1) * math.log(mu) - B * mu)
    g = lambda mu, lam: dens(lam, mu) * (math.exp(-(lam + mu) * t) + mu / (lam + mu) * (1 - math.exp(-(lam + mu) * t)))
    alive_no = integrate.dblquad(g, 0, math.inf, 0, math.inf, epsabs=1e-12, epsrel=1e-10)[0]
    pa = palive(p, x, tx, T)
    return 1 - pa + pa * alive_no


def bg_no_purchase(p, t, x, tx, T):
    r, al, a, b = p["r"], p["alpha"], p["a"], p["b"]
    pa = 1.0 if x == 0 else 1 / (1 + a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x))
    # over u = ln(lambda): the Gamma(r + x, alpha + T) posterior times e^(-lambda t), no singularity at 0
    post = lambda u: math.exp((r + x) * math.log(al + T) - special.gammaln(r + x) + (r + x) * u
                              - (al + T + t) * math.exp(u))
    mode = math.log((r + x) / (al + T + t))
    return 1 - pa + pa * integrate.quad(post, -400, 10, points=[mode], epsabs=1e-14, epsrel=1e-12, limit=1000)[0]


out = {"t": T_AHEAD, "sets": SETS, "rows": []}
for name, p in SETS.items():
    for x, tx, T in GRID:
        out["rows"].append(dict(set=name, x=x, tx=tx, T=T, logLikelihood=loglik(p, x, tx, T),
                                pAlive=palive(p, x, tx, T), expected=expected(p, T_AHEAD, x, tx, T),
                                pNoPurchase=no_purchase(p, T_AHEAD, x, tx, T)))
BG = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
out["bgNbd"] = {"params": BG, "rows": [dict(x=x, tx=tx, T=T, pNoPurchase=bg_no_purchase(BG, T_AHEAD, x, tx, T))
                                       for x, tx, T in GRID]}
print(json.dumps(out, indent=1))
