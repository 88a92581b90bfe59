"""The in-memory registry of tasks and the life of one task."""
import asyncio
import logging
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from ..dataset.errors import Cancelled, DatasetError

log = logging.getLogger(__name__)

# Ended tasks stay listed this long, for a page reloaded after the end.
RETENTION_SECONDS = 3600.0


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Task:
    """One piece of work. The worker thread reports progress through ``report`` and
    checks ``cancelled``; the registry sets the end state."""

    def __init__(self, kind: str, params: dict, workflow_id: str | None, clock: Callable[[], float]):
        self.id = secrets.token_hex(8)
        self.kind = kind
        self.params = params
        self.workflow_id = workflow_id
        self.state = "running"
        self.created = clock()
        self.ended: float | None = None
        self.progress = {"done": 0, "total": None, "unit": "bytes", "phase": "starting"}
        self.result: dict | None = None
        self.error: dict | None = None
        self._cancel = threading.Event()
        self.future: asyncio.Future | None = None

    def report(self, done: int | None = None, *, total: int | None = None, phase: str | None = None,
               unit: str | None = None):
        # A new dict each time: readers on the event loop never see a half-updated one.
        progress = dict(self.progress)
        for key, value in (("done", done), ("total", total), ("phase", phase), ("unit", unit)):
            if value is not None:
                progress[key] = value
        self.progress = progress

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def request_cancel(self):
        self._cancel.set()

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "workflowId": self.workflow_id,
            "state": self.state,
            "createdAt": _iso(self.created),
            "endedAt": _iso(self.ended),
            "params": self.params,
            "progress": self.progress,
            "result": self.result,
            "error": self.error,
        }


class TaskRegistry:
    def __init__(self, workers: int = 2, clock: Callable[[], float] = time.time):
        # Our own pool: long tasks must not starve the default executor the other handlers use.
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="autopilot-task")
        self._clock = clock
        self._tasks: dict[str, Task] = {}

    def start(self, kind: str, params: dict, workflow_id: str | None, work: Callable[[Task], dict]) -> Task:
        """Runs ``work(task)`` in the pool; call on the event loop."""
        self._prune()
        task = Task(kind, params, workflow_id, self._clock)
        self._tasks[task.id] = task
        loop = asyncio.get_running_loop()
        task.future = asyncio.ensure_future(self._run(loop, task, work))
        return task

    async def _run(self, loop, task: Task, work):
        try:
            result = await loop.run_in_executor(self._executor, work, task)
        except Cancelled:
            task.state = "cancelled"
        except DatasetError as error:
            task.state, task.error = "failed", error.as_json()
        except Exception:  # noqa: BLE001 - a task's failure must not take the server down
            log.exception("autopilot: task %s (%s) failed", task.id, task.kind)
            task.state = "failed"
            task.error = {
                "code": "InternalError",
                "message": "The task failed unexpectedly. The Jupyter server log has the details; please report them.",
            }
        else:
            # Asked to stop after the work's last check: the work is done, so say so.
            task.result, task.state = result, "succeeded"
        task.ended = self._clock()

    def get(self, task_id: str) -> Task | None:
        return self._tasks.get(task_id)

    def list(self, workflow_id: str | None = None) -> list[Task]:
        self._prune()
        tasks = [t for t in self._tasks.values() if workflow_id is None or t.workflow_id == workflow_id]
        return sorted(tasks, key=lambda t: t.created, reverse=True)

    def cancel(self, task_id: str) -> Task | None:
        task = self._tasks.get(task_id)
        if task is not None and task.state == "running":
            task.request_cancel()
        return task

    def running(self, kind: str, workflow_id: str | None) -> Task | None:
        return next((t for t in self._tasks.values()
                     if t.state == "running" and t.kind == kind and t.workflow_id == workflow_id), None)

    def _prune(self):
        horizon = self._clock() - RETENTION_SECONDS
        for task_id in [i for i, t in self._tasks.items() if t.ended is not None and t.ended < horizon]:
            del self._tasks[task_id]

    async def close(self):
        for task in self._tasks.values():
            task.request_cancel()
        pending = [t.future for t in self._tasks.values() if t.future is not None and not t.future.done()]
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        self._executor.shutdown(wait=False)
