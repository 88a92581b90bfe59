"""The streaming profile of a CSV file: rows, column types, missing and distinct values,
top values (the target's class balance), suggested targets. Every row is read and checked;
beyond ``EXACT_BYTES`` the column statistics come from an evenly spread sample of chunks
(``SAMPLE_BYTES`` of them).

Memory stays flat: a column keeps exact value counts up to ``DISTINCT_CAP`` distinct
values; beyond that its counts are folded into running totals and its distinct count is
estimated with a k-minimum-values sketch (``distinctEstimated``).
"""
import heapq
import math
import os
import re
from collections import Counter
from collections.abc import Callable
from itertools import compress, repeat
from operator import mul

from .range_check import RangeCheck
from .reader import CHUNK_BYTES, CsvReader, ReadAlone
from .rules import (
    MAX_CLASSES,
    MIN_ROWS,
    MISSING,
    NUMERIC_SHARE,
    is_low_cardinality,
    non_numeric_kind,
    problem_type,
)

TOP_VALUES = 20
# Files up to this size get column statistics from every row; larger ones from a sample of
# SAMPLE_BYTES. Counting every value is the profile's cost (~40 s per GB on a small machine,
# while reading and checking every row is ~3 s), and ~150,000 rows spread over the file tell
# types, missing shares and class balance to a tenth of a percent.
EXACT_BYTES = 64 * 1024 * 1024
SAMPLE_BYTES = 16 * 1024 * 1024
# A sampled file this large has all but its first part checked by another process meanwhile.
# This process reads the first part and counts the whole sample (the other part's chunks
# while they are checked): with a fifth, both end together on a 2-core machine (bench/dataset).
PARALLEL_BYTES = 64 * 1024 * 1024
_OWN_SHARE = 0.2
DISTINCT_CAP = 10_000
# Values are counted this many records at a time: their strings are still in the CPU's cache
# when they are counted (counting a sample took a third less than 4,000 records at a time).
_COUNTED_RECORDS = 1024
_SKETCH_SIZE = 1024
_DATE_SAMPLE = 200
_DATETIME = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}/\d{1,2}/\d{2,4}( \d{1,2}:\d{2}(:\d{2})?)?"
)
_TARGET_NAME = re.compile(
    r"(?i)(target|label|class|churn|outcome|response|default|fraud|survived|result|^y$|price)"
)


class ColumnStats:
    """Running statistics of one column's raw values, in bulk operations (map, sum, min,
    max run in C) rather than a Python loop per value."""

    def __init__(self, name: str):
        self.name = name
        self.counts: Counter | None = Counter()  # raw value -> rows, until the cap
        self.sample: list[str] = []  # a few distinct non-numeric values, to recognise dates
        self.missing = self.present = self.numbers = self.words = 0
        self.total = 0.0
        self.low = self.high = None
        self.integral = True
        self._maybe_numeric = True
        self._sketch: list[int] = []

    def add(self, values: list[str]):
        if self.counts is not None:
            self.counts.update(values)
            if len(self.counts) > DISTINCT_CAP:
                self._absorb(list(self.counts), list(self.counts.values()))
                self._remember_hashes(self.counts)
                self.counts = None
            return
        self._absorb(values)
        self._remember_hashes(values)

    def _remember_hashes(self, values):
        """k-minimum-values sketch of the distinct values (hash() of a str is uniform)."""
        hashes = map(hash, values)
        if len(self._sketch) == _SKETCH_SIZE:  # only hashes below the k-th smallest can enter
            hashes = filter(self._sketch[-1].__gt__, hashes)
        self._sketch = heapq.nsmallest(_SKETCH_SIZE, set(self._sketch).union(hashes))

    def _absorb(self, values: list[str], weights: list[int] | None = None):
        values = list(map(str.strip, values))
        present_mask = [v not in MISSING for v in values]
        if not all(present_mask):
            values = list(compress(values, present_mask))
            if weights is not None:
                kept = list(compress(weights, present_mask))
                self.missing += sum(weights) - sum(kept)
                weights = kept
            else:
                self.missing += len(present_mask) - len(values)
        present = len(values) if weights is None else sum(weights)
        self.present += present
        if not values:
            return
        numbers, number_weights, others, other_weights = self._parse(values, weights)
        if numbers:
            counted = len(numbers) if number_weights is None else sum(number_weights)
            self.numbers += counted
            self.words += counted
            self.total += sum(numbers) if number_weights is None else sum(map(mul, numbers, number_weights))
            low, high = min(numbers), max(numbers)
            self.low = low if self.low is None else min(self.low, low)
            self.high = high if self.high is None else max(self.high, high)
            if self.integral and not all(map(float.is_integer, numbers)):
                self.integral = False
        if others:
            lengths = map(len, map(str.split, others))
            self.words += sum(lengths) if other_weights is None else sum(map(mul, lengths, other_weights))
            if len(self.sample) < _DATE_SAMPLE:
                self.sample.extend(others[:_DATE_SAMPLE - len(self.sample)])
        if self._maybe_numeric and self.numbers < 0.5 * self.present:
            self._maybe_numeric = False  # text: stop trying numbers

    def _parse(self, values, weights):
        """(numbers, their weights, non-numbers, their weights)."""
        if not self._maybe_numeric:
            return [], None, values, weights
        try:
            return list(map(float, values)), weights, [], None
        except ValueError:
            pass
        numbers, number_weights, others, other_weights = [], [], [], []
        for value, weight in zip(values, weights or repeat(1)):
            try:
                numbers.append(float(value))
                number_weights.append(weight)
            except ValueError:
                others.append(value)
                other_weights.append(weight)
        return numbers, number_weights, others, other_weights

    def finish(self, rows: int) -> "ColumnSummary":
        stripped = None
        if self.counts is not None:
            self._absorb(list(self.counts), list(self.counts.values()))
            stripped = Counter()
            for value, n in self.counts.items():
                value = value.strip()
                if value not in MISSING:
                    stripped[value] += n
            distinct, estimated = len(stripped), False
        else:
            distinct, estimated = self._estimate_distinct(), True
        return ColumnSummary(self, rows, distinct, estimated, stripped)

    def _estimate_distinct(self) -> int:
        if len(self._sketch) < _SKETCH_SIZE:
            return len(self._sketch)
        # hash() of a str is uniform over [-2**63, 2**63).
        kth = (self._sketch[-1] + 2**63) / 2**64
        return int((_SKETCH_SIZE - 1) / kth) if kth > 0 else len(self._sketch)


class ColumnSummary:
    """A finished column: its type and the numbers the panel shows."""

    def __init__(self, stats: ColumnStats, rows: int, distinct: int, estimated: bool, counts: Counter | None):
        self.name = stats.name
        self.missing = stats.missing
        self.distinct = distinct
        self.estimated = estimated
        self.counts = counts  # exact, stripped; None beyond the cap
        self.numeric = stats.present > 0 and stats.numbers / stats.present >= NUMERIC_SHARE
        self.integral = self.numeric and stats.integral
        self.low, self.high = stats.low, stats.high
        self.mean = stats.total / stats.numbers if stats.numbers else None
        if self.numeric:
            # Autopilot treats a column of a few whole numbers (codes, ratings) as categorical.
            self.type = "categorical" if is_low_cardinality(self.integral, distinct) else "numeric"
        elif stats.sample and sum(bool(_DATETIME.fullmatch(v)) for v in stats.sample) >= NUMERIC_SHARE * len(stats.sample):
            self.type = "datetime"
        else:
            self.type = non_numeric_kind(stats.present, distinct, stats.words)
        self.rows = rows

    def top_values(self) -> list[list]:
        if self.counts is None or self.type not in ("categorical",):
            return []
        ordered = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        return [[value, n] for value, n in ordered[:TOP_VALUES]]

    def problem_type(self) -> str:
        return problem_type("numeric" if self.numeric else self.type, self.integral, self.distinct)

    def as_json(self, scale: float = 1.0) -> dict:
        """``scale`` turns counts in a sample into estimates for the whole file."""
        column = {
            "name": self.name,
            "type": self.type,
            "missing": round(self.missing * scale),
            "distinct": self.distinct,
            "topValues": [[value, round(n * scale)] for value, n in self.top_values()],
        }
        if self.estimated or scale != 1.0:
            column["distinctEstimated"] = True
        if self.numeric:
            column.update(min=self.low, max=self.high, mean=self.mean)
        return column


def suggested_targets(columns: list[ColumnSummary], rows: int) -> list[dict]:
    """Columns that look like what to predict, most likely first (at most three)."""
    scored = []
    last = len(columns) - 1
    for index, column in enumerate(columns):
        if column.distinct < 2 or column.type in ("text", "datetime"):
            continue
        kind = column.problem_type()
        if kind != "Regression" and column.distinct > MAX_CLASSES:
            continue
        if column.integral and column.distinct >= rows:  # an identifier
            continue
        named = bool(_TARGET_NAME.search(column.name))
        score = 2 * named + (index == last) + (kind == "BinaryClassification")
        if not score:
            continue
        reasons = []
        if named:
            reasons.append("its name suggests a target")
        if index == last:
            reasons.append("it is the last column")
        if kind == "Regression":
            reasons.append("numbers from %s to %s" % (_number(column.low), _number(column.high)))
        else:
            classes = column.top_values()
            shown = ", ".join("%s %.1f%%" % (v, 100 * n / rows) for v, n in classes[:5])
            reasons.append("%d classes: %s" % (column.distinct, shown))
        scored.append((-score, index, {
            "name": column.name,
            "problemType": kind,
            "reason": _sentence("; ".join(reasons)),
        }))
    return [entry for _score, _index, entry in sorted(scored)[:3]]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _number(value) -> str:
    return "%g" % value if value is not None else "?"


def profile_csv(
    path: str,
    name: str,
    *,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    exact_bytes: int | None = EXACT_BYTES,
    sample_bytes: int = SAMPLE_BYTES,
    parallel_bytes: int | None = PARALLEL_BYTES,
) -> "Profile":
    """Reads and checks every row. Column statistics come from every row of files up to
    ``exact_bytes`` (None: always), and beyond from an evenly spread sample of chunks of
    about ``sample_bytes`` (at most ``exact_bytes``): counting every value of every column
    is what makes a large profile slow, and such a sample tells types, missing shares and
    class balance as well. A sampled file of at least ``parallel_bytes`` (None: never) on a
    machine with more than one core has its second part checked by another process
    (``range_check``) at the same time; when that part is not plain, one reader reads the
    whole file again."""
    settings = {"progress": _rising(progress), "cancelled": cancelled, "chunk_bytes": chunk_bytes}
    reader = CsvReader(path, name, **settings)
    stride = 1
    if exact_bytes is not None and reader.size > exact_bytes:
        stride = math.ceil(reader.size / min(sample_bytes, exact_bytes))
    if stride > 1 and parallel_bytes is not None and reader.size >= parallel_bytes and (os.cpu_count() or 1) > 1:
        try:
            return _profile(reader, stride, parallel=True)
        except ReadAlone:
            reader = CsvReader(path, name, **settings)
    return _profile(reader, stride, parallel=False)


def _rising(progress: Callable[[int], None] | None) -> Callable[[int], None]:
    """``progress`` that never goes back: a file read again stays where it was until then."""
    highest = [0]

    def report(done: int):
        if done > highest[0]:
            highest[0] = done
            if progress is not None:
                progress(done)
    return report


def _profile(reader: CsvReader, stride: int, *, parallel: bool) -> "Profile":
    """One pass of ``reader``, counting every ``stride``-th batch; with ``parallel``, the
    file from the first line after ``_OWN_SHARE`` of it is checked by another process,
    and its sample is counted here while it does."""
    stats: list[ColumnStats] | None = None
    sampled = 0
    rest = None

    def add(batch):
        nonlocal sampled
        sampled += len(batch)
        for piece in batch.pieces(_COUNTED_RECORDS):
            for column, values in zip(stats, piece.columns(reader.width)):
                column.add(values)

    try:
        for index, batch in enumerate(reader.batches()):
            if stats is None:
                stats = [ColumnStats(n) for n in reader.header]
                start = _line_start(reader.path, int(reader.size * _OWN_SHARE)) if parallel else None
                if start is not None and start > reader.chunk_bytes:
                    rest = RangeCheck(reader.path, start, reader.header)
                    reader.check_rest_with(start, rest)
            if index % stride == 0:
                add(batch)
        if reader.handing_over:
            try:
                for batch in reader.sample_batches(stride):
                    add(batch)
            except UnicodeDecodeError:  # not UTF-8 there: the other process says so, and where
                raise ReadAlone() from None
            reader.take_rest()
    finally:
        if rest is not None:
            rest.close()
    columns = [s.finish(sampled) for s in stats]
    return Profile(reader, columns, sampled)


def _line_start(path: str, offset: int) -> int | None:
    """The first byte of the first line that starts at or after ``offset``."""
    with open(path, "rb") as file:
        file.seek(offset - 1)
        head = file.read(64 * 1024)
    at = head.find(b"\n")
    return None if at < 0 else offset + at


class Profile:
    def __init__(self, reader: CsvReader, columns: list[ColumnSummary], sampled_rows: int):
        self.name = reader.name
        self.bytes = reader.size
        self.mtime_ns = reader.mtime_ns
        self.output_bytes = reader.lf_bytes()
        self.plain_eol = reader.plain_eol()
        self.rows = reader.rows
        self.header = reader.header
        self.columns = columns
        self.sampled_rows = sampled_rows
        self.warnings = reader.warnings()
        if self.rows < MIN_ROWS:
            self.warnings.append({
                "code": "few-rows",
                "message": "The file has %d data rows; Autopilot needs at least %d and stops in its data "
                "analysis step with fewer. Add rows before you start a job." % (self.rows, MIN_ROWS),
            })

    @property
    def sampled(self) -> bool:
        """True when the column statistics come from a sample of the rows."""
        return self.sampled_rows < self.rows

    def column(self, name: str) -> ColumnSummary | None:
        return next((c for c in self.columns if c.name == name), None)

    def as_json(self) -> dict:
        scale = self.rows / self.sampled_rows if self.sampled_rows else 1.0
        return {
            "path": self.name,
            "bytes": self.bytes,
            "rows": self.rows,
            "sampledRows": self.sampled_rows if self.sampled else None,
            "header": self.header,
            "columns": [c.as_json(scale) for c in self.columns],
            "suggestedTargets": suggested_targets(self.columns, self.sampled_rows),
            "warnings": self.warnings,
        }
