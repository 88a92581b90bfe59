"""``python -m jupyterlab_autopilot.sandbox`` (also ``jupyter-autopilot-sandbox``).

    serve                 run the sandbox in the foreground and print its environment
    lab [-- LAB-ARGS...]  run the sandbox, then ``jupyter lab`` with that environment
"""
import argparse
import shlex
import shutil
import signal
import subprocess
import sys
import threading

from .launcher import start_sandbox

READY_LINE = "# sandbox ready"
FORWARDED_SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))


def build_parser():
    parser = argparse.ArgumentParser(
        prog="jupyter-autopilot-sandbox",
        description="Offline SageMaker Autopilot sandbox: moto plus an Autopilot simulator, on loopback.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--speed", type=float, default=1.0,
                        help="time multiplier for simulated jobs (10 = ten times faster); default 1")
    common.add_argument("--port", type=int, default=0, help="port of the SageMaker simulator (default: a free port)")
    common.add_argument("--moto-port", type=int, default=0, help="port of moto (default: a free port)")
    common.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    common.add_argument("--quota", action="append", default=[], metavar="NAME=VALUE", type=_quota,
                        help="set a SageMaker quota, e.g. --quota 'ml.m5.4xlarge for training job usage=8' "
                             "(default: a new account's values); repeatable")
    common.add_argument("--state-dir", help="folder for the sandbox's files (default: a temporary folder, removed on exit)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", parents=[common], help="run the sandbox in the foreground and print its environment")
    lab = sub.add_parser("lab", parents=[common], help="run the sandbox, then jupyter lab with its environment")
    lab.add_argument("--command", dest="lab_command", default="jupyter lab",
                     help="the command to run instead of 'jupyter lab' (default: %(default)s)")
    lab.add_argument("lab_args", nargs=argparse.REMAINDER, help="arguments for jupyter lab, after --")
    return parser


def _quota(text):
    name, sep, value = text.rpartition("=")
    try:
        return name.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError("expected NAME=VALUE, e.g. 'ml.m5.4xlarge for training job usage=8'") from None


def export_lines(sandbox):
    lines = ["unset %s" % " ".join(sandbox.unset)]
    lines += ["export %s=%s" % (k, shlex.quote(v)) for k, v in sorted(sandbox.env.items())]
    return lines


def lab_command(command, lab_args):
    """The child's argv: ``command`` split like a shell would, then the arguments after ``--``."""
    args = list(lab_args)
    if args[:1] == ["--"]:
        args = args[1:]
    argv = shlex.split(command)
    if argv[:2] == ["jupyter", "lab"] and not shutil.which("jupyter"):
        argv = [sys.executable, "-m", "jupyterlab"] + argv[2:]  # a venv that was not activated
    return argv + args


def _sandbox_from(args):
    return start_sandbox(host=args.host, port=args.port, speed=args.speed, moto_port=args.moto_port,
                         state_dir=args.state_dir, quotas=dict(args.quota))


def _banner(sandbox, out):
    print("jupyterlab-autopilot sandbox (simulated SageMaker, no AWS account used)", file=out)
    for name, url in sandbox.endpoints.items():
        print("  %-10s %s" % (name, url), file=out)
    print("  %-10s %s" % ("role", sandbox.role_arn), file=out)
    print("  %-10s s3://%s" % ("bucket", sandbox.bucket), file=out)
    out.flush()


def serve(args):
    sandbox = _sandbox_from(args)
    done = threading.Event()
    for sig in FORWARDED_SIGNALS:
        signal.signal(sig, lambda *_: done.set())
    try:
        _banner(sandbox, sys.stderr)
        # The last line says the environment is complete (a comment, so `eval "$(... serve)"` still works).
        print("\n".join(export_lines(sandbox) + [READY_LINE]), flush=True)
        while not done.wait(0.5):
            pass
    finally:
        sandbox.stop()
    return 0


def run_lab(args):
    argv = lab_command(args.lab_command, args.lab_args)
    sandbox = _sandbox_from(args)
    try:
        _banner(sandbox, sys.stderr)
        child = subprocess.Popen(argv, env=sandbox.child_environment())
        # Forward the signals we receive to jupyter lab and keep waiting for it: it decides when to exit.
        for sig in FORWARDED_SIGNALS:
            signal.signal(sig, lambda signum, _frame: child.send_signal(signum))
        return child.wait()
    finally:
        for sig in FORWARDED_SIGNALS:
            signal.signal(sig, signal.SIG_DFL)
        sandbox.stop()


def main(argv=None):
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    return run_lab(args)


if __name__ == "__main__":
    sys.exit(main())
