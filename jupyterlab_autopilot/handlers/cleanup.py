"""``<base_url>autopilot/cleanup/s3``: count and delete the S3 objects under a workflow's
folder, with the server's identity. Thin: the S3 calls live in ``..cleanup``."""
import asyncio
import json

import tornado
from botocore.exceptions import BotoCoreError, ClientError

from ..cleanup.ownership import check_owned_prefix
from ..cleanup.s3 import delete_prefix, split_prefix, summarize_prefix
from ..dataset.buckets import check_bucket_name
from ..dataset.errors import DatasetError
from ..proxy.access import AwsAccess
from ..proxy.errors import ProxyError
from ..tasks.workspace import bad_params, check_workflow_id
from .base import autopilot_authorized
from .refusals import Refusal, RefusingAPIHandler

_STATUS = {"whole-bucket": 400, "invalid-bucket": 400, "invalid-params": 400, "not-workflow-prefix": 403,
           "ownership-unknown": 502}


def _uri(bucket, prefix) -> str:
    """``s3://bucket/prefix`` of a checked bucket and a folder inside it (never the root)."""
    check_bucket_name(bucket)
    if not isinstance(prefix, str) or not prefix.strip("/") or ".." in prefix.split("/"):
        raise DatasetError("whole-bucket", f"prefix must name a folder inside {bucket}, not {prefix!r}: the "
                           "clean-up never deletes a whole bucket.")
    uri = f"s3://{bucket}/{prefix.lstrip('/')}"
    split_prefix(uri)
    return uri


class CleanupS3Handler(RefusingAPIHandler):
    def initialize(self, access: AwsAccess):
        self._access = access

    async def _run(self, fn, *args):
        """Blocking AWS calls off the event loop; every refusal keeps its status."""
        try:
            return await asyncio.get_running_loop().run_in_executor(None, fn, *args)
        except DatasetError as error:
            raise Refusal(_STATUS.get(error.code, 400), error) from None
        except ProxyError as error:  # no credentials
            raise Refusal(error.status, DatasetError(error.code, error.message)) from None
        except (BotoCoreError, ClientError) as error:
            code = getattr(error, "response", {}).get("Error", {}).get("Code", "S3Error")
            status = 403 if code in ("AccessDenied", "403") else 404 if code == "NoSuchBucket" else 502
            raise Refusal(status, DatasetError(code, f"S3 refused: {error}. Check the bucket and the server's "
                                               "permissions, then run the clean-up again.")) from None

    def _checked_uri(self, bucket, prefix) -> str:
        try:
            return _uri(bucket, prefix)
        except (DatasetError, ValueError) as error:
            if isinstance(error, ValueError):
                error = DatasetError("whole-bucket", str(error))
            raise Refusal(400, error) from None

    @tornado.web.authenticated
    @autopilot_authorized("read")
    async def get(self):
        uri = self._checked_uri(self.get_query_argument("bucket", None), self.get_query_argument("prefix", None))
        summary = await self._run(summarize_prefix, self._access.client("s3"), uri)
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps({"bucket": summary.bucket, "prefix": summary.prefix, "count": summary.count,
                                "totalBytes": summary.total_bytes}))

    @tornado.web.authenticated
    @autopilot_authorized("execute")
    async def post(self):
        body = self.json_body()
        uri = self._checked_uri(body.get("bucket"), body.get("prefix"))
        try:
            workflow_id = check_workflow_id(body.get("workflowId"))
        except DatasetError as error:
            raise Refusal(400, error) from None
        job = body.get("automlJobName")
        if job is not None and not isinstance(job, str):
            raise Refusal(400, bad_params(f"automlJobName must be the AutoML job's name, not {job!r}."))

        def delete():
            s3 = self._access.client("s3")
            owned_by = check_owned_prefix(self._access.client("sagemaker"), s3, uri, workflow_id, job)
            return owned_by, delete_prefix(s3, uri)

        owned_by, result = await self._run(delete)
        self.finish(json.dumps({
            "bucket": uri[5:].split("/", 1)[0], "prefix": split_prefix(uri)[1], "ownedBy": owned_by,
            "deleted": result.deleted, "remaining": result.remaining,
            "errors": [{"key": e.get("Key"), "code": e.get("Code"), "message": e.get("Message")}
                       for e in result.errors],
        }))
