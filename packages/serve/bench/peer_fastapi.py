"""FastAPI + uvicorn peer for the serve bench: the same nearest-centroid work as the bench's `centroid` predictor.

Parameters (features, signed-log flags, centre, scale, centroids, names) come from the JSON file in RK_PARAMS,
written by bench/index.ts from the fitted rfm segmenter. Input is validated by pydantic with unknown fields
forbidden, as the Node server's JSON Schema does.
"""
import json
import math
import os
from typing import List

from fastapi import FastAPI
from pydantic import BaseModel, Extra, conlist, create_model

P = json.load(open(os.environ["RK_PARAMS"]))
FEATURES = P["features"]  # clustering features, in scaler order
INPUTS = P["inputFeatures"]
LOG = P["log"]
CENTER = P["center"]
SCALE = P["scale"]
K = P["k"]
D = len(FEATURES)
CENTROIDS = P["centroids"]
NAMES = P["names"]


class Forbid:
    extra = Extra.forbid


Features = create_model("Features", __config__=Forbid, **{f: (float, ...) for f in INPUTS})
Instance = create_model("Instance", __config__=Forbid, features=(Features, ...))
Batch = create_model("Batch", __config__=Forbid, instances=(conlist(Instance, min_items=1, max_items=1000), ...))


def predict(inst) -> dict:
    f = inst.features
    v = []
    for j, name in enumerate(FEATURES):
        x = getattr(f, name)
        if LOG[j]:
            x = -math.log1p(-x) if x < 0 else math.log1p(x)
        v.append((x - CENTER[j]) / SCALE[j])
    best, best_d = 0, math.inf
    for c in range(K):
        d = 0.0
        base = c * D
        for j in range(D):
            t = v[j] - CENTROIDS[base + j]
            d += t * t
        if d < best_d:
            best, best_d = c, d
    return {"segment": best, "name": NAMES[best], "distance": math.sqrt(best_d)}


app = FastAPI()


@app.post("/v1/models/centroid/predict")
async def predict_one(inst: Instance):
    return {"model": "centroid", "version": "bench", "prediction": predict(inst)}


@app.post("/v1/models/centroid/predict_batch")
async def predict_batch(batch: Batch):
    return {"model": "centroid", "version": "bench", "predictions": [predict(i) for i in batch.instances]}
