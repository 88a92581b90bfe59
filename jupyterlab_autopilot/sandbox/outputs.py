"""What a finished job leaves behind, where the SageMaker SDK reads it.

- the model artifact ``model.tar.gz`` (a real gzip tar; the SDK repacks or deploys it), holding
  ``sandbox-model.json``: which Autopilot job's data the model was trained on, so an endpoint
  serving it can answer with that dataset's labels;
- the job's CloudWatch Logs stream in ``/aws/sagemaker/TrainingJobs`` (``fit(logs=True)`` streams it);
- its metrics in CloudWatch, namespace ``/aws/sagemaker/TrainingJobs``, dimension ``TrainingJobName``
  (``TrainingJobAnalytics`` reads them).
moto stores all three; the simulator writes them once, when it first sees the job finished.
"""
import io
import json
import tarfile
import time

from .validation import s3_uri

LOG_GROUP = "/aws/sagemaker/TrainingJobs"
METRIC_NAMESPACE = "/aws/sagemaker/TrainingJobs"
MODEL_FILE = "sandbox-model.json"


def model_tarball(info):
    """A model.tar.gz holding ``sandbox-model.json`` with ``info``."""
    data = json.dumps(info, indent=1).encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        member = tarfile.TarInfo(MODEL_FILE)
        member.size, member.mtime = len(data), int(time.time())
        tar.addfile(member, io.BytesIO(data))
    return out.getvalue()


def read_model_info(s3, uri):
    """``sandbox-model.json`` of the model.tar.gz at ``uri``, or None if it has none."""
    bucket, key = s3_uri(uri, "modelDataUrl")
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        with tarfile.open(fileobj=io.BytesIO(body), mode="r:gz") as tar:
            return json.loads(tar.extractfile(MODEL_FILE).read())
    except Exception:  # not a sandbox model (e.g. the user's own upload): no context
        return None


def write_logs(logs, stream, lines, start, end):
    """One log stream with ``lines`` spread over [start, end] (epoch seconds)."""
    try:
        logs.create_log_group(logGroupName=LOG_GROUP)
    except logs.exceptions.ResourceAlreadyExistsException:
        pass
    logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=stream)
    step = (end - start) / max(1, len(lines) - 1)
    events = [{"timestamp": int((start + i * step) * 1000), "message": line} for i, line in enumerate(lines)]
    logs.put_log_events(logGroupName=LOG_GROUP, logStreamName=stream, logEvents=events)


def write_metrics(cloudwatch, job_name, metrics, start, end, points=5):
    """Each metric as ``points`` values over the job's run, ending at its final value."""
    data = []
    for name, value in metrics.items():
        for i in range(points):
            t = start + (end - start) * (i + 1) / points
            drift = (points - 1 - i) * 0.01 * abs(value)
            data.append({"MetricName": name, "Dimensions": [{"Name": "TrainingJobName", "Value": job_name}],
                         "Timestamp": t, "Value": value - drift if "loss" not in name and "mse" not in name else value + drift})
    for i in range(0, len(data), 20):
        cloudwatch.put_metric_data(Namespace=METRIC_NAMESPACE, MetricData=data[i:i + 20])
