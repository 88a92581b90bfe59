"""Reads an AutoML job's CSV input from the sandbox's S3 and profiles it.

The profile (columns, types, row count, missing values, target distribution) drives both the
synchronous validation of CreateAutoMLJob and the contents of the generated notebooks.
"""
import csv
import gzip
import io
import json
import statistics
from collections import Counter

from .errors import validation
from .validation import s3_uri

# Enough rows for realistic statistics without holding a large dataset in memory.
PROFILE_BYTES = 32 * 1024 * 1024
_MISSING = {"", "nan", "NaN", "NAN", "null", "NULL", "None", "NA", "N/A"}


def _is_missing(value):
    return value.strip() in _MISSING


def _as_number(value):
    try:
        return float(value)
    except ValueError:
        return None


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
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise validation("The input file %s is empty or has no header row" % uri)
    header = [h.strip() for h in header]
    rows = [r for r in reader if r and any(c.strip() for c in r)]
    total = int(len(rows) * size / len(raw)) if truncated and raw else len(rows)
    return header, rows, total


class ColumnProfile:
    def __init__(self, name, values):
        self.name = name
        present = [v for v in values if not _is_missing(v)]
        self.missing = len(values) - len(present)
        numbers = [n for n in (_as_number(v) for v in present) if n is not None]
        self.numeric_fraction = len(numbers) / len(present) if present else 0.0
        self.counts = Counter(v.strip() for v in present)
        self.unique = len(self.counts)
        self.unique_words = len({w for v in self.counts for w in v.split()})
        if present and self.numeric_fraction >= 0.9:
            self.kind = "numeric"
            self.mean = statistics.fmean(numbers)
            self.median = statistics.median(numbers)
            self.min, self.max = min(numbers), max(numbers)
        else:
            avg_words = sum(len(v.split()) for v in present) / len(present) if present else 0
            many = self.unique > max(50, 0.5 * len(present))
            self.kind = "text" if (avg_words >= 3 or many) else "categorical"
            self.mean = self.median = self.min = self.max = None
        self.integral = self.kind == "numeric" and all(float(n).is_integer() for n in numbers)


class DatasetProfile:
    """What Autopilot's data analysis step learns about the dataset."""

    def __init__(self, uri, header, rows, total_rows):
        self.uri = uri
        self.header = header
        self.rows = total_rows
        self.sample_rows = rows
        width = len(header)
        columns = list(zip(*[(r + [""] * width)[:width] for r in rows])) if rows else [()] * width
        self.columns = [ColumnProfile(name, list(col)) for name, col in zip(header, columns)]
        self.duplicates = len(rows) - len({tuple(r) for r in rows})

    def column(self, name):
        return next((c for c in self.columns if c.name == name), None)

    def kinds(self, exclude=None):
        return Counter(c.kind for c in self.columns if c.name != exclude)

    def infer_problem_type(self, target):
        col = self.column(target)
        if col.kind == "numeric" and (not col.integral or col.unique > 10):
            return "Regression"
        return "BinaryClassification" if col.unique == 2 else "MulticlassClassification"


def profile_s3_csv(s3, uri, data_type=None, compression=None, field="s3Uri"):
    bucket, key = first_data_object(s3, uri, data_type, field)
    header, rows, total = read_csv_sample(s3, bucket, key, compression)
    return DatasetProfile("s3://%s/%s" % (bucket, key), header, rows, total)
