import json

import tornado

from .. import __version__
from .base import AutopilotAPIHandler, autopilot_authorized


class VersionHandler(AutopilotAPIHandler):
    """Lets the frontend check that the server extension it talks to is the one it was built with."""

    @tornado.web.authenticated
    @autopilot_authorized("read")
    def get(self):
        self.finish(json.dumps({"version": __version__}))
