"""Files a pilot job writes beside its notebooks: the ``sagemaker_automl`` helper package the candidate
notebook imports, and the ``trainer.py`` / ``sagemaker_serve.py`` scripts beside the dppN modules.

They are the sandbox's own code, written for it: the helper implements the interface the generated
notebooks call, through the SageMaker Python SDK, the way the notebooks' markdown describes each step.
This package is data for S3, not imported by the sandbox itself.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
HELPER_PACKAGE = "sagemaker_automl"
SCRIPTS = ("trainer.py", "sagemaker_serve.py")


def helper_files():
    """{file name: text} of the helper package."""
    folder = os.path.join(HERE, HELPER_PACKAGE)
    return {name: _read(os.path.join(folder, name)) for name in sorted(os.listdir(folder)) if name.endswith(".py")}


def script_files():
    return {name: _read(os.path.join(HERE, "scripts", name)) for name in SCRIPTS}


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()
