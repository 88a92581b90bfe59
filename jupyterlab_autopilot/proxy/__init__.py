"""Pure logic of the same-origin AWS signing proxy.

Nothing in this package imports Jupyter: the Tornado handler in
``handlers/proxy.py`` is a thin adapter over these modules, and the modules can
be tested, benchmarked or reused without a Jupyter server.
"""
