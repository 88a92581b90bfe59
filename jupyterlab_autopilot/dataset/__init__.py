"""Datasets on the server's disk: profile and split, plain Python (no Jupyter import).

Used by the server's tasks (the panel's dataset step) and by the sandbox's notebook
generator alike, so that one set of rules says what a column is.
"""
