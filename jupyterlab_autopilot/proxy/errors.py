"""The one exception type the proxy raises for answers it makes itself (not AWS's)."""


class ProxyError(Exception):
    """A refusal or failure made by the proxy, shown to the browser as JSON.

    ``message`` always ends with a next step, because the person reading it in
    the UI needs to know what to do, not only what went wrong.
    """

    def __init__(self, status: int, code: str, message: str):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message

    def as_json(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}


def bad_request(code: str, message: str) -> ProxyError:
    return ProxyError(400, code, message)
