#!/usr/bin/env python3
"""tunechat command target: train an XGBoost classifier with the given parameters and report
3-fold cross-validated accuracy and single-threaded prediction latency.

Protocol (tunechat command targets): the parameters arrive as a JSON object on stdin and in the
TUNECHAT_PARAMS environment variable; the last stdout line is the metrics JSON:
  {"accuracy": ..., "latency_p50_ms": ..., "latency_p99_ms": ..., "batch_ms": ...}
Data: scikit-learn's bundled breast-cancer set (569 rows, 30 features); nothing is downloaded.
"""
import gc
import json
import os
import sys
import time

import numpy as np
import xgboost as xgb
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import StratifiedKFold

DEFAULTS = {
    "n_estimators": 100,
    "max_depth": 6,
    "learning_rate": 0.3,
    "subsample": 1.0,
    "colsample_bytree": 1.0,
    "min_child_weight": 1.0,
    "reg_lambda": 1.0,
    "tree_method": "hist",
}
LATENCY_ROWS = 400  # single-row predictions timed for p50/p99, per pass
LATENCY_PASSES = 3  # the median pass is reported
BATCH_REPEATS = 5   # whole-dataset predictions; the median is reported


def read_params():
    raw = os.environ.get("TUNECHAT_PARAMS")
    if not raw and not sys.stdin.isatty():
        raw = sys.stdin.read()
    params = json.loads(raw) if raw and raw.strip() else {}
    if not isinstance(params, dict):
        raise ValueError(f"params must be a JSON object, got {type(params).__name__}")
    unknown = sorted(set(params) - set(DEFAULTS) - {"seed"})
    if unknown:
        raise ValueError(f"unknown parameters {unknown}; known: {sorted(DEFAULTS)}")
    return {**DEFAULTS, **params}


def model_for(params):
    return xgb.XGBClassifier(
        n_estimators=int(params["n_estimators"]),
        max_depth=int(params["max_depth"]),
        learning_rate=float(params["learning_rate"]),
        subsample=float(params["subsample"]),
        colsample_bytree=float(params["colsample_bytree"]),
        min_child_weight=float(params["min_child_weight"]),
        reg_lambda=float(params["reg_lambda"]),
        tree_method=str(params["tree_method"]),
        n_jobs=1,
        random_state=int(params.get("seed", 0)),
        eval_metric="logloss",
        verbosity=0,
    )


def cv_accuracy(params, X, y):
    scores = []
    for train, test in StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(X, y):
        model = model_for(params).fit(X[train], y[train])
        scores.append(float((model.predict(X[test]) == y[test]).mean()))
    return float(np.mean(scores))


def latency(params, X, y):
    """p50/p99 of single-row predictions and the median whole-batch time, single-threaded.
    Three passes over LATENCY_ROWS rows with the garbage collector off; the median pass is reported,
    so one preempted pass on a busy machine does not decide the p99."""
    booster = model_for(params).fit(X, y).get_booster()
    booster.set_param({"nthread": 1})
    rows = [X[i : i + 1] for i in range(min(LATENCY_ROWS, len(X)))]
    booster.inplace_predict(rows[0])  # warm-up
    gc.disable()
    try:
        p50s, p99s = [], []
        for _ in range(LATENCY_PASSES):
            times = []
            for row in rows:
                start = time.perf_counter()
                booster.inplace_predict(row)
                times.append((time.perf_counter() - start) * 1000)
            p50s.append(float(np.percentile(times, 50)))
            p99s.append(float(np.percentile(times, 99)))
        batch = []
        for _ in range(BATCH_REPEATS):
            start = time.perf_counter()
            booster.inplace_predict(X)
            batch.append((time.perf_counter() - start) * 1000)
    finally:
        gc.enable()
    return float(np.median(p50s)), float(np.median(p99s)), float(np.median(batch))


def main():
    params = read_params()
    X, y = load_breast_cancer(return_X_y=True)
    accuracy = cv_accuracy(params, X, y)
    p50, p99, batch_ms = latency(params, X, y)
    print(json.dumps({"accuracy": round(accuracy, 6), "latency_p50_ms": round(p50, 5), "latency_p99_ms": round(p99, 5), "batch_ms": round(batch_ms, 4)}))


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # the message is the failed trial's reason
        print(f"train.py: {error}", file=sys.stderr)
        sys.exit(1)
