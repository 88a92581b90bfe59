"""The seeded, streaming train/validation split of a profiled CSV file.

Exactly ``validation_count(rows, fraction)`` rows go to validation, chosen by selection
sampling (each row is picked with probability needed/left), so one pass and constant
memory give exact counts; stratified, each class gets its share by largest remainder and
is sampled the same way. One ``random.Random(seed)`` draws once per row, in file order:
the same file, target, fraction, seed and stratify always give the same two files,
whatever the chunk size.

Both files keep the header, are UTF-8 without BOM with LF line endings, and are written
as ``.part`` files renamed into place when complete.
"""
import csv
import io
import math
import os
import random
from collections import Counter
from collections.abc import Callable

from .errors import DatasetError
from .profile import Profile
from .reader import CHUNK_BYTES, CsvReader
from .rules import MAX_CLASSES, MISSING


def validation_count(rows: int, fraction: float) -> int:
    """round(rows × fraction), halves rounded up (3,333 × 0.2 = 666.6 → 667)."""
    return math.floor(rows * fraction + 0.5)


def check_fraction(fraction) -> float:
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 < fraction < 1:
        raise DatasetError(
            "fraction-out-of-range",
            f"The validation fraction must be a number between 0 and 1 (exclusive), not {fraction!r}; 0.2 keeps "
            "a fifth of the rows for validation.",
        )
    return float(fraction)


def check_target(profile_header: list[str], target: str, name: str) -> int:
    if target not in profile_header:
        raise DatasetError(
            "target-not-found",
            f"{name} has no column named \"{target}\". Pick one of its columns: {', '.join(profile_header)}.",
            target=target,
        )
    return profile_header.index(target)


def check_rows(rows: int, fraction: float, name: str) -> int:
    count = validation_count(rows, fraction)
    if count < 1 or rows - count < 1:
        raise DatasetError(
            "too-few-rows",
            f"{name} has {rows} data row(s): a validation fraction of {fraction:g} leaves "
            f"{rows - count} for training and {count} for validation. Both need at least one; use a larger file.",
            rows=rows,
        )
    return count


def _allocate(strata: dict, rows: int, count: int) -> dict:
    """Validation rows per stratum, summing exactly to ``count`` (largest remainder)."""
    shares = {key: n * count / rows for key, n in strata.items()}
    alloc = {key: math.floor(share) for key, share in shares.items()}
    left = count - sum(alloc.values())
    by_remainder = sorted(strata, key=lambda key: (-(shares[key] - alloc[key]), str(key)))
    for key in by_remainder[:left]:
        alloc[key] += 1
    return alloc


def _too_many_classes(target: str, distinct) -> DatasetError:
    return DatasetError(
        "too-many-classes",
        f"\"{target}\" has {distinct} distinct values: a stratified split needs at most {MAX_CLASSES} "
        "classes. Split without stratify (the default), or choose a classification target.",
        target=target,
    )


def _strata(profile: Profile, target: str, count_target: Callable[[], Counter]) -> dict:
    """Rows per class of the target (missing values are one class), exactly: from the
    profile when it counted every row, else by ``count_target``."""
    column = profile.column(target)
    if column.counts is None:
        raise _too_many_classes(target, column.distinct)
    raw = count_target() if profile.sampled else column.counts
    strata = Counter()
    for value, n in raw.items():
        strata[_stratum(value)] += n
    if not profile.sampled and column.missing:
        strata[None] += column.missing
    if len(strata) - (None in strata) > MAX_CLASSES:
        raise _too_many_classes(target, len(strata))
    return dict(strata)


def _count_values(reader: CsvReader, index: int, target: str) -> Counter:
    counts, raw = Counter(), Counter()  # values of parsed rows; bytes of unquoted lines
    for batch in reader.batches():
        if batch.lines is not None:
            raw.update([line.split(b",", index + 1)[index] for line in batch.lines])
        else:
            counts.update([row[index] for row in batch.rows])
        if len(counts) + len(raw) > 10 * MAX_CLASSES:  # raw values: spaces and missing markers vary
            raise _too_many_classes(target, f"more than {10 * MAX_CLASSES}")
    for value, n in raw.items():
        counts[value.decode("utf-8")] += n
    return counts


class _Sampler:
    """Decides row by row; one draw per row keeps results independent of batching."""

    def __init__(self, seed: int, rows: int, count: int, strata: dict | None):
        self.draw = random.Random(seed).random
        if strata is None:
            self.left, self.needed = {None: rows}, {None: count}
        else:
            self.left, self.needed = dict(strata), _allocate(strata, rows, count)

    def split_plain(self, records: list) -> tuple[list, list]:
        train, validation = [], []
        left, needed, draw = self.left[None], self.needed[None], self.draw
        to_train, to_validation = train.append, validation.append
        for record in records:
            if draw() * left < needed:
                to_validation(record)
                needed -= 1
            else:
                to_train(record)
            left -= 1
        self.left[None], self.needed[None] = left, needed
        return train, validation

    def split_by(self, records: list, keys: list) -> tuple[list, list]:
        train, validation = [], []
        left, needed, draw = self.left, self.needed, self.draw
        for record, key in zip(records, keys):
            if draw() * left[key] < needed[key]:
                validation.append(record)
                needed[key] -= 1
            else:
                train.append(record)
            left[key] -= 1
        return train, validation


def _stratum(value: str):
    value = value.strip()
    return None if value in MISSING else value


def _csv_text(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue().encode("utf-8")


class _Output:
    def __init__(self, path: str, header: list[str]):
        self.path = path
        self.part = path + ".part"
        self.file = open(self.part, "wb", buffering=1024 * 1024)
        self.file.write(_csv_text([header]))
        self.rows = 0

    def lines(self, lines: list[bytes]):
        """Unquoted records, copied as they were read (they are UTF-8 already)."""
        if lines:
            self.file.write(b"\n".join(lines))
            self.file.write(b"\n")
            self.rows += len(lines)

    def fields(self, rows: list[list[str]]):
        self.file.write(_csv_text(rows))
        self.rows += len(rows)

    def commit(self) -> dict:
        self.file.close()
        os.replace(self.part, self.path)
        return {"rows": self.rows, "bytes": os.path.getsize(self.path)}

    def discard(self):
        self.file.close()
        if os.path.exists(self.part):
            os.remove(self.part)


def split_csv(
    path: str,
    name: str,
    profile: Profile,
    *,
    target: str,
    fraction: float,
    seed: int,
    stratify: bool,
    train_path: str,
    validation_path: str,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
) -> dict:
    """Writes the two files and returns their rows and bytes. ``profile`` is the file's
    profile (its rows and the target's class counts); the file must not have changed."""
    target_index = check_target(profile.header, target, name)
    count = check_rows(profile.rows, fraction, name)
    def count_target() -> Counter:
        return _count_values(
            CsvReader(path, name, chunk_bytes=chunk_bytes, progress=progress, cancelled=cancelled), target_index, target)

    sampler = _Sampler(seed, profile.rows, count, _strata(profile, target, count_target) if stratify else None)
    reader = CsvReader(path, name, chunk_bytes=chunk_bytes, progress=progress, cancelled=cancelled)
    outputs = []
    try:
        for batch in reader.batches():
            if not outputs:
                outputs = [_Output(train_path, reader.header), _Output(validation_path, reader.header)]
            train, validation = outputs
            if batch.lines is not None:
                if stratify:
                    keys = [_stratum(line.split(b",", target_index + 1)[target_index].decode("utf-8"))
                            for line in batch.lines]
                    chosen = sampler.split_by(batch.lines, keys)
                else:
                    chosen = sampler.split_plain(batch.lines)
                train.lines(chosen[0])
                validation.lines(chosen[1])
            else:
                if stratify:
                    chosen = sampler.split_by(batch.rows, [_stratum(row[target_index]) for row in batch.rows])
                else:
                    chosen = sampler.split_plain(batch.rows)
                train.fields(chosen[0])
                validation.fields(chosen[1])
        if reader.rows != profile.rows:
            raise DatasetError(
                "file-changed",
                f"{name} changed while it was being split ({profile.rows} rows when profiled, {reader.rows} now). "
                "Profile it again, then split.",
            )
        return {"train": outputs[0].commit(), "validation": outputs[1].commit()}
    except BaseException:
        for output in outputs:
            output.discard()
        raise

