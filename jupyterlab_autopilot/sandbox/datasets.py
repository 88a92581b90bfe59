"""Reads an AutoML job's CSV input from the sandbox's S3 and profiles it.

The profile (columns, types, row count, missing values, target distribution) drives both the
synchronous validation of CreateAutoMLJob and the contents of the generated notebooks.
"""
import gzip
import json

from ..dataset.sample import DatasetProfile, parse_csv_text
from .errors import validation
from .validation import s3_uri

# Enough rows for realistic statistics without holding a large dataset in memory.
PROFILE_BYTES = 32 * 1024 * 1024


def first_data_object(s3, uri, data_type, field):
    """(bucket, key) of the first data file that an S3 data source designates."""
    bucket, key = s3_uri(uri, field)
    if data_type == "ManifestFile":
        body = _get(s3, bucket, key, uri).decode("utf-8")
        entries = json.loads(body)
        prefix = next((e["prefix"] for e in entries if isinstance(e, dict) and "prefix" in e), None)
        files = [e for e in entries if isinstance(e, str)]
        if not prefix or not files:
            raise validation("The manifest file %s has no prefix or no files" % uri)
        return s3_uri(prefix.rstrip("/") + "/" + files[0], field)
    if data_type not in (None, "S3Prefix"):
        raise validation("S3DataType %s is not supported by the sandbox (use S3Prefix or ManifestFile)" % data_type)
    try:
        listing = s3.list_objects_v2(Bucket=bucket, Prefix=key)
    except s3.exceptions.NoSuchBucket:
        raise validation("The bucket %s does not exist" % bucket) from None
    keys = [o["Key"] for o in listing.get("Contents", []) if not o["Key"].endswith("/") and o["Size"] > 0]
    if not keys:
        raise validation("No data files were found at %s" % uri)
    return bucket, sorted(keys)[0]


def _get(s3, bucket, key, uri, byte_range=None):
    try:
        kwargs = {"Bucket": bucket, "Key": key}
        if byte_range:
            kwargs["Range"] = byte_range
        return s3.get_object(**kwargs)["Body"].read()
    except Exception as exc:  # botocore's NoSuchKey/NoSuchBucket/AccessDenied all mean the same here
        raise validation("Could not read %s: %s" % (uri, exc)) from None


def read_csv_sample(s3, bucket, key, compression=None):
    """(header, rows, total_rows_estimate) from the start of a CSV object."""
    uri = "s3://%s/%s" % (bucket, key)
    size = s3.head_object(Bucket=bucket, Key=key)["ContentLength"]
    if compression == "Gzip":
        raw = gzip.decompress(_get(s3, bucket, key, uri))
        truncated = False
    else:
        truncated = size > PROFILE_BYTES
        raw = _get(s3, bucket, key, uri, "bytes=0-%d" % (PROFILE_BYTES - 1) if truncated else None)
    text = raw.decode("utf-8-sig", errors="replace")
    if truncated:
        text = text[: text.rfind("\n") + 1]  # drop the partial last line
    header, rows = parse_csv_text(text)
    if not header:
        raise validation("The input file %s is empty or has no header row" % uri)
    total = int(len(rows) * size / len(raw)) if truncated and raw else len(rows)
    return header, rows, total


def profile_s3_csv(s3, uri, data_type=None, compression=None, field="s3Uri"):
    bucket, key = first_data_object(s3, uri, data_type, field)
    header, rows, total = read_csv_sample(s3, bucket, key, compression)
    return DatasetProfile("s3://%s/%s" % (bucket, key), header, rows, total)
