"""The Notebooks step on the server: the job's generated notebooks copied into the workspace."""
from .fetch import NotebookFetch, fetch_notebooks

__all__ = ["NotebookFetch", "fetch_notebooks"]
