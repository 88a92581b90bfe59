"""``<base_url>autopilot/buckets``: does a bucket exist, and create one (after the user's
consent in the panel). Thin: the S3 calls live in ``..dataset.buckets``."""
import asyncio
import json

import tornado

from ..dataset.buckets import bucket_status, check_bucket_name, create_bucket
from ..dataset.errors import DatasetError
from ..proxy.access import AwsAccess
from ..proxy.errors import ProxyError
from ..tasks.workspace import check_workflow_id
from .base import autopilot_authorized
from .refusals import Refusal, RefusingAPIHandler


class _BucketsBase(RefusingAPIHandler):
    def initialize(self, access: AwsAccess):
        self._access = access

    async def _s3_call(self, fn, *args):
        """Blocking S3 calls run off the event loop; their refusals keep their status."""
        def call():
            return fn(self._access.client("s3"), *args)

        try:
            return await asyncio.get_running_loop().run_in_executor(None, call)
        except DatasetError as error:
            status = {"bucket-exists": 409, "bucket-missing": 404, "access-denied": 403}.get(error.code, 502)
            raise Refusal(status, error) from None
        except ProxyError as error:  # no credentials
            raise Refusal(error.status, DatasetError(error.code, error.message)) from None


def _checked(name) -> str:
    try:
        return check_bucket_name(name)
    except DatasetError as error:
        raise Refusal(400, error) from None


class BucketHandler(_BucketsBase):
    @tornado.web.authenticated
    @autopilot_authorized("read")
    async def get(self, bucket: str):
        status = await self._s3_call(bucket_status, _checked(bucket))
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(status))


class BucketsHandler(_BucketsBase):
    @tornado.web.authenticated
    @autopilot_authorized("execute")
    async def post(self):
        body = self.json_body()
        bucket = _checked(body.get("bucket"))
        workflow_id = body.get("workflowId")
        if workflow_id is not None:
            try:
                check_workflow_id(workflow_id)
            except DatasetError as error:
                raise Refusal(400, error) from None
        created = await self._s3_call(create_bucket, bucket, self._access.region, workflow_id)
        self.set_status(201)
        self.finish(json.dumps(created))
