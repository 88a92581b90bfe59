"""``<base_url>autopilot/tasks``: start, list, read and cancel long server work.
Thin: the checks and the work live in ``..tasks``."""
import json

import tornado

from ..dataset.errors import DatasetError
from ..tasks.kinds import EXCLUSIVE, Services, prepare
from ..tasks.registry import TaskRegistry
from .base import autopilot_authorized
from .refusals import Refusal, RefusingAPIHandler


class _TasksBase(RefusingAPIHandler):
    def initialize(self, registry: TaskRegistry, services: Services):
        self._registry = registry
        self._services = services

    def _task_or_404(self, task_id: str):
        task = self._registry.get(task_id)
        if task is None:
            raise Refusal(404, DatasetError(
                "task-not-found",
                f"There is no task {task_id}: it ended more than an hour ago, or the server restarted. "
                "Start it again.",
            ))
        return task


class TasksHandler(_TasksBase):
    @tornado.web.authenticated
    @autopilot_authorized("read")
    async def get(self):
        workflow_id = self.get_query_argument("workflowId", None)
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps({"tasks": [t.as_json() for t in self._registry.list(workflow_id)]}))

    @tornado.web.authenticated
    @autopilot_authorized("execute")
    async def post(self):
        body = self.json_body()
        kind = body.get("kind")
        try:
            prepared = prepare(self._services, kind, body.get("params", {}))
        except DatasetError as error:
            raise Refusal(400, error) from None
        if kind in EXCLUSIVE:
            busy = self._registry.running(kind, prepared.workflow_id)
            if busy is not None:
                raise Refusal(409, DatasetError(
                    "task-running",
                    f"A {kind} of this workflow is already running (task {busy.id}). Wait for it, or cancel it.",
                    taskId=busy.id,
                ))
        task = self._registry.start(kind, prepared.params, prepared.workflow_id, prepared.work)
        self.set_status(202)
        self.finish(json.dumps(task.as_json()))


class TaskHandler(_TasksBase):
    @tornado.web.authenticated
    @autopilot_authorized("read")
    async def get(self, task_id: str):
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(self._task_or_404(task_id).as_json()))

    @tornado.web.authenticated
    @autopilot_authorized("execute")
    async def delete(self, task_id: str):
        self._task_or_404(task_id)
        task = self._registry.cancel(task_id)
        self.set_status(202)
        self.finish(json.dumps(task.as_json()))
