# Independent oracle for the committed expected values of models.test.ts, seasonality.test.ts and
# stl-decomposition.test.ts: statsmodels 0.13.5 (Debian python3-statsmodels, NumPy 1.24). Run with Debian's python:
#   /usr/bin/python3 packages/forecast/test/oracles/statsmodels_oracle.py
# and compare with the constants in the tests (npm test never needs python).
import warnings

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from statsmodels.tsa.forecasting.theta import ThetaModel
from statsmodels.tsa.statespace.sarimax import SARIMAX
from statsmodels.tsa.stattools import acf, pacf
from statsmodels.tsa.seasonal import seasonal_decompose, STL

warnings.filterwarnings('ignore')
Y = np.array([12, 15, 14, 20, 13, 16, 18, 22, 15, 19, 17, 24, 16, 21, 20, 26, 18, 22, 21, 28], float)


def show(name, v):
    print(name, np.array2string(np.asarray(v, float), precision=17, separator=', ', max_line_width=200))


print('== models.test.ts: exponential smoothing')
for seasonal, damped, season0, phi in [('add', False, [-2, 0, -1, 3], None), ('mul', True, [0.9, 1.0, 0.95, 1.2], 0.9)]:
    m = ExponentialSmoothing(Y, trend='add', seasonal=seasonal, seasonal_periods=4, damped_trend=damped,
                             initialization_method='known', initial_level=15, initial_trend=0.5,
                             initial_seasonal=season0)
    kw = dict(smoothing_level=0.3, smoothing_trend=0.1, smoothing_seasonal=0.2, optimized=False)
    if damped:
        kw['damping_trend'] = phi
    print(f'HW {seasonal} damped={damped} SSE %.17g' % m.fit(**kw).sse)
fit = ExponentialSmoothing(Y, trend='add', seasonal='add', seasonal_periods=4, initialization_method='estimated').fit()
print('HW additive, estimated: SSE %.17g' % fit.sse)
print('SES estimated: SSE %.17g' % ExponentialSmoothing(Y, initialization_method='estimated').fit().sse)
ses = ExponentialSmoothing(Y, initialization_method='known', initial_level=12).fit(smoothing_level=0.4, optimized=False)
print('SES alpha 0.4, level 12: forecast %.17g' % ses.forecast(1)[0])

print('== models.test.ts: Theta')
show('theta period 4 (multiplicative deseasonalising)', ThetaModel(Y, period=4).fit().forecast(6))
show('theta no season', ThetaModel(Y, period=4, deseasonalize=False).fit().forecast(3))

print('== models.test.ts: SARIMAX')
y = np.array([5, 7, 6, 9, 8, 11, 10, 9, 12, 14, 13, 12, 15, 17, 16, 15, 18, 17, 20, 19, 21, 23, 22, 20, 24, 26, 25,
              24, 27, 29], float)
m = SARIMAX(y, order=(1, 1, 1), seasonal_order=(1, 0, 1, 4), concentrate_scale=True)
print('loglike at [0.3, -0.5, 0.2, 0.1]: %.17g' % m.loglike(np.array([0.3, -0.5, 0.2, 0.1])))
r = SARIMAX(y, order=(1, 1, 1), seasonal_order=(1, 0, 1, 4)).fit(disp=False)
show('ML params (ar, ma, sar, sma, sigma2)', r.params)
print('ML llf %.17g' % r.llf)
show('ML forecast 6', r.forecast(6))
r = SARIMAX(y, order=(2, 0, 1), trend='c').fit(disp=False)
show('ARMA(2,1) trend c params (intercept, ar1, ar2, ma1, sigma2)', r.params)
print('ARMA(2,1) llf %.17g' % r.llf)

print('== seasonality.test.ts')
a, conf = acf(Y, nlags=5, fft=False, alpha=0.05)
show('acf', a)
show('acf band (half-width of the confidence interval)', conf[:, 1] - a)
show('pacf ldb', pacf(Y, nlags=4, method='ldb'))
show('seasonal_decompose additive index', seasonal_decompose(Y, period=4).seasonal[:4])
show('seasonal_decompose multiplicative index', seasonal_decompose(Y, period=4, model='multiplicative').seasonal[:4])

print('== stl-decomposition.test.ts (printed with 10 significant digits)')
t = np.arange(24)
season = np.array([3, -1, -2, 0])
Ys = 20 + 0.5 * t + season[t % 4] + np.round(1.5 * np.sin(1.3 * t), 3)
Ys[10] += 12
show('Y', Ys)
np.set_printoptions(precision=10)
for name, kw in [('PLAIN', {}), ('ROBUST', dict(robust=True)),
                 ('CUSTOM', dict(seasonal=5, trend=9, low_pass=7, seasonal_deg=0, trend_deg=1, low_pass_deg=0))]:
    res = STL(Ys, period=4, **kw).fit()
    print(name)
    print(' trend', ['%.10g' % v for v in res.trend])
    print(' seasonal', ['%.10g' % v for v in res.seasonal])
    if name == 'ROBUST':
        print(' weights', ['%.10g' % v for v in res.weights])
