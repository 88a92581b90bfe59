"""The workshop as a newcomer runs it, driven by real clients: the SageMaker Python SDK's AutoMLV2 pilot job,
``aws s3 cp`` of its candidate notebook, the project's trimmer, and the notebook executed by nbclient in a
real kernel. Every client runs with outbound network blocked (a proxy on a closed port), so a call that
would leave the sandbox fails at once. Shared by the workshop tests and ``bench/sandbox``."""
import contextlib
import json
import os
import subprocess
import sys
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TRIM_CLI = os.path.join(ROOT, "lib-cli", "trim", "cli.js")
BLOCKED_NETWORK = {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
                   "https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9",
                   "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}


def client_environment(sandbox):
    """What a kernel of the sandbox's JupyterLab gets, plus the network guard; the venv's bin (aws) first."""
    env = sandbox.child_environment()
    env.update(BLOCKED_NETWORK)
    env["SAGEMAKER_SUPPRESS_V2_WARNING"] = "1"
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return env


@contextlib.contextmanager
def as_client(sandbox):
    """This process's environment as the client's, for SDK calls made from the test itself."""
    saved = dict(os.environ)
    env = client_environment(sandbox)  # computed from this environment before it is replaced
    os.environ.clear()
    os.environ.update(env)
    try:
        yield os.environ
    finally:
        os.environ.clear()
        os.environ.update(saved)


def start_pilot(sandbox, name, csv_text, target, problem_type, metric):
    """Upload the dataset and run an AutoMLV2 pilot job (candidate definitions only) with the SDK; its describe."""
    import sagemaker
    from sagemaker.automl.automlv2 import AutoMLDataChannel, AutoMLTabularConfig, AutoMLV2

    session = sagemaker.Session()
    key = "workshop/%s/train.csv" % name
    session.boto_session.client("s3").put_object(Bucket=session.default_bucket(), Key=key, Body=csv_text.encode())
    automl = AutoMLV2(
        problem_config=AutoMLTabularConfig(target_attribute_name=target, problem_type=problem_type,
                                           generate_candidate_definitions_only=True, mode="HYPERPARAMETER_TUNING"),
        job_objective={"MetricName": metric}, role=sandbox.role_arn, base_job_name=name,
        output_path="s3://%s/workshop-output" % session.default_bucket(), sagemaker_session=session)
    channel = AutoMLDataChannel(s3_data_type="S3Prefix", s3_uri="s3://%s/workshop/%s/" % (session.default_bucket(), name),
                                channel_type="training")
    automl.fit([channel], wait=True, logs=True)  # logs=False hits an SDK bug (F21)
    return automl, automl.describe_auto_ml_job()


def fetch_and_trim(describe, folder, env, trim=True):
    """The candidate notebook downloaded with the AWS CLI, trimmed with the project's CLI: its path."""
    location = describe["AutoMLJobArtifacts"]["CandidateDefinitionNotebookLocation"]
    downloaded = os.path.join(folder, "candidate.ipynb")
    subprocess.run(["aws", "s3", "cp", location, downloaded, "--only-show-errors"], env=env, check=True)
    if not trim:
        return downloaded
    trimmed = os.path.join(folder, "trimmed.ipynb")
    subprocess.run(["node", TRIM_CLI, downloaded, "-o", trimmed], env=env, check=True, capture_output=True)
    return trimmed


def execute(path, folder, env, timeout=600):
    """Run the notebook cell by cell in a real python3 kernel started with ``env``; (notebook, error or None)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": folder}})
    try:
        client.execute(env=env)
        error = None
    except CellExecutionError as exc:
        error = exc
    nbformat.write(nb, os.path.join(folder, "executed-" + os.path.basename(path)))
    return nb, error


def cell_text(cell):
    """Everything a code cell printed or displayed, errors included, without terminal colours."""
    import re

    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        parts.append("".join(out.get("data", {}).get("text/plain", "")))
        parts += out.get("traceback", [])
        parts.append(out.get("evalue", ""))
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(p if isinstance(p, str) else "".join(p) for p in parts))


def answer_problems(sandbox):
    url = sandbox.endpoints["sagemaker"] + "/_sandbox/answer-problems"
    return json.loads(urllib.request.urlopen(url).read())["problems"]
