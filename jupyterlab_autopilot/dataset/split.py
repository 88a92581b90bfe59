"""The seeded, streaming train/validation split of a profiled CSV file.

Exactly ``validation_count(rows, fraction)`` rows go to validation. Unstratified, each
block of ``BLOCK_ROWS`` consecutive rows gives a uniformly random subset of its share (see
``_BlockSampler``); stratified, each class gets its share by largest remainder, picked by
selection sampling (a draw per row, probability needed/left). Either way one pass and
constant memory give exact counts, and the same file, target, fraction, seed and stratify
always give the same two parts, whatever the chunk size.

Splitting is two halves. ``plan_split`` decides, from the profile, how many rows each part
gets: that is the Split step, and it writes nothing. ``split_records`` makes the parts from
the file when they are needed, as a stream: the upload sends them to S3 as they are made,
so a large dataset is neither copied on the server's disk nor read more than once more.
Both parts keep the header and are UTF-8 without BOM with LF line endings.
"""
import csv
import functools
import io
import math
import random
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import compress

from .errors import Cancelled, DatasetError
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


BLOCK_ROWS = 10_000
_INVERT = bytes.maketrans(b"\x00\x01", b"\x01\x00")


@functools.cache  # made when a split first needs it, not when the server starts
def _below(threshold: int) -> bytes:
    """A translation table: a byte below ``threshold`` becomes 1, any other 0."""
    return bytes(int(b < threshold) for b in range(256))


class _BlockSampler:
    """Unstratified: of every ``BLOCK_ROWS`` consecutive rows, a seeded uniformly random
    subset of the block's share, the shares rounded cumulatively (rows up to t give
    t × count // rows) so that they add up to ``count`` exactly. (A file of at most
    ``BLOCK_ROWS`` rows is one block: its split is a uniform random subset.)

    Each row of a block is first picked when a random byte falls below count/rows of 256,
    all in C; then random picked (or unpicked) rows are flipped until the block has its
    share exactly. Every subset of that size is as likely as any other, and there are a
    few dozen Python steps per block instead of one per row: the split keeps pace with
    the upload."""

    def __init__(self, seed: int, rows: int, count: int):
        self._random = random.Random(seed)
        self._rows, self._count = rows, count
        self._start = 0  # the next block's first row
        self._flags = b""  # the current block's flags (1: validation) of rows not yet seen

    def _block(self) -> bytes:
        low, high = min(self._start, self._rows), min(self._start + BLOCK_ROWS, self._rows)
        self._start += BLOCK_ROWS
        size = high - low
        share = high * self._count // self._rows - low * self._count // self._rows
        if size == 0:
            return bytes(BLOCK_ROWS)
        flags = bytearray(self._random.randbytes(size).translate(_below((256 * share + size // 2) // size)))
        picked = flags.count(1)
        draw = self._random.randrange
        while picked != share:
            row = draw(size)
            if flags[row] == (picked > share):
                flags[row] ^= 1
                picked += 1 if flags[row] else -1
        return bytes(flags) + bytes(BLOCK_ROWS - size)

    def split(self, records: list) -> tuple[list, list]:
        needed, taken = len(records), []
        while needed:
            if not self._flags:
                self._flags = self._block()
            taken.append(self._flags[:needed])
            self._flags = self._flags[needed:]
            needed -= len(taken[-1])
        flags = b"".join(taken)
        return list(compress(records, flags.translate(_INVERT))), list(compress(records, flags))


class _Sampler:
    """Stratified: decides row by row (selection sampling within each class); one draw per
    row keeps results independent of batching."""

    def __init__(self, seed: int, rows: int, count: int, strata: dict):
        self.draw = random.Random(seed).random
        self.left, self.needed = dict(strata), _allocate(strata, rows, count)

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


class SplitPlan:
    """What decides the split, from the profile alone: the seed, the target, how many rows
    go to validation (per class when stratified). Kept in the workflow's manifest as JSON;
    ``split_records`` then makes the same two parts from the file whenever asked."""

    def __init__(self, *, target: str, target_index: int, rows: int, validation_rows: int, seed: int,
                 strata: dict | None, eol: bytes | None = None):
        self.target, self.target_index = target, target_index
        self.rows, self.validation_rows, self.seed, self.strata = rows, validation_rows, seed, strata
        self.eol = eol  # a plain file's line ending (``CsvReader.plain_eol``): read it line by line

    @property
    def stratify(self) -> bool:
        return self.strata is not None

    def as_json(self) -> dict:
        strata = None if self.strata is None else [[key, n] for key, n in self.strata.items()]
        return {"target": self.target, "targetIndex": self.target_index, "rows": self.rows,
                "validationRows": self.validation_rows, "seed": self.seed, "strata": strata,
                "eol": None if self.eol is None else self.eol.decode("ascii")}

    @classmethod
    def from_json(cls, data: dict) -> "SplitPlan":
        strata = None if data["strata"] is None else {key: n for key, n in data["strata"]}
        return cls(target=data["target"], target_index=data["targetIndex"], rows=data["rows"],
                   validation_rows=data["validationRows"], seed=data["seed"], strata=strata,
                   eol=None if data.get("eol") is None else data["eol"].encode("ascii"))


def plan_split(
    path: str,
    name: str,
    profile: Profile,
    *,
    target: str,
    fraction: float,
    seed: int,
    stratify: bool,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
) -> SplitPlan:
    """The plan for the file ``profile`` describes. Reads the file only for a stratified
    split of a file whose profile sampled its rows (the class counts must be exact)."""
    target_index = check_target(profile.header, target, name)
    count = check_rows(profile.rows, fraction, name)

    def count_target() -> Counter:
        return _count_values(
            CsvReader(path, name, chunk_bytes=chunk_bytes, progress=progress, cancelled=cancelled), target_index, target)

    strata = _strata(profile, target, count_target) if stratify else None
    return SplitPlan(target=target, target_index=target_index, rows=profile.rows, validation_rows=count, seed=seed,
                     strata=strata, eol=profile.plain_eol)


class Records:
    """Consecutive records of one part: UTF-8 ``lines`` copied as read (unquoted; with
    ``led``, each begins with the LF that ends the record before it), or ``rows`` parsed
    by the csv module."""

    def __init__(self, lines: list[bytes] | None = None, rows: list[list[str]] | None = None, led: bool = False):
        self.lines, self.rows, self.led = lines, rows, led

    def __len__(self):
        return len(self.lines if self.lines is not None else self.rows)

    def csv(self) -> bytes:
        """The records as CSV, each preceded by LF (a part is its header's text, these,
        and a last LF: see ``split_csv``). One copy of the lines."""
        if self.rows is not None:
            return b"\n" + _csv_text(self.rows)[:-1] if self.rows else b""
        if self.led:
            return b"".join(self.lines)
        return b"\n".join([b"", *self.lines]) if self.lines else b""

    def values(self, index: int) -> list[str]:
        if self.rows is not None:
            return self.rows[index]
        line = self.lines[index]
        return (line[1:] if self.led else line).decode("utf-8").split(",")


def header_csv(header: list[str]) -> bytes:
    return _csv_text([header])


def _plain_lines(path: str, cut: bytes, chunk_bytes: int, progress: Callable[[int], None],
                 cancelled: Callable[[], bool]) -> Iterator[list[bytes]]:
    """The lines of a plain file cut at ``cut``, header first, chunk by chunk. The profile
    checked every line of the file as it is (the caller checked that it has not changed
    since): here they are only cut, which is most of what makes reading fast."""
    carry = b""
    done = 0
    with open(path, "rb", buffering=0) as file:
        while True:
            if cancelled():
                raise Cancelled()
            raw = file.read(chunk_bytes)
            if not raw:
                break
            done += len(raw)
            lines = (carry + raw if carry else raw).split(cut)
            carry = lines.pop()  # the next line's start: no slice of the chunk before its split, one copy fewer
            if lines:
                yield lines
                progress(done)
    if carry and carry != b"\n":  # (a CRLF file's last line break leaves its LF)
        yield [carry]


class _Source:
    """The records of the file a plan was made for: a plain file's lines as they are cut,
    any other file through the checking reader (its quotes and line endings need it)."""

    def __init__(self, path: str, name: str, plan: SplitPlan, chunk_bytes: int, progress, cancelled):
        self._path, self._name, self._eol, self._chunk_bytes = path, name, plan.eol, chunk_bytes
        self._progress = progress or (lambda _done: None)
        self._cancelled = cancelled or (lambda: False)
        self.header: list[str] | None = None
        self.rows = 0
        # A CRLF file is cut at its CRs, as a one-byte split takes half the time of a split at
        # CRLF: each CR is followed by LF, so every line after the header comes with the LF
        # before it (``Records.led``), which is how the parts are written anyway.
        self.led = plan.eol == b"\r\n"

    def batches(self) -> Iterator[tuple[list[bytes] | None, list[list[str]] | None]]:
        """(lines, None) or (None, rows), batch by batch."""
        if self._eol is not None:
            cut = b"\r" if self.led else self._eol
            for lines in _plain_lines(self._path, cut, self._chunk_bytes, self._progress, self._cancelled):
                if self.header is None:  # as the reader names the columns
                    self.header = [n.strip() for n in lines.pop(0).decode("utf-8").split(",")]
                self.rows += len(lines)
                yield lines, None
            return
        reader = CsvReader(self._path, self._name, chunk_bytes=self._chunk_bytes, progress=self._progress,
                           cancelled=self._cancelled)
        for batch in reader.batches():
            self.header, self.rows = reader.header, reader.rows
            yield batch.lines, batch.rows


def split_records(
    path: str,
    name: str,
    plan: SplitPlan,
    *,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
) -> Iterator[tuple[list[str], Records, Records]]:
    """(header, train records, validation records), batch by batch, in file order: the
    same file and plan always give the same parts. Raises ``file-changed`` at the end when
    the file no longer has the rows it was planned for (nothing made from it should be kept)."""
    index = plan.target_index
    if plan.stratify:
        sampler = _Sampler(plan.seed, plan.rows, plan.validation_rows, plan.strata)
    else:
        blocks = _BlockSampler(plan.seed, plan.rows, plan.validation_rows)
    source = _Source(path, name, plan, chunk_bytes, progress, cancelled)
    for lines, rows in source.batches():
        header = source.header
        if len(header) <= index or source.rows > plan.rows:
            break  # another file now: reported below
        records = lines if lines is not None else rows
        if plan.stratify:
            if lines is not None:  # (a led line's LF goes with the spaces _stratum strips)
                keys = [_stratum(line.split(b",", index + 1)[index].decode("utf-8")) for line in lines]
            else:
                keys = [_stratum(row[index]) for row in rows]
            train, validation = sampler.split_by(records, keys)
        else:
            train, validation = blocks.split(records)
        if lines is not None:
            yield header, Records(lines=train, led=source.led), Records(lines=validation, led=source.led)
        else:
            yield header, Records(rows=train), Records(rows=validation)
    header = source.header
    if source.rows != plan.rows or header is None or len(header) <= index or header[index] != plan.target:
        raise DatasetError(
            "file-changed",
            f"{name} changed after it was split ({plan.rows} rows then, not now). "
            "Use it as the dataset again, then split.",
        )


def split_csv(path: str, name: str, plan: SplitPlan, *, cancelled: Callable[[], bool] | None = None,
              chunk_bytes: int = CHUNK_BYTES) -> Iterator[tuple[bytes, bytes]]:
    """(train CSV, validation CSV) bytes, batch by batch, each part's header first: the two
    objects the upload sends. Raises ``file-changed`` as ``split_records`` does."""
    first = True
    for header, train, validation in split_records(path, name, plan, cancelled=cancelled, chunk_bytes=chunk_bytes):
        if first:
            named = header_csv(header)[:-1]  # its LF comes with the first record
            yield named, named
            first = False
        yield train.csv(), validation.csv()
    yield b"\n", b"\n"  # the last record's
