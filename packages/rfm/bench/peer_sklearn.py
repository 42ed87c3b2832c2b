"""scikit-learn peer of packages/rfm/bench/index.ts: the same stages on the same data, timed.

Usage: /usr/bin/python3 peer_sklearn.py <online_retail.csv.gz> <runs> <restarts> <silhouette sample size>
Prints one JSON object: median seconds per stage over `runs`, and the chosen statistics for a sanity check.
Stages: features (pandas groupby), kmeans (k = 2..12, n_init = restarts), silhouette (silhouette_score per k on
a seeded sample of that many rows, sample_size=…, random_state=42), tree (RandomizedSearchCV of
DecisionTreeClassifier, 20 candidates x 5-fold CV), importance (permutation_importance, 10 repeats, on a 20 %
holdout).
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.inspection import permutation_importance
from sklearn.metrics import silhouette_score
from sklearn.model_selection import RandomizedSearchCV, train_test_split
from sklearn.preprocessing import RobustScaler
from sklearn.tree import DecisionTreeClassifier

path, runs, restarts, sample = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
raw = pd.read_csv(path, dtype={"CustomerID": str, "InvoiceNo": str, "StockCode": str}, parse_dates=["InvoiceDate"])
df = raw[(raw.Quantity > 0) & (raw.UnitPrice > 0) & raw.CustomerID.notna() & ~raw.InvoiceNo.str.startswith("C")].copy()


def features(df):
    df = df.assign(revenue=df.Quantity * df.UnitPrice, day=df.InvoiceDate.dt.floor("D"), month=df.InvoiceDate.dt.to_period("M"))
    as_of = df.day.max() + pd.Timedelta(days=1)
    inv = df.groupby(["CustomerID", "InvoiceNo"]).agg(date=("InvoiceDate", "min"), rev=("revenue", "sum"), qty=("Quantity", "sum"), items=("StockCode", "nunique"))
    inv["day"] = inv.date.dt.floor("D")
    g = inv.groupby("CustomerID")
    first, last, f = g.day.min(), g.day.max(), g.size()
    out = pd.DataFrame({"recency": (as_of - last).dt.days, "frequency": f, "monetary": g.rev.sum()})
    out["tenure"] = (as_of - first).dt.days
    out["meanDaysBetween"] = np.where(f > 1, (last - first).dt.days / (f - 1).clip(lower=1), out.tenure)
    out["meanTicketSize"] = g.rev.mean()
    out["meanItemsPerInvoice"] = g["items"].mean()
    out["meanQuantityPerInvoice"] = g.qty.mean()
    months = df.groupby("CustomerID").month.nunique()
    out["meanSpendPerMonth"] = out.monetary / months
    out["refundValueRate"] = 0.0
    return out


stages = {k: [] for k in ["features", "kmeans", "silhouette", "tree", "importance"]}
cpu = {k: [] for k in stages}


def clock():
    return time.perf_counter(), time.process_time()


def done(stage, start):
    stages[stage].append(time.perf_counter() - start[0])
    cpu[stage].append(time.process_time() - start[1])

for run in range(runs):
    t = clock(); table = features(df); done("features", t)
    X = RobustScaler().fit_transform(np.log1p(table.clip(lower=0).values))
    t = clock()
    fits = {k: KMeans(n_clusters=k, n_init=restarts, random_state=42).fit(X) for k in range(2, 13)}
    done("kmeans", t)
    t = clock()
    sil = {k: float(silhouette_score(X, m.labels_, sample_size=min(sample, len(X)), random_state=42)) for k, m in fits.items()}
    done("silhouette", t)
    y = fits[5].labels_
    Xtr, Xte, ytr, yte = train_test_split(table.values, y, test_size=0.2, random_state=42, stratify=y)
    t = clock()
    search = RandomizedSearchCV(
        DecisionTreeClassifier(random_state=42),
        {"max_depth": [2, 3, 4, 5, 6, 7, 8, 9, 10, 12], "min_samples_leaf": [1, 2, 4, 8, 16, 32], "min_samples_split": [2, 4, 8, 16, 32, 64], "criterion": ["gini", "entropy"]},
        n_iter=20, cv=5, random_state=42,
    ).fit(Xtr, ytr)
    done("tree", t)
    t = clock()
    permutation_importance(search.best_estimator_, Xte, yte, n_repeats=10, random_state=42)
    done("importance", t)
med = {k: float(np.median(v)) for k, v in stages.items()}
med["total"] = sum(med.values())
med_cpu = {k: float(np.median(v)) for k, v in cpu.items()}
med_cpu["total"] = sum(med_cpu.values())
print(json.dumps({"seconds": med, "cpuSeconds": med_cpu, "customers": int(len(table)), "silhouette": sil, "treeAccuracy": float(search.best_estimator_.score(Xte, yte))}))
