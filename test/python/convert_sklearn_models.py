"""Builds the scikit-learn models the conversion tests use, with the real scikit-learn.

Usage: convert_sklearn_models.py OUT_DIR
Writes clf.pkl (a LogisticRegression on 4 features, pickled) and reg.joblib (a StandardScaler +
Ridge pipeline on 3 features, joblib-dumped), and prints the versions as JSON.
"""
import json
import os
import pickle
import sys

import joblib
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

out = sys.argv[1]
rng = np.random.default_rng(0)
X = rng.standard_normal((60, 4))
y = (X[:, 0] + X[:, 1] > 0).astype(int) + (X[:, 2] > 1).astype(int)
with open(os.path.join(out, "clf.pkl"), "wb") as f:
    pickle.dump(LogisticRegression().fit(X, y), f)
X3 = rng.standard_normal((40, 3))
joblib.dump(make_pipeline(StandardScaler(), Ridge()).fit(X3, X3 @ [1.0, -2.0, 0.5]), os.path.join(out, "reg.joblib"))
print(json.dumps({"sklearn": sklearn.__version__, "files": ["clf.pkl", "reg.joblib"]}))
