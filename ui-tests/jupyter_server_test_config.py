"""Configuration of the Jupyter server that the Galata tests drive."""
import os
from pathlib import Path
from tempfile import mkdtemp

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 -- `c` is injected by Jupyter's config loader

c.ServerApp.allow_root = True  # CI runs as root
c.ServerApp.root_dir = os.environ.get("AUTOPILOT_UI_TEST_ROOT") or mkdtemp(prefix="autopilot-ui-")
Path(c.ServerApp.root_dir).mkdir(parents=True, exist_ok=True)
c.LabApp.expose_app_in_browser = True
c.ServerApp.port = int(os.environ.get("AUTOPILOT_UI_PORT", "8888"))
c.ServerApp.port_retries = 0  # a busy port must fail loudly, not serve the tests elsewhere
