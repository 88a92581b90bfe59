"""Registers the server extension's HTTP routes under <base_url>/autopilot/."""
from jupyter_server.utils import url_path_join

from .handlers.version import VersionHandler


def setup_routes(server_app):
    web_app = server_app.web_app
    base = url_path_join(web_app.settings["base_url"], "autopilot")
    web_app.add_handlers(".*$", [(url_path_join(base, "version"), VersionHandler)])
