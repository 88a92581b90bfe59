"""Where tasks read and write: the user's files inside Jupyter's root_dir (never outside
it), the server's staging area for each workflow's split plan (never the user's
workspace), and the profiles already computed (so a split does not read the file twice)."""
import json
import os
import re
import tempfile
import threading
from collections import OrderedDict

from ..dataset.errors import DatasetError
from ..dataset.profile import Profile
from ..workflow_tags import WORKFLOW_ID

_PROFILES_KEPT = 8
_UNSAFE_KEY_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def default_staging_dir() -> str:
    """A per-user folder in the temporary directory (split plans are derived data)."""
    path = os.path.join(tempfile.gettempdir(), f"jupyterlab-autopilot-staging-{os.getuid()}")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def bad_params(message: str, **extra) -> DatasetError:
    return DatasetError("invalid-params", message, **extra)


def check_workflow_id(value) -> str:
    if not isinstance(value, str) or not WORKFLOW_ID.fullmatch(value):
        raise bad_params(f"workflowId must be 8 to 16 lowercase letters or digits, not {value!r}. The panel "
                         "makes one when the workflow starts.")
    return value


def dataset_name(contents_path: str) -> str:
    """The name the split files and S3 keys use: the file's name without extension, S3-safe."""
    stem = os.path.splitext(contents_path.rsplit("/", 1)[-1])[0]
    return _UNSAFE_KEY_CHARS.sub("-", stem).strip("-.") or "dataset"


class Workspace:
    def __init__(self, root_dir: str, staging_dir: str):
        self.root_dir = os.path.realpath(root_dir)
        self.staging_dir = staging_dir
        self._profiles: OrderedDict[str, tuple[int, int, Profile]] = OrderedDict()
        self._lock = threading.Lock()

    def resolve(self, contents_path) -> tuple[str, str]:
        """(absolute path, normalised Contents path) of a file inside root_dir."""
        if not isinstance(contents_path, str) or not contents_path.strip("/ "):
            raise bad_params("path must name a file of the workspace, e.g. \"data/churn.csv\".")
        path = contents_path.strip().strip("/")
        parts = path.split("/")
        if "\\" in path or "\x00" in path or ".." in parts or os.path.isabs(path):
            raise self._outside(contents_path)
        full = os.path.realpath(os.path.join(self.root_dir, *parts))
        if os.path.commonpath([full, self.root_dir]) != self.root_dir:
            raise self._outside(contents_path)  # also a symlink that leads out
        return full, path

    @staticmethod
    def _outside(contents_path) -> DatasetError:
        return DatasetError(
            "path-outside-root",
            f"{contents_path!r} is outside the Jupyter server's root folder. Choose a file shown in the file browser.",
        )

    # -- profiles -------------------------------------------------------------------------

    def remember_profile(self, full_path: str, profile: Profile, stat: os.stat_result):
        with self._lock:
            self._profiles[full_path] = (stat.st_size, stat.st_mtime_ns, profile)
            self._profiles.move_to_end(full_path)
            while len(self._profiles) > _PROFILES_KEPT:
                self._profiles.popitem(last=False)

    def known_profile(self, full_path: str) -> Profile | None:
        """The profile of the file as it is now on disk, if one was made."""
        try:
            stat = os.stat(full_path)
        except OSError:
            return None
        with self._lock:
            known = self._profiles.get(full_path)
        if known and known[:2] == (stat.st_size, stat.st_mtime_ns):
            return known[2]
        return None

    # -- staging --------------------------------------------------------------------------

    def workflow_dir(self, workflow_id: str) -> str:
        path = os.path.join(self.staging_dir, check_workflow_id(workflow_id))
        os.makedirs(path, exist_ok=True)
        return path

    def _manifest_path(self, workflow_id: str) -> str:
        return os.path.join(self.workflow_dir(workflow_id), "split.json")

    def save_split(self, workflow_id: str, manifest: dict):
        path = self._manifest_path(workflow_id)
        with open(path + ".part", "w", encoding="utf-8") as file:
            json.dump(manifest, file)
        os.replace(path + ".part", path)

    def staged_split(self, workflow_id: str) -> dict:
        try:
            with open(self._manifest_path(workflow_id), encoding="utf-8") as file:
                manifest = json.load(file)
        except FileNotFoundError:
            raise DatasetError(
                "not-split",
                f"Workflow {workflow_id} has no split dataset on the server yet (or the server restarted). "
                "Split the dataset, then upload.",
            ) from None
        if "plan" not in manifest:  # staged by an older version, as files
            raise DatasetError("not-split", f"Workflow {workflow_id} was split by an older version of the "
                               "extension. Split the dataset again, then upload.")
        return manifest

    def split_source(self, manifest: dict) -> str:
        """The absolute path of the file a split was planned for, if it is still as it was
        (the parts are made from it when they are needed)."""
        full, path = self.resolve(manifest["source"])
        try:
            stat = os.stat(full)
        except OSError:
            stat = None
        planned = manifest["sourceFile"]
        if stat is None or (stat.st_size, stat.st_mtime_ns) != (planned["size"], planned["mtimeNs"]):
            raise DatasetError(
                "file-changed",
                f"{path} changed or was removed after it was split. Use it as the dataset again, then split.",
            )
        return full
