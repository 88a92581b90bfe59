"""The frontend's AWS calls and the proxy's table agree: every SDK command the
extension's sources use (``new XxxCommand(``, or a name imported or re-exported from an
``@aws-sdk/client-*`` package, as ``src/aws/index.ts`` does for the lazy chunk) maps to
an action the table allows. Otherwise the call would meet a 403 only in front of a user."""
import re
from pathlib import Path

from jupyterlab_autopilot.proxy.actions import ALLOWED_ACTIONS

ROOT = Path(__file__).parents[2]
SDK = ROOT / "node_modules" / "@aws-sdk"
# The SDK's client packages, by the proxy's service name.
CLIENT_PACKAGES = {
    "client-s3": "s3",
    "client-sagemaker": "sagemaker",
    "client-sagemaker-runtime": "sagemaker-runtime",
    "client-service-quotas": "servicequotas",
    "client-sts": "sts",
}

_NAMED_IMPORT = re.compile(
    r"\b(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['\"]@aws-sdk/([\w-]+)['\"]", re.S
)
_STAR = re.compile(r"\b(?:import|export)\s+\*\s*(?:as\s+([\w$]+)\s*)?from\s*['\"]@aws-sdk/([\w-]+)['\"]")
_NEW_COMMAND = re.compile(r"\bnew\s+(?:[\w$]+\s*\.\s*)*([\w$]+)\s*\(")


def _is_test(path: Path) -> bool:
    return "__tests__" in path.parts or re.search(r"\.(spec|test)\.tsx?$", path.name) is not None


def _owner(command: str) -> list[str]:
    """The client packages whose SDK defines ``command``."""
    return [p for p in CLIENT_PACKAGES if (SDK / p / "dist-types" / "commands" / f"{command}.d.ts").exists()]


def frontend_commands(src: Path) -> tuple[set[tuple[str, str]], list[str]]:
    """((service, action) used by the sources, problems that stop the check)."""
    used: set[tuple[str, str]] = set()
    problems: list[str] = []

    def add(package: str, command: str, where: str):
        service = CLIENT_PACKAGES.get(package)
        if service is None:
            problems.append(f"{where}: {command} comes from @aws-sdk/{package}, which the proxy does not forward")
        else:
            used.add((service, command[: -len("Command")]))

    for path in sorted(src.rglob("*.ts*")):
        if path.suffix not in (".ts", ".tsx") or _is_test(path):
            continue
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(src))
        aliases: dict[str, tuple[str, str]] = {}  # local name -> (package, command)
        for names, package in _NAMED_IMPORT.findall(text):
            for entry in names.split(","):
                entry = re.sub(r"^\s*type\s+", "", entry).strip()
                original, _, local = (part.strip() for part in entry.partition(" as "))
                if original.endswith("Command"):
                    add(package, original, where)
                    aliases[local or original] = (package, original)
        for _namespace, package in _STAR.findall(text):
            problems.append(f"{where}: `* from @aws-sdk/{package}` hides which commands are used; name them")
        for name in _NEW_COMMAND.findall(text):
            if not name.endswith("Command"):
                continue
            if name in aliases:
                add(*aliases[name], where)
                continue
            owners = _owner(name)
            if len(owners) != 1:
                problems.append(f"{where}: new {name}( is defined by {owners or 'no'} proxied SDK client")
            else:
                add(owners[0], name, where)
    return used, problems


def missing_from(table: dict, used: set[tuple[str, str]]) -> list[str]:
    allowed = {(service, action) for service, groups in table.items() for actions in groups.values() for action in actions}
    return sorted(f"{service}:{action}" for service, action in used - allowed)


def test_every_command_the_frontend_sends_is_in_the_table():
    used, problems = frontend_commands(ROOT / "src")
    assert not problems
    assert {("sagemaker", "ListAutoMLJobs"), ("s3", "HeadBucket"), ("s3", "UploadPart")} <= used  # the scan sees
    assert missing_from(ALLOWED_ACTIONS, used) == []


def test_the_check_fails_when_a_new_command_is_not_in_the_table(tmp_path):
    (tmp_path / "deploy.ts").write_text(
        "import type { Foo } from './foo';\n"
        "const client = aws.createSageMakerClient(options);\n"
        "await client.send(new aws.CreateEndpointCommand({ EndpointName: name }));\n"
    )
    (tmp_path / "upload.ts").write_text(
        "import {\n  PutObjectCommand,\n  type S3Client,\n  CopyObjectCommand as Copy\n} from '@aws-sdk/client-s3';\n"
        "new Copy({});\n"
    )
    used, problems = frontend_commands(tmp_path)
    assert problems == []
    assert used == {("sagemaker", "CreateEndpoint"), ("s3", "PutObject"), ("s3", "CopyObject")}
    table = {service: dict(groups) for service, groups in ALLOWED_ACTIONS.items()}
    table["sagemaker"] = {g: a - {"CreateEndpoint"} for g, a in table["sagemaker"].items()}
    assert missing_from(table, used) == ["s3:CopyObject", "sagemaker:CreateEndpoint"]


def test_a_client_the_proxy_does_not_forward_is_a_problem(tmp_path):
    (tmp_path / "iam.ts").write_text("import { CreateUserCommand } from '@aws-sdk/client-iam';\n")
    _used, problems = frontend_commands(tmp_path)
    assert problems and "client-iam" in problems[0]
