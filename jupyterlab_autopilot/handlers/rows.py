"""``<base_url>autopilot/datasets/row``: one row of the workflow's validation data, without
the target column, for the Deployment step's test request. Thin: the reading lives in
``..dataset.rows``."""
import asyncio
import csv
import io
import json

import tornado

from ..dataset.errors import DatasetError
from ..dataset.rows import RowError, validation_row
from ..dataset.split import SplitPlan
from ..tasks.workspace import Workspace, bad_params, check_workflow_id
from .base import autopilot_authorized
from .refusals import Refusal, RefusingAPIHandler


def _index(value) -> int:
    try:
        index = int(value)
    except (TypeError, ValueError):
        index = -1
    if index < 0 or str(index) != str(value).strip():
        raise Refusal(400, bad_params(f"index must be a row number from 0, not {value!r}."))
    return index


def csv_text(values: list[str]) -> str:
    """One CSV line, quoted where CSV needs it, without a line break (what an endpoint reads)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


class DatasetRowHandler(RefusingAPIHandler):
    def initialize(self, workspace: Workspace):
        self._workspace = workspace

    def _read(self, workflow_id: str, index: int) -> dict:
        try:
            manifest = self._workspace.staged_split(workflow_id)
        except DatasetError as error:
            raise Refusal(404, error) from None
        try:
            full = self._workspace.split_source(manifest)
            row = validation_row(full, manifest["source"], SplitPlan.from_json(manifest["plan"]), index,
                                 drop_column=manifest.get("target"))
        except DatasetError as error:  # the dataset changed since the split
            raise Refusal(409, error) from None
        except RowError as error:
            raise Refusal(404 if error.missing else 400,
                          DatasetError("row-not-found" if error.missing else "bad-row", str(error))) from None
        return {"workflowId": workflow_id, "index": row.index, "header": row.header, "values": row.values,
                "csv": csv_text(row.values), "target": manifest.get("target")}

    @tornado.web.authenticated
    @autopilot_authorized("read")
    async def get(self):
        try:
            workflow_id = check_workflow_id(self.get_query_argument("workflowId", None))
        except DatasetError as error:
            raise Refusal(400, error) from None
        index = _index(self.get_query_argument("index", None))
        answer = await asyncio.get_running_loop().run_in_executor(None, self._read, workflow_id, index)
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(answer))
