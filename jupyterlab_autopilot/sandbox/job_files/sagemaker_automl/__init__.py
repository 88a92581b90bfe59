"""SageMaker Autopilot's notebook helper, as written by the jupyterlab-autopilot sandbox.

The candidate definition notebook imports these names; each step runs real SageMaker Python SDK
calls (SKLearn training and batch transform for the data transformers, Estimators for the
multi-algorithm tuner, Models for the inference pipeline).
"""
from .candidate import AutoMLLocalCandidate
from .config import AutoMLLocalRunConfig, uid
from .inference import select_inference_output
from .runner import AutoMLInteractiveRunner

__all__ = ["AutoMLInteractiveRunner", "AutoMLLocalCandidate", "AutoMLLocalRunConfig", "select_inference_output", "uid"]
