"""The tag every AWS resource of a workflow carries, so that clean-up finds exactly what it made.
(The frontend's twin is src/workflow/tags.ts.)"""
import re

WORKFLOW_TAG_KEY = "jupyterlab-autopilot:workflow"
# The panel makes the id: a short random id.
WORKFLOW_ID = re.compile(r"[a-z0-9]{8,16}")


def workflow_tags(workflow_id: str) -> dict[str, str]:
    return {WORKFLOW_TAG_KEY: workflow_id}
