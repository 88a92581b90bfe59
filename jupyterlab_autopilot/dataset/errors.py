"""The one exception the dataset code raises for a file it cannot use."""


class DatasetError(Exception):
    """A bad input, explained: ``code`` for programs, ``message`` (ending with what to do)
    for people, ``line`` (1-based, the header is line 1) where it applies."""

    def __init__(self, code: str, message: str, line: int | None = None, **extra):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.extra = extra

    def as_json(self) -> dict:
        error = {"code": self.code, "message": self.message, **self.extra}
        if self.line is not None:
            error["line"] = self.line
        return error


class Cancelled(Exception):
    """Raised between chunks when the task's owner asked to stop."""
