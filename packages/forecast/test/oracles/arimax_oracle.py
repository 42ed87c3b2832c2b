# Independent oracle for test/arimax.test.ts: statsmodels 0.13.5 (Debian python3-statsmodels). Writes
# test/oracles/arimax.json (committed; npm test never needs python):
#   /usr/bin/python3 packages/forecast/test/oracles/arimax_oracle.py
# Data: 80 weeks of demand y = 60 − 12·log(price) + u, u an AR(1) (φ = 0.6, σ = 2), price stepping between list
# prices (seeded NumPy). Two-step regression with AR(1) errors, as arimax(): OLS of y on [log p, 1], then SARIMAX
# (1,0,0) by exact ML on the centred residuals; the forecast of 6 weeks under a planned price path. Also the joint
# ML fit SARIMAX(y, exog=log p, trend='c') for comparison (a different estimator: same β up to sampling error).
import json
import os
import warnings

import numpy as np
from statsmodels.tsa.statespace.sarimax import SARIMAX

warnings.filterwarnings('ignore')
rng = np.random.default_rng(21)
n = 80
price = np.repeat(rng.choice([2.1, 2.5, 2.95, 3.25], size=n // 8), 8)
u = np.zeros(n)
e = rng.normal(0, 2, n)
for t in range(n):
    u[t] = (0.6 * u[t - 1] if t else 0) + e[t]
y = 60 - 12 * np.log(price) + u
X = np.column_stack([np.log(price), np.ones(n)])
beta, *_ = np.linalg.lstsq(X, y, rcond=None)
resid = y - np.log(price) * beta[0]
mu = resid.mean()
ar = SARIMAX(resid - mu, order=(1, 0, 0), trend='n').fit(disp=False)
path = [2.5, 2.5, 2.25, 2.25, 2.25, 2.95]
fc = ar.forecast(6) + mu + beta[0] * np.log(path)
hold = ar.forecast(6) + mu + beta[0] * np.log(price[-1])
joint = SARIMAX(y, exog=np.log(price), order=(1, 0, 0), trend='c').fit(disp=False)
out = {
    'y': y.tolist(),
    'price': price.tolist(),
    'beta': float(beta[0]),
    'intercept': float(beta[1]),
    'ar': float(ar.params[0]),
    'path': path,
    'forecastPath': fc.tolist(),
    'forecastHold': hold.tolist(),
    'joint': {'beta': float(joint.params[1]), 'betaSe': float(joint.bse[1]), 'ar': float(joint.params[2])},
}
with open(os.path.join(os.path.dirname(__file__), 'arimax.json'), 'w') as f:
    json.dump(out, f, indent=1)
print(json.dumps({k: v for k, v in out.items() if k not in ('y', 'price')}))
