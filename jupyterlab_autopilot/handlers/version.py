import json

import tornado
from jupyter_server.base.handlers import APIHandler

from .. import __version__


class VersionHandler(APIHandler):
    """Lets the frontend check that the server extension it talks to is the one it was built with."""

    @tornado.web.authenticated
    def get(self):
        self.finish(json.dumps({"version": __version__}))
