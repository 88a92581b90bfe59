"""The environment the sandbox hands to Jupyter, the CLI, and that no real credentials leak in."""
import json
import os
import signal
import subprocess
import sys
import textwrap

from jupyterlab_autopilot.sandbox.__main__ import build_parser, export_lines, lab_command, main
from jupyterlab_autopilot.sandbox.moto_backend import SECRET_ACCESS_KEY
from jupyterlab_autopilot.tests.sandbox_fixtures import sandbox  # noqa: F401 (fixture)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def test_env_points_every_service_at_the_sandbox(sandbox):
    env = sandbox.env
    assert env["AWS_ENDPOINT_URL_SAGEMAKER"] == sandbox.endpoints["sagemaker"]
    for service in ("S3", "STS", "IAM"):
        assert env["AWS_ENDPOINT_URL_" + service] == sandbox.endpoints["moto"]
    assert env["AWS_ENDPOINT_URL_SAGEMAKER"] != sandbox.endpoints["moto"]
    assert all(url.startswith("http://127.0.0.1:") for url in sandbox.endpoints.values())
    assert env["AWS_DEFAULT_REGION"] == "us-east-1" and env["JUPYTERLAB_AUTOPILOT_SANDBOX"] == "1"
    assert sandbox.bucket == "sagemaker-us-east-1-123456789012"
    role = env["JUPYTERLAB_AUTOPILOT_EXECUTION_ROLE_ARN"]
    assert role == sandbox.role_arn
    assert sandbox.client("iam").get_role(RoleName=role.rsplit("/", 1)[1])["Role"]["Arn"] == role
    sandbox.client("s3").head_bucket(Bucket=sandbox.bucket)
    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        assert os.path.getsize(env[name]) == 0 and env[name].startswith(sandbox.state_dir)


def test_child_environment_drops_real_credentials(sandbox):
    real = {"AWS_PROFILE": "prod", "AWS_SESSION_TOKEN": "real-token", "AWS_ACCESS_KEY_ID": "AKIAREALREALREAL",
            "AWS_SECRET_ACCESS_KEY": "real-secret", "AWS_ENDPOINT_URL": "https://example.com", "PATH": "/usr/bin"}
    env = sandbox.child_environment(real)
    assert "AWS_PROFILE" not in env and "AWS_SESSION_TOKEN" not in env and "AWS_ENDPOINT_URL" not in env
    assert env["AWS_ACCESS_KEY_ID"] == sandbox.env["AWS_ACCESS_KEY_ID"] and env["PATH"] == "/usr/bin"
    lines = export_lines(sandbox)
    assert lines[0].startswith("unset AWS_PROFILE ")
    assert "export JUPYTERLAB_AUTOPILOT_SANDBOX=1" in lines


def test_real_aws_files_never_reach_a_child(sandbox, tmp_path):
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text("[default]\naws_access_key_id = AKIAREALHOMEKEY\n"
                                              "aws_secret_access_key = realhomesecret\n[prod]\n"
                                              "aws_access_key_id = AKIAREALPRODKEY\naws_secret_access_key = x\n")
    (home / ".aws" / "config").write_text("[default]\nregion = eu-west-1\n[profile prod]\nregion = eu-west-1\n")
    base = dict(os.environ, HOME=str(home), AWS_PROFILE="prod")
    base.pop("AWS_ACCESS_KEY_ID", None)
    script = textwrap.dedent("""
        import boto3, json
        s = boto3.session.Session()
        sts = s.client("sts")
        print(json.dumps({"key": s.get_credentials().access_key, "region": s.region_name,
                          "account": sts.get_caller_identity()["Account"]}))
    """)
    out = subprocess.run([sys.executable, "-c", script], env=sandbox.child_environment(base),
                         capture_output=True, timeout=60, text=True)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen == {"key": sandbox.env["AWS_ACCESS_KEY_ID"], "region": "us-east-1", "account": "123456789012"}


def test_responses_never_carry_the_secret(sandbox):
    sm = sandbox.client("sagemaker")
    for call in (sm.list_auto_ml_jobs, sm.list_models, sm.list_training_jobs):
        assert SECRET_ACCESS_KEY not in json.dumps(call(), default=str)


def test_lab_command_and_arguments():
    args = build_parser().parse_args(["lab", "--speed", "5", "--", "--ServerApp.allow_root=True", "--no-browser"])
    assert args.speed == 5 and args.lab_args == ["--", "--ServerApp.allow_root=True", "--no-browser"]
    argv = lab_command(args.lab_command, args.lab_args)
    assert argv[-2:] == ["--ServerApp.allow_root=True", "--no-browser"]
    assert argv[:2] == ["jupyter", "lab"] or argv[1:3] == ["-m", "jupyterlab"]


def test_lab_runs_its_child_with_the_sandbox_env(tmp_path):
    report = tmp_path / "env.json"
    child = "%s -c \"import json, os, sys; json.dump(dict(os.environ), open(sys.argv[1], 'w'))\"" % sys.executable
    code = main(["lab", "--state-dir", str(tmp_path / "state"), "--command", child, "--", str(report)])
    assert code == 0
    env = json.loads(report.read_text())
    assert env["JUPYTERLAB_AUTOPILOT_SANDBOX"] == "1"
    assert env["AWS_ENDPOINT_URL_SAGEMAKER"].startswith("http://127.0.0.1:")
    assert env["AWS_CONFIG_FILE"] == str(tmp_path / "state" / "aws" / "config")
    assert (tmp_path / "state" / "aws" / "credentials").exists()  # a given state dir is kept


def test_serve_prints_exports_and_stops_on_sigterm():
    proc = subprocess.Popen([sys.executable, "-m", "jupyterlab_autopilot.sandbox", "serve", "--speed", "2"],
                            cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith("export JUPYTERLAB_AUTOPILOT_SANDBOX="):
                break
        exports = dict(l[len("export "):].split("=", 1) for l in lines if l.startswith("export "))
        assert exports["AWS_ENDPOINT_URL_SAGEMAKER"].startswith("http://127.0.0.1:")
        with __import__("urllib.request").request.urlopen(exports["AWS_ENDPOINT_URL_SAGEMAKER"] + "/_sandbox/health") as r:
            assert json.loads(r.read())["sandbox"] is True
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
