"""AWS JSON 1.1 errors, shaped the way SageMaker sends them (``__type`` + ``message``)."""
import json

# HTTP status SageMaker uses for each error code. AWS's JSON protocols answer client
# errors, throttling included, with 400; only server-side failures use 5xx.
_STATUS = {
    "ValidationException": 400,
    "ResourceInUse": 400,
    "ResourceNotFound": 400,
    "ResourceLimitExceeded": 400,
    "ThrottlingException": 400,
    "AccessDeniedException": 400,
    "ConflictException": 400,
    "UnknownOperationException": 400,
    "SerializationException": 400,
    "NoSuchResourceException": 400,
    "ModelError": 424,
    "InternalFailure": 500,
    "ServiceUnavailable": 503,
}

DEFAULT_MESSAGES = {
    "ThrottlingException": "Rate exceeded",
    "ResourceLimitExceeded": (
        "The account-level service limit 'Maximum number of concurrently running AutoML jobs' "
        "is 10 Jobs, with current utilization of 10 Jobs and a request delta of 1 Jobs. "
        "Please use AWS Service Quotas to request an increase for this quota. If AWS Service "
        "Quotas is not available, contact AWS support to request an increase for this quota."
    ),
    "AccessDeniedException": "User is not authorized to perform this action",
    "InternalFailure": "An internal error occurred. Try again.",
    "UnknownOperationException": None,
    "ServiceUnavailable": "Service is unavailable. Try again later.",
}


class AwsError(Exception):
    """An error the simulator answers with, exactly as SageMaker would."""

    def __init__(self, code, message=None, status=None):
        super().__init__(message or DEFAULT_MESSAGES.get(code, code) or code)
        self.code = code
        self.message = message or DEFAULT_MESSAGES.get(code, code)
        self.status = status or _STATUS.get(code, 400)

    def body(self):
        doc = {"__type": self.code}
        if self.message is not None:  # AWS's UnknownOperationException carries no message
            doc["message"] = self.message
        return json.dumps(doc).encode()


def validation(message):
    return AwsError("ValidationException", message)


def not_found(message):
    return AwsError("ResourceNotFound", message)


def in_use(message):
    return AwsError("ResourceInUse", message)
