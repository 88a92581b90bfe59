"""Registers the server extension's HTTP routes under <base_url>/autopilot/."""
from jupyter_server.utils import url_path_join
from traitlets import Dict, Float, Int, List, TraitError, Unicode, validate
from traitlets.config import Configurable

from . import __version__
from .aws_context import STUDIO_METADATA_PATH, AwsContextResolver, ContextSettings
from .handlers.buckets import BucketHandler, BucketsHandler
from .handlers.cleanup import CleanupS3Handler
from .handlers.context import AwsContextHandler
from .handlers.proxy import AwsProxyHandler
from .handlers.rows import DatasetRowHandler
from .handlers.tasks import TaskHandler, TasksHandler
from .handlers.version import VersionHandler
from .proxy.access import AwsAccess
from .proxy.actions import GROUPS, ActionPolicy
from .proxy.services import SERVICES
from .proxy.upstream import Timeouts, UpstreamClient
from .tasks import TaskRegistry
from .tasks.kinds import Services
from .tasks.workspace import Workspace, default_staging_dir


class AutopilotConfig(Configurable):
    """Settings of the server extension (``c.AutopilotConfig.<name>`` in jupyter_server_config.py)."""

    region = Unicode(
        None,
        allow_none=True,
        config=True,
        help="AWS region for the proxy and the context. JUPYTERLAB_AUTOPILOT_REGION wins over "
        "it; without either, botocore's region, else us-east-1.",
    )
    execution_role_arn = Unicode(
        None,
        allow_none=True,
        config=True,
        help="Execution role passed to Autopilot when not in SageMaker Studio (before "
        "JUPYTERLAB_AUTOPILOT_EXECUTION_ROLE_ARN).",
    )
    allowed_action_groups = List(
        Unicode(),
        default_value=list(GROUPS),
        config=True,
        help="Groups of AWS actions the proxy forwards (see the README's security section): "
        + ", ".join(GROUPS)
        + ". ['read'] makes the extension read-only.",
    )
    denied_actions = List(
        Unicode(),
        default_value=[],
        config=True,
        help="Single actions the proxy refuses even though their group is allowed, as "
        "service:Action, e.g. ['sagemaker:CreateEndpoint', 's3:DeleteObjects'].",
    )
    max_body_bytes = Dict(
        value_trait=Int(),
        default_value={},
        config=True,
        help="Per-service request body limit in bytes, e.g. {'s3': 5 * 2**30, 'sagemaker': 10 * 2**20}. "
        "Unlisted services keep their defaults: "
        + ", ".join(f"{s.name}={s.default_max_body_bytes}" for s in SERVICES.values()),
    )
    upstream_timeout = Float(60.0, config=True, help="Seconds the proxy waits for AWS to send or accept the next bytes.")
    connect_timeout = Float(10.0, config=True, help="Seconds the proxy waits to connect to AWS.")
    context_cache_seconds = Float(60.0, config=True, help="How long /autopilot/context reuses its STS and S3 lookups.")
    studio_metadata_path = Unicode(
        STUDIO_METADATA_PATH, config=True, help="SageMaker Studio's app metadata file (names the space and its role)."
    )
    staging_dir = Unicode(
        "",
        config=True,
        help="Where the dataset step keeps each workflow's split plan until the upload (outside the workspace). "
        "Empty: a folder in the system's temporary directory.",
    )

    @validate("allowed_action_groups", "denied_actions")
    def _valid_policy(self, proposal):
        # A typo must not leave more allowed than the administrator meant.
        groups = proposal.value if proposal.trait.name == "allowed_action_groups" else GROUPS
        denied = proposal.value if proposal.trait.name == "denied_actions" else ()
        try:
            ActionPolicy.from_settings(groups, denied)
        except ValueError as error:
            raise TraitError(str(error)) from None
        return proposal.value

    def action_policy(self) -> ActionPolicy:
        return ActionPolicy.from_settings(self.allowed_action_groups, self.denied_actions)


def setup_routes(server_app):
    web_app = server_app.web_app
    base = url_path_join(web_app.settings["base_url"], "autopilot")
    config = AutopilotConfig(parent=server_app)
    access = AwsAccess(config.region)
    upstream = UpstreamClient(
        Timeouts(connect=config.connect_timeout, idle=config.upstream_timeout), ca_bundle=access.ca_bundle()
    )
    resolver = AwsContextResolver(
        access,
        ContextSettings(
            version=__version__,
            execution_role_arn=config.execution_role_arn,
            studio_metadata_path=config.studio_metadata_path,
            cache_seconds=config.context_cache_seconds,
        ),
    )
    max_body_bytes = {name: spec.default_max_body_bytes for name, spec in SERVICES.items()}
    max_body_bytes.update(config.max_body_bytes)
    root_dir = getattr(web_app.settings.get("contents_manager"), "root_dir", None) or server_app.root_dir
    workspace = Workspace(root_dir, config.staging_dir or default_staging_dir())
    tasks = {"registry": TaskRegistry(), "services": Services(workspace, lambda: access.client("s3"))}
    web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base, "version"), VersionHandler),
            (url_path_join(base, "context"), AwsContextHandler, {"resolver": resolver}),
            (
                url_path_join(base, "aws") + r"(?:/.*)?",
                AwsProxyHandler,
                {
                    "access": access,
                    "upstream": upstream,
                    "max_body_bytes": max_body_bytes,
                    "policy": config.action_policy(),
                },
            ),
            (url_path_join(base, "tasks"), TasksHandler, tasks),
            (url_path_join(base, "tasks", r"([^/]+)"), TaskHandler, tasks),
            (url_path_join(base, "buckets"), BucketsHandler, {"access": access}),
            (url_path_join(base, "buckets", r"([^/]+)"), BucketHandler, {"access": access}),
            (url_path_join(base, "datasets", "row"), DatasetRowHandler, {"workspace": workspace}),
            (url_path_join(base, "cleanup", "s3"), CleanupS3Handler, {"access": access}),
        ],
    )
