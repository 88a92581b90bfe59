"""JupyterLab Autopilot: the prebuilt labextension and its thin server extension."""
try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    import warnings

    warnings.warn("Importing 'jupyterlab_autopilot' outside a proper installation.")
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-autopilot"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_autopilot"}]


def _load_jupyter_server_extension(server_app):
    from .routes import setup_routes

    setup_routes(server_app)
    server_app.log.info("jupyterlab_autopilot %s: server extension loaded", __version__)
