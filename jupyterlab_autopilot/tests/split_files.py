"""The split's two parts as files, for the tests to look at: what the upload sends, made
by the same ``plan_split`` and ``split_records``, written only when the stream ends."""
from jupyterlab_autopilot.dataset.reader import CHUNK_BYTES
from jupyterlab_autopilot.dataset.split import header_csv, plan_split, split_records


def split_csv(path, name, profile, *, target, fraction, seed, stratify, train_path, validation_path,
              cancelled=None, chunk_bytes=CHUNK_BYTES):
    plan = plan_split(path, name, profile, target=target, fraction=fraction, seed=seed, stratify=stratify,
                      cancelled=cancelled, chunk_bytes=chunk_bytes)
    parts = {"train": [], "validation": []}
    rows = {"train": 0, "validation": 0}
    for header, train, validation in split_records(path, name, plan, cancelled=cancelled, chunk_bytes=chunk_bytes):
        for part, records in (("train", train), ("validation", validation)):
            if not parts[part]:
                parts[part].append(header_csv(header))
            parts[part].append(records.csv())
            rows[part] += len(records)
    assert rows == {"train": plan.rows - plan.validation_rows, "validation": plan.validation_rows}
    result = {}
    for part, out in (("train", train_path), ("validation", validation_path)):
        data = b"".join(parts[part])
        with open(out, "wb") as file:
            file.write(data)
        result[part] = {"rows": rows[part], "bytes": len(data)}
    return result
