"""The profile of a sample of rows held in memory: what the sandbox's Autopilot data
analysis learns, and what its generated notebooks print (medians, correlations and
sample rows need the rows themselves)."""
import csv
import io
import statistics
from collections import Counter

from .rules import NUMERIC_SHARE, as_number, is_missing, non_numeric_kind, problem_type


def parse_csv_text(text: str):
    """(header, rows) of CSV text; header is None when there is no header row.
    Blank rows are dropped; header names are stripped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        return None, []
    header = [h.strip() for h in header]
    rows = [r for r in reader if r and any(c.strip() for c in r)]
    return header, rows


class ColumnProfile:
    def __init__(self, name, values):
        self.name = name
        present = [v for v in values if not is_missing(v)]
        self.missing = len(values) - len(present)
        numbers = [n for n in (as_number(v) for v in present) if n is not None]
        self.numeric_fraction = len(numbers) / len(present) if present else 0.0
        self.counts = Counter(v.strip() for v in present)
        self.unique = len(self.counts)
        self.unique_words = len({w for v in self.counts for w in v.split()})
        if present and self.numeric_fraction >= NUMERIC_SHARE:
            self.kind = "numeric"
            self.mean = statistics.fmean(numbers)
            self.median = statistics.median(numbers)
            self.min, self.max = min(numbers), max(numbers)
        else:
            self.kind = non_numeric_kind(len(present), self.unique, sum(len(v.split()) for v in present))
            self.mean = self.median = self.min = self.max = None
        self.integral = self.kind == "numeric" and all(float(n).is_integer() for n in numbers)


class DatasetProfile:
    """What Autopilot's data analysis step learns about the dataset."""

    def __init__(self, uri, header, rows, total_rows):
        self.uri = uri
        self.header = header
        self.rows = total_rows
        self.sample_rows = rows
        width = len(header)
        columns = list(zip(*[(r + [""] * width)[:width] for r in rows])) if rows else [()] * width
        self.columns = [ColumnProfile(name, list(col)) for name, col in zip(header, columns)]
        self.duplicates = len(rows) - len({tuple(r) for r in rows})

    def column(self, name):
        return next((c for c in self.columns if c.name == name), None)

    def kinds(self, exclude=None):
        return Counter(c.kind for c in self.columns if c.name != exclude)

    def infer_problem_type(self, target):
        col = self.column(target)
        return problem_type(col.kind, col.integral, col.unique)
