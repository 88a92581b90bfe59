"""Whether an S3 folder belongs to a workflow, before the clean-up deletes under it.

Plain Python over botocore clients made with the server's identity. The browser names
the folder, but only AWS's own answers decide: a folder qualifies when it lies in the
output of the workflow's AutoML job (the job carries the workflow's tag), or in a bucket
the workflow created (the bucket carries the tag). A bucket root never does.
"""
from botocore.exceptions import BotoCoreError, ClientError

from ..dataset.errors import DatasetError
from ..workflow_tags import WORKFLOW_TAG_KEY
from .s3 import split_prefix


def _folder(uri: str) -> str:
    return uri.rstrip("/")


def _under(uri: str, folder_uri: str) -> bool:
    root = _folder(folder_uri)
    return _folder(uri) == root or uri.startswith(root + "/")


def _tagged(tags, workflow_id: str) -> bool:
    return any(t.get("Key") == WORKFLOW_TAG_KEY and t.get("Value") == workflow_id for t in tags or [])


def _job_output(sagemaker, job_name: str, workflow_id: str) -> str | None:
    """The AutoML job's output folder when the job is the workflow's, else None."""
    try:
        job = sagemaker.describe_auto_ml_job_v2(AutoMLJobName=job_name)
        tags = sagemaker.list_tags(ResourceArn=job["AutoMLJobArn"]).get("Tags", [])
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("ResourceNotFound", "ValidationException"):
            return None
        raise
    if not _tagged(tags, workflow_id):
        return None
    return job.get("OutputDataConfig", {}).get("S3OutputPath")


def _bucket_is_the_workflows(s3, bucket: str, workflow_id: str) -> bool:
    try:
        tags = s3.get_bucket_tagging(Bucket=bucket).get("TagSet", [])
    except ClientError:
        return False  # no tags (NoSuchTagSet), or not ours to read: not the workflow's
    return _tagged(tags, workflow_id)


def check_owned_prefix(sagemaker, s3, uri: str, workflow_id: str, automl_job_name: str | None) -> str:
    """Returns how ``uri`` qualifies (``automl-output`` or ``workflow-bucket``), or raises."""
    try:
        bucket, _ = split_prefix(uri)
    except ValueError as error:
        raise DatasetError("whole-bucket", str(error)) from None
    try:
        if automl_job_name:
            output = _job_output(sagemaker, automl_job_name, workflow_id)
            if output and _under(uri, output):
                return "automl-output"
        if _bucket_is_the_workflows(s3, bucket, workflow_id):
            return "workflow-bucket"
    except (BotoCoreError, ClientError) as error:
        raise DatasetError(
            "ownership-unknown",
            f"Cannot check that {uri} is the workflow's ({error}). Try again, or delete the objects in the S3 console.",
        ) from None
    raise DatasetError(
        "not-workflow-prefix",
        f"{uri} is not the output of workflow {workflow_id}'s AutoML job, nor in a bucket the workflow created: "
        "the clean-up deletes only what the workflow made. Delete other objects in the S3 console.",
    )
