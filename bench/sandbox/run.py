"""Wall time of the workshop's trimmed candidate notebook in the sandbox, and the sandbox's CPU time.

    source .venv/bin/activate
    python bench/sandbox/run.py [--speed 10] [--dataset ../shared/data/churn.txt] [--target 'Churn?']

The sandbox runs as its own process (``python -m jupyterlab_autopilot.sandbox serve``), as a newcomer
starts it, so its CPU time (moto included: it runs in the same process) is measured apart from the
kernel's and this driver's. The run is the workshop test's: an AutoMLV2 pilot job, ``aws s3 cp`` of
the candidate notebook, the project's trimmer, then the notebook in a real kernel, network blocked.
Prints one JSON object: phase wall times, the slowest cells, and the sandbox's CPU seconds.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, ROOT)

from jupyterlab_autopilot.sandbox.__main__ import READY_LINE  # noqa: E402
from jupyterlab_autopilot.tests import workshop_run as run  # noqa: E402


class RunningSandbox:
    """The ``serve`` process, seen through what it printed: the environment its clients get."""

    def __init__(self, speed):
        self.process = subprocess.Popen([sys.executable, "-m", "jupyterlab_autopilot.sandbox", "serve", "--speed",
                                         str(speed)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True)
        self.env, self.unset = {}, []
        for line in self.process.stdout:
            if line.strip() == READY_LINE:
                break
            words = shlex.split(line)
            if words[:1] == ["unset"]:
                self.unset = words[1:]
            elif words[:1] == ["export"]:
                key, _, value = words[1].partition("=")
                self.env[key] = value
        self.role_arn = self.env["JUPYTERLAB_AUTOPILOT_EXECUTION_ROLE_ARN"]
        self.endpoints = {"sagemaker": self.env["AWS_ENDPOINT_URL_SAGEMAKER"]}

    def child_environment(self):
        env = {k: v for k, v in os.environ.items() if k not in self.unset}
        env.update(self.env)
        return env

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.process.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    def stop(self):
        self.process.terminate()
        self.process.wait(20)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--speed", type=float, default=10.0, help="the sandbox's speed (default 10)")
    parser.add_argument("--dataset", default=os.path.join(ROOT, "..", "shared", "data", "churn.txt"))
    parser.add_argument("--target", default="Churn?")
    args = parser.parse_args()
    with open(args.dataset, encoding="utf-8") as f:
        csv_text = f.read().replace("\r\n", "\n")
    sandbox = RunningSandbox(args.speed)
    folder = tempfile.mkdtemp(prefix="bench-sandbox-")
    phases = {}
    try:
        cpu_start = sandbox.cpu_seconds()
        with run.as_client(sandbox) as env:
            t = time.time()
            _, describe = run.start_pilot(sandbox, "bench", csv_text, args.target, "BinaryClassification", "F1")
            phases["pilot job (AutoMLV2.fit)"] = time.time() - t
            t = time.time()
            notebook = run.fetch_and_trim(describe, folder, env)
            phases["fetch (aws s3 cp) and trim"] = time.time() - t
            t = time.time()
            nb, error = run.execute(notebook, folder, env)
            phases["trimmed notebook in a kernel"] = time.time() - t
        if error is not None:
            raise SystemExit("the notebook failed: %s" % error)
        cells = []
        for cell in nb.cells:
            timing = cell.get("metadata", {}).get("execution", {})
            if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
                from datetime import datetime

                start = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
                end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
                cells.append(((end - start).total_seconds(), cell.source.split("\n")[0][:70]))
        cpu = sandbox.cpu_seconds() - cpu_start
    finally:
        sandbox.stop()
    print(json.dumps({
        "speed": args.speed,
        "wall_seconds": {k: round(v, 1) for k, v in phases.items()},
        "total_wall_seconds": round(sum(phases.values()), 1),
        "sandbox_cpu_seconds": round(cpu, 1),
        "slowest_cells": [{"seconds": round(s, 1), "cell": c} for s, c in sorted(cells, reverse=True)[:6]],
    }, indent=1))


if __name__ == "__main__":
    main()
