"""The pilot job's split of the dataset, ``<job output>/preprocessed-data/tuning_data/{train,validation}/``,
which the candidate notebook's data transformers read.

Every fifth data row goes to validation (Autopilot's 80/20 split, made deterministic), unless the
job had a validation channel; each part keeps the header (the sandbox's choice, so that the files
say which column is which) and Unix line ends.
"""
import gzip

from .validation import s3_uri

TUNING_DATA = "preprocessed-data/tuning_data"


def _text(s3, uri, compression):
    bucket, key = s3_uri(uri, "s3Uri")
    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    if compression == "Gzip":
        body = gzip.decompress(body)
    return body.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def write_tuning_data(sim, job, profiles):
    """``profiles``: {channel type: DatasetProfile} of the job's input (the object each was read from)."""
    compression = {c["ChannelType"] or "training": c["CompressionType"] for c in job.spec.channels}
    lines = [line for line in _text(sim.s3, profiles["training"].uri, compression["training"]).split("\n") if line]
    header, rows = lines[0], lines[1:]
    if "validation" in profiles:
        train = rows
        validation = [line for line in _text(sim.s3, profiles["validation"].uri, compression["validation"])
                      .split("\n")[1:] if line]
    else:
        train = [r for i, r in enumerate(rows) if i % 5 != 4]
        validation = [r for i, r in enumerate(rows) if i % 5 == 4]
    base = "%s/%s" % (job.job_output_s3_base, TUNING_DATA)
    for part, part_rows in (("train", train), ("validation", validation)):
        sim.put_s3("%s/%s/chunk_0.csv" % (base, part), "\n".join([header] + part_rows) + "\n")
