"""scikit-learn oracle for the segmentation tests (Debian python3-sklearn 1.2.1).

Run: /usr/bin/python3 packages/rfm/test/oracle/segmentation.py
Data: 90 points in 3-D, three blobs, offsets from a fixed formula (reproduced in test/segmentation.test.ts).
Prints silhouette scores of two labellings, KMeans inertia for k = 2..5 (n_init=10), and RobustScaler parameters.
"""
import json

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import RobustScaler, StandardScaler

centers = [(0, 0, 0), (6, 1, -2), (2, 8, 3)]
pts = []
truth = []
for i in range(90):
    c = i % 3
    off = (((i * 37) % 11 - 5) / 5, ((i * 53) % 13 - 6) / 5, ((i * 29) % 7 - 3) / 3)
    pts.append([centers[c][t] + off[t] for t in range(3)])
    truth.append(c)
X = np.array(pts)
other = [(i // 10) % 4 for i in range(90)]
out = {
    "silhouetteTruth": silhouette_score(X, truth),
    "silhouetteOther": silhouette_score(X, other),
    "inertia": {k: KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).inertia_ for k in range(2, 6)},
    "robust": {"center": RobustScaler().fit(X).center_.tolist(), "scale": RobustScaler().fit(X).scale_.tolist()},
    "standard": {"mean": StandardScaler().fit(X).mean_.tolist(), "scale": StandardScaler().fit(X).scale_.tolist()},
}
print(json.dumps(out, indent=1))
