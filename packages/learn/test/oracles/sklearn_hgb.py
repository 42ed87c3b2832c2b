"""scikit-learn oracle for fitGbt's Poisson and logistic objectives (Debian python3-sklearn 1.2.1, numpy 1.24.2).

Run: /usr/bin/python3 packages/learn/test/oracles/sklearn_hgb.py > packages/learn/test/oracles/sklearn_hgb.json

HistGradientBoostingRegressor(loss='poisson') and HistGradientBoostingClassifier(loss='log_loss') use the same
Newton boosting as fitGbt: initial raw score log(mean y) / log-odds of the base rate, per-row gradient and hessian
of the loss, gain G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2) (sklearn halves it: same argmax), leaves
-learning_rate * G/(H+l2), midpoint bin edges when a feature has fewer distinct values than max_bins. Growth is
best-first in sklearn and depth-wise in fitGbt; with max_leaf_nodes=None both grow every splittable node to
max_depth, so the trees are the same. Features here are small integers (few distinct values, no missing values),
so the bins are the same too. Predictions on the training rows and on a grid are stored.
"""
import json

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

rng = np.random.default_rng(19)
n = 300
X = np.column_stack([rng.integers(0, 10, n), rng.integers(0, 6, n), rng.integers(0, 20, n)]).astype(float)
mu = np.exp(-0.5 + 0.25 * X[:, 0] - 0.3 * (X[:, 1] == 2) + 0.03 * X[:, 2])
counts = rng.poisson(mu).astype(float)
p = 1 / (1 + np.exp(-(-1.0 + 0.35 * X[:, 0] - 0.5 * X[:, 1] + 0.05 * X[:, 2])))
churn = (rng.random(n) < p).astype(float)
grid = np.array([[a, b, c] for a in (0, 3, 7, 9) for b in (0, 2, 5) for c in (1, 10, 19)], dtype=float)

params = dict(learning_rate=0.1, max_iter=25, max_leaf_nodes=None, max_depth=3, min_samples_leaf=10,
              l2_regularization=1.0, max_bins=255, early_stopping=False)
reg = HistGradientBoostingRegressor(loss="poisson", **params).fit(X, counts)
clf = HistGradientBoostingClassifier(loss="log_loss", **params).fit(X, churn)

out = {
    "source": "scikit-learn 1.2.1 HistGradientBoostingRegressor(loss='poisson') / HistGradientBoostingClassifier",
    "options": {"nTrees": 25, "learningRate": 0.1, "maxDepth": 3, "minSamplesLeaf": 10, "lambda": 1.0, "maxBins": 255},
    "X": X.tolist(),
    "grid": grid.tolist(),
    "poisson": {"y": counts.tolist(), "train": reg.predict(X).tolist(), "grid": reg.predict(grid).tolist()},
    "logistic": {
        "y": churn.tolist(),
        "train": clf.predict_proba(X)[:, 1].tolist(),
        "grid": clf.predict_proba(grid)[:, 1].tolist(),
    },
}
print(json.dumps(out))
