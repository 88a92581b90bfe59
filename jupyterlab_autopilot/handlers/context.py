"""``<base_url>autopilot/context``: the server's AWS identity, for the frontend."""
import asyncio
import json

import tornado

from ..aws_context import AwsContextResolver
from .base import AutopilotAPIHandler, autopilot_authorized


class AwsContextHandler(AutopilotAPIHandler):
    def initialize(self, resolver: AwsContextResolver):
        self._resolver = resolver

    @tornado.web.authenticated
    @autopilot_authorized("read")
    async def get(self):
        refresh = self.get_query_argument("refresh", "").lower() in ("1", "true", "yes")
        loop = asyncio.get_running_loop()
        # STS and S3 lookups block: keep them off the event loop.
        context = await loop.run_in_executor(None, self._resolver.get, refresh)
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(context))
