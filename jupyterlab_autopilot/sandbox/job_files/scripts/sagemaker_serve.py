"""Serving functions of a data transformer's model (sagemaker-scikit-learn container).

``AUTOML_TRANSFORM_MODE`` says which way the model works: ``feature-transform`` turns input rows
into the algorithm's features; ``inverse-label-transform`` turns the algorithm's numeric answer back
into the target's label. Written by the jupyterlab-autopilot sandbox; in the sandbox the endpoint's
answers are simulated.
"""
import io
import os

import joblib
import numpy as np
import pandas as pd


def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "model.joblib"))


def input_fn(body, content_type):
    if content_type != "text/csv":
        raise ValueError("This model reads text/csv, not %s" % content_type)
    return pd.read_csv(io.StringIO(body if isinstance(body, str) else body.decode("utf-8")), header=None)


def predict_fn(data, model):
    if os.environ.get("AUTOML_TRANSFORM_MODE", "feature-transform") == "inverse-label-transform":
        return model.inverse_label_transform(np.asarray(data).ravel())
    return model.transform(data)


def output_fn(prediction, accept):
    out = io.StringIO()
    np.savetxt(out, np.atleast_2d(prediction), delimiter=",", fmt="%s")
    return out.getvalue(), "text/csv"
