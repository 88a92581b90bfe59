"""Clean-up of what a workflow made, server side, plain Python (no Jupyter import)."""
