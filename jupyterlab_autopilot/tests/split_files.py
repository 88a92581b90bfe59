"""The split's two parts as files, for the tests to look at: exactly what the upload sends
(``split_csv``, from the plan ``plan_split`` makes), written only when the stream ends."""
from jupyterlab_autopilot.dataset.reader import CHUNK_BYTES
from jupyterlab_autopilot.dataset.split import plan_split, split_csv


def split_files(path, name, profile, *, target, fraction, seed, stratify, train_path, validation_path,
                cancelled=None, chunk_bytes=CHUNK_BYTES):
    plan = plan_split(path, name, profile, target=target, fraction=fraction, seed=seed, stratify=stratify,
                      cancelled=cancelled, chunk_bytes=chunk_bytes)
    parts = {"train": [], "validation": []}
    for train, validation in split_csv(path, name, plan, cancelled=cancelled, chunk_bytes=chunk_bytes):
        parts["train"].append(train)
        parts["validation"].append(validation)
    # The stream ends only when the file still has the plan's rows (else ``file-changed``).
    rows = {"train": plan.rows - plan.validation_rows, "validation": plan.validation_rows}
    result = {}
    for part, out in (("train", train_path), ("validation", validation_path)):
        data = b"".join(parts[part])
        with open(out, "wb") as file:
            file.write(data)
        result[part] = {"rows": rows[part], "bytes": len(data)}
    return result
