"""Does the bucket exist, and create it (only after the user consented, in the panel)."""
import re

from botocore.exceptions import BotoCoreError, ClientError

from ..workflow_tags import workflow_tags
from .errors import DatasetError
from .upload import error_code, s3_failure


def bucket_status(s3, bucket: str) -> dict:
    """``exists`` is None when S3 will not say (403): the panel then asks the user."""
    try:
        answer = s3.head_bucket(Bucket=bucket)
    except ClientError as error:
        code = error_code(error)
        if code in ("404", "NoSuchBucket", "NotFound"):
            return {"bucket": bucket, "exists": False, "region": None}
        if code in ("403", "AccessDenied"):
            return {
                "bucket": bucket,
                "exists": None,
                "region": error.response.get("ResponseMetadata", {}).get("HTTPHeaders", {}).get("x-amz-bucket-region"),
                "accessDenied": "S3 does not let the Jupyter server's identity look at this bucket (403). It may "
                "belong to another account: choose another bucket, or allow s3:ListBucket on it.",
            }
        raise s3_failure("HeadBucket", error, bucket) from None
    except BotoCoreError as error:
        raise s3_failure("HeadBucket", error, bucket) from None
    region = answer.get("BucketRegion") or answer.get("ResponseMetadata", {}).get("HTTPHeaders", {}).get(
        "x-amz-bucket-region")
    return {"bucket": bucket, "exists": True, "region": region}


def _exists(bucket: str, owned: bool) -> DatasetError:
    if owned:
        return DatasetError("bucket-exists", f"The bucket {bucket} already exists and is yours: use it.",
                            bucket=bucket, ownedByYou=True)
    return DatasetError("bucket-exists", f"The bucket name {bucket} is taken by another account. Choose another name.",
                        bucket=bucket, ownedByYou=False)


def create_bucket(s3, bucket: str, region: str, workflow_id: str | None = None) -> dict:
    """Creates ``bucket`` in ``region``, tagged with the workflow that asked for it."""
    # In us-east-1, CreateBucket of a bucket you own succeeds again (and resets its ACL): ask first.
    exists = bucket_status(s3, bucket)["exists"]
    if exists is not False:
        raise _exists(bucket, owned=exists is True)
    kwargs = {"Bucket": bucket}
    if region != "us-east-1":  # S3's one region that refuses its own name as a constraint
        kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
    try:
        s3.create_bucket(**kwargs)
    except ClientError as error:
        code = error_code(error)
        if code in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise _exists(bucket, owned=code == "BucketAlreadyOwnedByYou") from None
        raise s3_failure("CreateBucket", error, bucket) from None
    except BotoCoreError as error:
        raise s3_failure("CreateBucket", error, bucket) from None
    if workflow_id:
        tags = [{"Key": k, "Value": v} for k, v in workflow_tags(workflow_id).items()]
        try:
            s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags})
        except (ClientError, BotoCoreError) as error:
            raise s3_failure("PutBucketTagging", error, bucket) from None
    return {"bucket": bucket, "created": True, "region": region}


_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def check_bucket_name(bucket) -> str:
    if not isinstance(bucket, str) or not _BUCKET_NAME.fullmatch(bucket) or ".." in bucket:
        raise DatasetError("invalid-bucket", f"{bucket!r} is not an S3 bucket name: 3 to 63 lowercase letters, "
                           "digits, dots and hyphens, starting and ending with a letter or digit.", bucket=bucket)
    return bucket
