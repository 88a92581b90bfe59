"""The check of a large file's second part, in another process, while the profile reads
the first: on a machine with two cores, that halves the time of the one pass a profile
makes over every row. The worker only says whether its part is plain (no double quote, no
blank line, one line ending) with every line full, and counts it; whatever else it finds,
one reader reads the whole file again, so that messages, their line numbers and the sample
are those of one reader reading the whole file.

    python -m jupyterlab_autopilot.dataset.range_check PATH START HEADER_JSON

prints ``done <bytes>`` as it reads (all of its part last), then one JSON line: the summary, or null.
"""
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from .errors import Cancelled, DatasetError
from .reader import CsvReader

log = logging.getLogger(__name__)

_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def check_range(path: str, start: int, header: list[str], report: Callable[[int], None]) -> dict | None:
    """{rows, crlf, lf, style} of the lines from ``start`` on, or None when they are not
    all plain and full."""
    reader = CsvReader(path, os.path.basename(path), start=start, header=header, progress=report)
    try:
        for _batch in reader.batches():
            pass
    except DatasetError:
        return None
    endings = reader._endings
    if reader.plain_eol() is None or not reader.rows:  # (plain: one line ending)
        return None
    return {"rows": reader.rows, "crlf": endings.crlf, "lf": endings.lf, "style": endings.first_style}


class RangeCheck:
    """``check_range`` in a child process, followed from a thread: ``done`` bytes so far,
    ``wait`` for the summary."""

    def __init__(self, path: str, start: int, header: list[str]):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (_PACKAGE_PARENT, os.environ.get("PYTHONPATH")) if p)}
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__, path, str(start), json.dumps(header)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.done = 0
        self._summary: dict | None = None
        self._stopped = False  # by ``close``: its end is no failure to log
        self._follower = threading.Thread(target=self._follow, name="autopilot-range-check", daemon=True)
        self._follower.start()

    def _follow(self):
        for line in self._process.stdout:
            if line.startswith(b"done "):
                self.done = int(line[5:])
            else:
                self._summary = json.loads(line)
        self._process.wait()
        if self._process.returncode and not self._stopped:
            log.warning("autopilot: the range check ended with %s: %s", self._process.returncode,
                        self._process.stderr.read().decode("utf-8", "replace")[-2000:])
            self._summary = None

    def wait(self, progress: Callable[[int], None], cancelled: Callable[[], bool]) -> dict | None:
        """The summary (None: read the part again), once the child has ended."""
        while self._follower.is_alive():
            if cancelled():
                self.close()
                raise Cancelled()
            progress(self.done)
            self._follower.join(0.05)
        return self._summary

    def close(self):
        """Ends the child if it still runs (the profile failed, was cancelled, or reads on alone)."""
        if self._process.poll() is None:
            self._stopped = True
            self._process.kill()
        self._process.wait()
        self._follower.join()
        self._process.stdout.close()
        self._process.stderr.close()


def main(argv: list[str]) -> int:
    path, start, header = argv[0], int(argv[1]), json.loads(argv[2])
    last = [0.0]

    def report(done: int):
        if time.monotonic() - last[0] > 0.05:  # a few lines per second are enough
            last[0] = time.monotonic()
            print(f"done {done}", flush=True)

    summary = check_range(path, start, header, report)
    print(f"done {os.path.getsize(path) - start}", flush=True)  # the last report, not throttled: all of it
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
