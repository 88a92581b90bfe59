"""Long server work (profile, split, upload) with progress and cancel, plain Python.

``TaskRegistry`` runs each task's blocking work in a thread pool so that Jupyter's event
loop stays responsive, keeps the tasks in memory (running ones, and those ended within the
hour) so that a reloaded page finds them, and ends them ``cancelled`` when asked.
"""
from .registry import Task, TaskRegistry

__all__ = ["Task", "TaskRegistry"]
