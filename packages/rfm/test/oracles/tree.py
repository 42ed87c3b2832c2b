"""scikit-learn oracle for the decision-tree tests (Debian python3-sklearn 1.2.1).

Run: /usr/bin/python3 packages/rfm/test/oracle/tree.py
Data: the 90-point fixture of segmentation.py; labels y = (i // 10) % 4 (hard to separate).
"""
import json

import numpy as np
from sklearn.metrics import f1_score
from sklearn.tree import DecisionTreeClassifier

centers = [(0, 0, 0), (6, 1, -2), (2, 8, 3)]
X = np.array([[centers[i % 3][t] + o for t, o in enumerate((((i * 37) % 11 - 5) / 5, ((i * 53) % 13 - 6) / 5, ((i * 29) % 7 - 3) / 3))] for i in range(90)])
y = np.array([(i // 10) % 4 for i in range(90)])
out = {}
for crit in ["gini", "entropy"]:
    for depth in [1, 2, 3, 5]:
        t = DecisionTreeClassifier(max_depth=depth, criterion=crit, random_state=0).fit(X, y)
        out[f"{crit}{depth}"] = {
            "rootFeature": int(t.tree_.feature[0]),
            "rootThreshold": float(t.tree_.threshold[0]),
            "leaves": int(t.get_n_leaves()),
            "trainAccuracy": float(t.score(X, y)),
        }
t = DecisionTreeClassifier(max_depth=4, min_samples_leaf=5, random_state=0).fit(X, y)
out["leaf5"] = {"leaves": int(t.get_n_leaves()), "trainAccuracy": float(t.score(X, y))}
a = [0, 1, 2, 2, 1, 0, 3, 3, 1]
b = [0, 2, 2, 2, 1, 1, 3, 0, 1]
out["f1macro"] = f1_score(a, b, average="macro")
print(json.dumps(out, indent=1))
