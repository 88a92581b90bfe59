"""Request checks that SageMaker performs before accepting a job, with its wording.

Messages follow AWS's "1 validation error detected: Value ... at '...' failed to satisfy
constraint: ..." form for field constraints, so the frontend meets what it will meet on AWS.
"""
import re

from .errors import validation

JOB_NAME_PATTERN = r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}"
_S3_URI_RE = re.compile(r"^s3://([a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])(/.*)?$")
_ROLE_ARN_RE = re.compile(r"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")


def _constraint(value, field, constraint):
    return validation(
        "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s"
        % (value, field, constraint)
    )


def require(params, key, field=None):
    value = params.get(key)
    if value in (None, "", [], {}):
        raise _constraint("null", field or _lower_first(key), "Member must not be null")
    return value


def job_name(name, field, max_length=32):
    """AutoML and tuning job names have at most 32 characters; training and transform job names 63."""
    if name is None:
        raise _constraint("null", field, "Member must not be null")
    if not isinstance(name, str) or not 1 <= len(name) <= max_length:
        raise _constraint(
            name, field, "Member must have length less than or equal to %d" % max_length
            if isinstance(name, str) and len(name) > max_length else "Member must have length greater than or equal to 1"
        )
    pattern = JOB_NAME_PATTERN.replace("{0,31}", "{0,%d}" % (max_length - 1))
    if not re.match("^" + pattern + "$", name):
        raise _constraint(name, field, "Member must satisfy regular expression pattern: " + pattern)
    return name


def s3_uri(uri, field):
    """(bucket, key) of a well-formed s3:// URI."""
    if not isinstance(uri, str) or len(uri) > 1024:
        raise _constraint(uri, field, "Member must have length less than or equal to 1024")
    m = _S3_URI_RE.match(uri)
    if not m:
        raise _constraint(uri, field, "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$")
    return m.group(1), (m.group(2) or "/")[1:]


def role_arn(arn, field="roleArn"):
    if arn is None:
        raise _constraint("null", field, "Member must not be null")
    if not _ROLE_ARN_RE.match(arn):
        raise _constraint(
            arn, field,
            "Member must satisfy regular expression pattern: ^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$",
        )
    return arn


def one_of(value, allowed, field):
    if value not in allowed:
        raise _constraint(value, field, "Member must satisfy enum value set: [%s]" % ", ".join(allowed))
    return value


def int_range(value, low, high, field):
    if not isinstance(value, int) or isinstance(value, bool):
        raise validation("Value '%s' at '%s' is not an integer" % (value, field))
    if value < low:
        raise _constraint(value, field, "Member must have value greater than or equal to %d" % low)
    if high is not None and value > high:
        raise _constraint(value, field, "Member must have value less than or equal to %d" % high)
    return value


def _lower_first(s):
    return s[:1].lower() + s[1:]
