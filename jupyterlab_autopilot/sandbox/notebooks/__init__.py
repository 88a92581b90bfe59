"""Generators for the two notebooks an Autopilot job writes, from the dataset's real profile."""
from .candidate import candidate_plan, render_candidate_notebook
from .exploration import render_exploration_notebook
from .generated_module import generated_module_files

__all__ = [
    "candidate_plan",
    "render_candidate_notebook",
    "render_exploration_notebook",
    "generated_module_files",
]
