"""The one table of AWS actions the frontend may call through the proxy.

Everything not named here is refused with 403 ``ActionNotAllowed``, whichever service
it is for. Actions are grouped so that an administrator can remove a whole group at
once (``AutopilotConfig.allowed_action_groups``, e.g. ``["read"]`` for read-only) or
single actions (``AutopilotConfig.denied_actions``). The README's security section
lists the same table; a test keeps the two equal, and another fails when the
frontend sends an SDK command whose action is missing here.

No action that returns credentials is ever listed (a test checks every allowed
action's output shape in botocore's model).
"""
from collections.abc import Iterable
from dataclasses import dataclass

READ = "read"
"""Describe, List, Get, Search, Head: no change in the account."""
WRITE = "write"
"""Create jobs, upload data, tag: what the workflow makes."""
DEPLOY = "deploy"
"""Models and endpoints: billed by the hour while they run, and test requests to them."""
STOP_AND_DELETE = "stop-and-delete"
"""Stop jobs, delete endpoints, models and objects."""

GROUPS = (READ, WRITE, DEPLOY, STOP_AND_DELETE)

ALLOWED_ACTIONS: dict[str, dict[str, frozenset[str]]] = {
    "sagemaker": {
        READ: frozenset(
            {
                "DescribeAutoMLJob",
                "DescribeAutoMLJobV2",
                "DescribeEndpoint",
                "DescribeEndpointConfig",
                "DescribeHyperParameterTuningJob",
                "DescribeModel",
                "DescribeTrainingJob",
                "ListAutoMLJobs",
                "ListCandidatesForAutoMLJob",
                "ListEndpointConfigs",
                "ListEndpoints",
                "ListHyperParameterTuningJobs",
                "ListModels",
                "ListTags",
                "ListTrainingJobsForHyperParameterTuningJob",
                "Search",
            }
        ),
        WRITE: frozenset({"AddTags", "CreateAutoMLJobV2"}),
        DEPLOY: frozenset({"CreateEndpoint", "CreateEndpointConfig", "CreateModel"}),
        STOP_AND_DELETE: frozenset(
            {
                "DeleteEndpoint",
                "DeleteEndpointConfig",
                "DeleteModel",
                "StopAutoMLJob",
                "StopHyperParameterTuningJob",
                "StopTrainingJob",
            }
        ),
    },
    "sagemaker-runtime": {
        DEPLOY: frozenset({"InvokeEndpoint"}),
    },
    "s3": {
        READ: frozenset(
            {
                "GetObject",
                "GetObjectTagging",
                "HeadBucket",
                "HeadObject",
                "ListMultipartUploads",
                "ListObjectsV2",
                "ListParts",
            }
        ),
        # AbortMultipartUpload is part of uploading: without it a failed upload's parts
        # would stay (and be billed) whenever deleting is not allowed.
        WRITE: frozenset(
            {
                "AbortMultipartUpload",
                "CompleteMultipartUpload",
                "CreateBucket",
                "CreateMultipartUpload",
                "PutObject",
                "PutObjectTagging",
                "UploadPart",
            }
        ),
        STOP_AND_DELETE: frozenset({"DeleteObject", "DeleteObjects"}),
    },
    "servicequotas": {
        READ: frozenset({"GetServiceQuota", "ListAWSDefaultServiceQuotas", "ListServiceQuotas"}),
    },
    # Only who the server is; every other STS action returns or reveals credentials.
    "sts": {
        READ: frozenset({"GetCallerIdentity"}),
    },
}


def group_of(service: str, action: str) -> str | None:
    for group, actions in ALLOWED_ACTIONS.get(service, {}).items():
        if action in actions:
            return group
    return None


def all_actions() -> Iterable[tuple[str, str, str]]:
    """Every (service, group, action) of the table, sorted."""
    for service in sorted(ALLOWED_ACTIONS):
        for group in GROUPS:
            for action in sorted(ALLOWED_ACTIONS[service].get(group, ())):
                yield service, group, action


@dataclass(frozen=True)
class ActionPolicy:
    """The table narrowed by the administrator's settings."""

    allowed_groups: frozenset[str] = frozenset(GROUPS)
    denied: frozenset[str] = frozenset()
    """``service:Action`` names removed one by one."""

    @classmethod
    def from_settings(cls, allowed_groups: Iterable[str], denied_actions: Iterable[str]) -> "ActionPolicy":
        """Raises ``ValueError`` naming the unknown group or action, so that a typo in
        the administrator's configuration never silently allows more than intended."""
        groups = frozenset(allowed_groups)
        unknown = sorted(groups - set(GROUPS))
        if unknown:
            raise ValueError(
                f"AutopilotConfig.allowed_action_groups has unknown group(s) {', '.join(unknown)}; "
                f"the groups are {', '.join(GROUPS)}."
            )
        denied = frozenset(denied_actions)
        for entry in sorted(denied):
            service, _, action = entry.partition(":")
            if group_of(service, action) is None:
                raise ValueError(
                    f"AutopilotConfig.denied_actions names '{entry}', which is not in the proxy's "
                    "table; write it as service:Action, e.g. sagemaker:CreateEndpoint."
                )
        return cls(groups, denied)

    def refusal(self, service: str, action: str) -> str | None:
        """None when the action may pass; otherwise why not, ending with a next step."""
        group = group_of(service, action)
        if group is None:
            return (
                f"{service}:{action} is not allowed through this proxy, which forwards only the "
                "AWS actions jupyterlab-autopilot uses. Call it from a notebook or the AWS CLI "
                "with your own credentials instead."
            )
        if group not in self.allowed_groups:
            return (
                f"{service}:{action} is in the '{group}' group of actions, which the administrator "
                "of this Jupyter server has not allowed (AutopilotConfig.allowed_action_groups). "
                "Ask them, or do it from the AWS console."
            )
        if f"{service}:{action}" in self.denied:
            return (
                f"{service}:{action} is denied by the administrator of this Jupyter server "
                "(AutopilotConfig.denied_actions). Ask them, or do it from the AWS console."
            )
        return None
