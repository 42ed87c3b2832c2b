"""statsmodels oracle for fitElasticity's fixed-effects regression (Debian python3-statsmodels 0.13.5, numpy 1.24.2).

Run: /usr/bin/python3 packages/pricing/test/oracles/fe_ols.py > packages/pricing/test/oracles/fe_ols.json

Writes a small weekly panel (one sale per product and week, so the weekly quantity is the line's quantity and the
list price is its unit price) and the OLS fit of the full dummy-variable design that fitElasticity documents:
ln q = a_i + b_i ln p + g . z, with one dummy per product that has >= 2 selling weeks (no intercept), one slope
column ln p * 1[product i] per product whose ln p varies, and the shared controls z: trend = weeks since the first
Monday / 52 and three annual Fourier pairs cos/sin(2 pi h d / 365.2425), d = days since 1970-01-01 of the Monday.
sm.OLS gives the coefficients, their classical standard errors and the HC1 (White) ones; the test compares them to 1e-8.
"""
import json
from datetime import date, timedelta

import numpy as np
import statsmodels.api as sm

rng = np.random.default_rng(21)
first = date(2010, 11, 29)  # a Monday
weeks = 54
season = lambda d: 0.5 * np.cos(2 * np.pi * (d.toordinal() - date(1970, 1, 1).toordinal()) / 365.2425)

panel = []
truth = {'P1': -1.5, 'P2': -0.6, 'P3': -2.2, 'P4': -1.0, 'P5': 0.2, 'P6': 0.0, 'P7': 0.0}
for code, b in truth.items():
    base = rng.uniform(1.0, 8.0)
    level = rng.uniform(1.5, 4.0)
    if code == 'P6':
        changes = []  # never changes price: a fixed effect, no slope
    else:
        changes = sorted(rng.choice(np.arange(4, weeks - 4), size=rng.integers(1, 4), replace=False))
    n_weeks = 1 if code == 'P7' else weeks  # one selling week: outside the regression
    price = base
    for w in range(n_weeks):
        if w in changes:
            price = round(base * rng.uniform(0.7, 1.3), 2)
        if code != 'P7' and rng.random() < 0.2:
            continue  # a week without sales
        d = first + timedelta(weeks=w)
        q = max(1, int(round(np.exp(level + b * np.log(price) + season(d) + 0.1 * w / 52 + 0.3 * rng.normal()))))
        panel.append({'stockCode': code, 'weekStart': d.isoformat(), 'quantity': q, 'price': round(price, 2)})

codes = sorted({r['stockCode'] for r in panel})
counts = {c: sum(1 for r in panel if r['stockCode'] == c) for c in codes}
codes = [c for c in codes if counts[c] >= 2]
rows = [r for r in panel if r['stockCode'] in codes]
y = np.log([r['quantity'] for r in rows])
lp = np.log([r['price'] for r in rows])
cols, names = [], []
for c in codes:
    cols.append(np.array([1.0 if r['stockCode'] == c else 0.0 for r in rows]))
    names.append(f'alpha:{c}')
for c in codes:
    m = np.array([r['stockCode'] == c for r in rows])
    if np.var(lp[m]) > 1e-12:
        cols.append(np.where(m, lp, 0.0))
        names.append(f'beta:{c}')
days = np.array([(date.fromisoformat(r['weekStart']) - date(1970, 1, 1)).days for r in rows], dtype=float)
cols.append((days - (first - date(1970, 1, 1)).days) / 7 / 52)
names.append('trend')
for h in (1, 2, 3):
    cols.append(np.cos(2 * np.pi * h * days / 365.2425))
    names.append(f'cos{h}')
    cols.append(np.sin(2 * np.pi * h * days / 365.2425))
    names.append(f'sin{h}')
X = np.column_stack(cols)
fit = sm.OLS(y, X).fit()
robust = sm.OLS(y, X).fit(cov_type='HC1')
out = {
    'oracle': 'statsmodels.api.OLS (Debian python3-statsmodels 0.13.5) on the full dummy-variable design',
    'panel': panel,
    'coefficients': {n: float(v) for n, v in zip(names, fit.params)},
    'stdErrors': {n: float(v) for n, v in zip(names, fit.bse)},
    'hc1StdErrors': {n: float(v) for n, v in zip(names, robust.bse)},
    'df': float(fit.df_resid),
    'sigma': float(np.sqrt(fit.scale)),
    'rows': len(rows),
}
print(json.dumps(out, indent=1))
