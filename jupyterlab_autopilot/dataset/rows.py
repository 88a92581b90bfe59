"""One row of a CSV file on the server's disk, for the Deployment step's test request.

Plain Python, no Jupyter import. The csv module reads the file as written (CRLF or LF,
quoted fields with commas or line breaks), row by row, so a large file costs no memory.
"""
import csv
from dataclasses import dataclass


class RowError(ValueError):
    """A row that cannot be given, with what to do instead. ``missing`` when the file
    has no such row (the caller answers 404), else the request or the file is wrong."""

    def __init__(self, message: str, missing: bool = False):
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class Row:
    header: list[str]
    values: list[str]
    index: int


def read_row(path: str, index: int, drop_column: str | None = None) -> Row:
    """Data row ``index`` (0-based, the header is not counted) of the CSV file at ``path``.

    ``drop_column`` (the target) is left out of both header and values: an endpoint is
    sent the features only.
    """
    if index < 0:
        raise RowError(f"Row {index} does not exist: rows are counted from 0.")
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            raise RowError(f"{path} is empty: it has no header row.")
        drop = None
        if drop_column is not None:
            if drop_column not in header:
                raise RowError(f"{path} has no column {drop_column!r}; its columns are {', '.join(header)}.")
            drop = header.index(drop_column)
        count = 0
        for count, values in enumerate(reader, start=1):
            if count - 1 == index:
                if len(values) != len(header):
                    raise RowError(
                        f"Row {index} of {path} has {len(values)} fields, the header {len(header)}."
                    )
                if drop is not None:
                    values = values[:drop] + values[drop + 1 :]
                    header = header[:drop] + header[drop + 1 :]
                return Row(header=header, values=values, index=index)
    raise RowError(f"Row {index} does not exist: {path} has {count} data rows (0 to {count - 1}).", missing=True)
