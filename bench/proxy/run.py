"""Benchmark of the AWS signing proxy against boto3 straight to the same moto.

Starts its own moto and its own token-protected Jupyter server on loopback, then
measures, in one run and interleaved so both sides see the same machine load:
  * S3 upload throughput (PutObject of a large body), proxy / direct  (goal >= 0.7)
  * small-request latency (S3 HeadObject, STS GetCallerIdentity), proxy / direct (goal <= 2)
Prints a table and writes JSON to bench/results/.

    python bench/proxy/run.py [--size-mib 256] [--rounds 3] [--requests 200]
"""
import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
REGION = "us-east-1"
BUCKET = "bench-proxy"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # answering, even if with 403
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up")
            time.sleep(0.2)


def start_moto(port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wait_for(f"http://127.0.0.1:{port}/moto-api/", process)
    return process


def start_jupyter(port: int, token: str, moto_url: str, root_dir: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        PYTHONPATH=f"{ROOT}{os.pathsep}{env.get('PYTHONPATH', '')}",
        AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION=REGION,
        AWS_ENDPOINT_URL_S3=moto_url, AWS_ENDPOINT_URL_STS=moto_url, AWS_ENDPOINT_URL_SAGEMAKER=moto_url,
        AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_EC2_METADATA_DISABLED="true",
    )
    process = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter_server", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
            "--ServerApp.jpserver_extensions=jupyterlab_autopilot=True", "--ServerApp.log_level=WARN",
            "--allow-root",  # containers and CI often run as root
        ],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=root_dir,
    )
    wait_for(f"http://127.0.0.1:{port}/autopilot/version", process)
    return process


def clients(moto_url: str, proxy_url: str, token: str):
    config = Config(
        s3={"addressing_style": "path", "payload_signing_enabled": False},
        request_checksum_calculation="when_required",
        retries={"max_attempts": 1},
        max_pool_connections=4,
    )
    common = dict(region_name=REGION, aws_access_key_id="bench", aws_secret_access_key="bench", config=config)
    direct = {s: boto3.client(s, endpoint_url=moto_url, **common) for s in ("s3", "sts")}
    proxied = {s: boto3.client(s, endpoint_url=f"{proxy_url}/{s}", **common) for s in ("s3", "sts")}

    def use_jupyter_token(request, **_kwargs):
        request.headers["Authorization"] = f"token {token}"

    for client in proxied.values():
        client.meta.events.register("before-send", use_jupyter_token)
    return direct, proxied


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure_upload(direct, proxied, size_mib: int, rounds: int) -> dict:
    body = os.urandom(1024 * 1024) * size_mib
    seconds = {"direct": [], "proxy": []}
    for round_number in range(rounds):
        for name, s3 in (("direct", direct["s3"]), ("proxy", proxied["s3"])):
            key = f"upload-{name}-{round_number}"
            seconds[name].append(timed(lambda: s3.put_object(Bucket=BUCKET, Key=key, Body=body)))
            s3.delete_object(Bucket=BUCKET, Key=key)  # keep moto's memory in check
    best = {name: min(values) for name, values in seconds.items()}
    throughput = {name: size_mib / value for name, value in best.items()}
    return {
        "size_mib": size_mib,
        "rounds": rounds,
        "seconds": seconds,
        "direct_mib_s": throughput["direct"],
        "proxy_mib_s": throughput["proxy"],
        "ratio": throughput["proxy"] / throughput["direct"],
        "goal": ">= 0.7",
    }


def measure_latency(label: str, direct_call, proxy_call, requests: int) -> dict:
    for _ in range(20):  # warm connections, caches, credential resolution
        direct_call()
        proxy_call()
    samples = {"direct": [], "proxy": []}
    for _ in range(requests):
        samples["direct"].append(timed(direct_call))
        samples["proxy"].append(timed(proxy_call))
    median = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    p90 = {name: statistics.quantiles(values, n=10)[-1] * 1000 for name, values in samples.items()}
    return {
        "call": label,
        "requests": requests,
        "direct_median_ms": median["direct"],
        "proxy_median_ms": median["proxy"],
        "direct_p90_ms": p90["direct"],
        "proxy_p90_ms": p90["proxy"],
        "ratio": median["proxy"] / median["direct"],
        "goal": "<= 2",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    moto_port, jupyter_port, token = free_port(), free_port(), secrets.token_hex(24)
    moto_url = f"http://127.0.0.1:{moto_port}"
    proxy_url = f"http://127.0.0.1:{jupyter_port}/autopilot/aws"
    with tempfile.TemporaryDirectory() as root_dir:
        moto = start_moto(moto_port)
        jupyter = None
        try:
            jupyter = start_jupyter(jupyter_port, token, moto_url, root_dir)
            direct, proxied = clients(moto_url, proxy_url, token)
            direct["s3"].create_bucket(Bucket=BUCKET)
            direct["s3"].put_object(Bucket=BUCKET, Key="small", Body=b"x" * 1024)
            upload = measure_upload(direct, proxied, args.size_mib, args.rounds)
            latency = [
                measure_latency(
                    "s3:HeadObject",
                    lambda: direct["s3"].head_object(Bucket=BUCKET, Key="small"),
                    lambda: proxied["s3"].head_object(Bucket=BUCKET, Key="small"),
                    args.requests,
                ),
                measure_latency(
                    "sts:GetCallerIdentity",
                    direct["sts"].get_caller_identity,
                    proxied["sts"].get_caller_identity,
                    args.requests,
                ),
            ]
        finally:
            for process in (jupyter, moto):
                if process is not None:
                    process.terminate()
                    process.wait(10)

    print(f"{'measure':<34}{'direct':>12}{'proxy':>12}{'ratio':>8}  goal")
    print(f"{f'S3 PutObject {args.size_mib} MiB (MiB/s)':<34}{upload['direct_mib_s']:>12.1f}"
          f"{upload['proxy_mib_s']:>12.1f}{upload['ratio']:>8.2f}  >= 0.7")
    for row in latency:
        print(f"{row['call'] + ' median (ms)':<34}{row['direct_median_ms']:>12.2f}"
              f"{row['proxy_median_ms']:>12.2f}{row['ratio']:>8.2f}  <= 2")
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "upload": upload,
        "latency": latency,
        "goals_met": upload["ratio"] >= 0.7 and all(row["ratio"] <= 2 for row in latency),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"proxy-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2))
    print(f"written: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
