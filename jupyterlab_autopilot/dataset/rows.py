"""One row of a split's validation part, for the Deployment step's test request.

Plain Python, no Jupyter import. The part is made from the dataset as the upload made it
(``split_records``, the same plan), and only as far as the row asked for: the first rows
cost a chunk's reading, whatever the file's size.
"""
from dataclasses import dataclass

from .split import SplitPlan, split_records


class RowError(ValueError):
    """A row that cannot be given, with what to do instead. ``missing`` when the part has
    no such row (the caller answers 404), else the request is wrong."""

    def __init__(self, message: str, missing: bool = False):
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class Row:
    header: list[str]
    values: list[str]
    index: int


def validation_row(path: str, name: str, plan: SplitPlan, index: int, drop_column: str | None = None) -> Row:
    """Data row ``index`` (0-based, the header is not counted) of the validation part of
    ``plan``'s split of the CSV file at ``path`` (``name``: how messages call it).

    ``drop_column`` (the target) is left out of both header and values: an endpoint is
    sent the features only.
    """
    if index < 0:
        raise RowError(f"Row {index} does not exist: rows are counted from 0.")
    seen = 0
    for header, _train, validation in split_records(path, name, plan):
        if index < seen + len(validation):
            values = validation.values(index - seen)
            if drop_column is not None:
                if drop_column not in header:
                    raise RowError(f"{name} has no column {drop_column!r}; its columns are {', '.join(header)}.")
                drop = header.index(drop_column)
                header, values = header[:drop] + header[drop + 1:], values[:drop] + values[drop + 1:]
            return Row(header=list(header), values=values, index=index)
        seen += len(validation)
    raise RowError(f"Row {index} does not exist: the validation data has {seen} data rows (0 to {seen - 1}).",
                   missing=True)
