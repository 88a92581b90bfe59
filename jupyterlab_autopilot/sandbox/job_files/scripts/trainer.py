"""Entry point of a data transformer's training job (sagemaker-scikit-learn container).

Fits the candidate's ``build_feature_transform()`` pipeline (module ``--processor_module``, e.g. dpp0)
on the training channel and saves it, with this folder's code, to the model directory.
Written by the jupyterlab-autopilot sandbox; in the sandbox the training job itself is simulated.
"""
import argparse
import glob
import importlib
import os
import shutil

import joblib
import pandas as pd


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--processor_module", required=True)
    parser.add_argument("--target", default=os.environ.get("AUTOML_TARGET"))
    args, _ = parser.parse_known_args()
    train_dir = os.environ.get("SM_CHANNEL_TRAIN", "/opt/ml/input/data/train")
    model_dir = os.environ.get("SM_MODEL_DIR", "/opt/ml/model")
    frame = pd.concat(pd.read_csv(f) for f in sorted(glob.glob(os.path.join(train_dir, "*.csv"))))
    features = frame.drop(columns=[args.target]) if args.target in frame else frame
    pipeline = importlib.import_module(args.processor_module).build_feature_transform()
    pipeline.fit(features)
    joblib.dump(pipeline, os.path.join(model_dir, "model.joblib"))
    shutil.copytree(os.path.dirname(os.path.abspath(__file__)), os.path.join(model_dir, "code"), dirs_exist_ok=True)


if __name__ == "__main__":
    main()
