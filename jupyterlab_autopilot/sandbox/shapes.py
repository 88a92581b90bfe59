"""Requests and answers checked against botocore's service model, the way AWS checks them.

``request_errors`` lists what AWS's front end would refuse in a request (required members, types,
enums, lengths, ranges, patterns), in its wording ("Value 'x' at 'a.b' failed to satisfy constraint:
..."); ``validate_request`` raises them as one ``ValidationException``. ``answer_problems`` lists how
an answer departs from the operation's output shape (unknown members, missing required ones, wrong
types); the sandbox logs them and the tests assert there are none.
"""
import functools
import re

from .errors import AwsError
from .service_model import service_model

MAX_REPORTED = 10  # AWS lists at most this many errors in one message


@functools.lru_cache(maxsize=None)
def _pattern(text):
    try:
        return re.compile(text)
    except re.error:  # a Java-only construct (\p{...}): not checked
        return None


def _field(path, name):
    name = name[:1].lower() + name[1:]
    return "%s.%s" % (path, name) if path else name


def _shown(value):
    return "null" if value is None else str(value)


def _type_ok(shape, value):
    t = shape.type_name
    if t == "structure":
        return isinstance(value, dict)
    if t == "list":
        return isinstance(value, list)
    if t == "map":
        return isinstance(value, dict)
    if t == "string":
        return isinstance(value, str)
    if t == "boolean":
        return isinstance(value, bool)
    if t in ("integer", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if t in ("float", "double"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "timestamp":
        return isinstance(value, (int, float, str)) and not isinstance(value, bool)
    if t == "blob":
        return isinstance(value, (str, bytes))
    return True


def _request(shape, value, path, out):
    if not _type_ok(shape, value):
        out.append(("SerializationException", "Value %r at '%s' is not a valid %s" % (value, path, shape.type_name)))
        return
    meta = shape.metadata
    constraint = lambda text: out.append(("ValidationException", "Value '%s' at '%s' failed to satisfy constraint: "
                                          "Member must %s" % (_shown(value), path, text)))
    if shape.type_name in ("string", "list", "map"):
        if "min" in meta and len(value) < meta["min"]:
            constraint("have length greater than or equal to %d" % meta["min"])
        if "max" in meta and len(value) > meta["max"]:
            constraint("have length less than or equal to %d" % meta["max"])
    if shape.type_name in ("integer", "long", "float", "double"):
        if "min" in meta and value < meta["min"]:
            constraint("have value greater than or equal to %s" % meta["min"])
        if "max" in meta and value > meta["max"]:
            constraint("have value less than or equal to %s" % meta["max"])
    if shape.type_name == "string":
        if shape.enum and value not in shape.enum:
            constraint("satisfy enum value set: [%s]" % ", ".join(shape.enum))
        pattern = _pattern(meta["pattern"]) if "pattern" in meta else None
        if pattern and not pattern.fullmatch(value):  # AWS matches the whole value (Java's matches())
            constraint("satisfy regular expression pattern: %s" % meta["pattern"])
    elif shape.type_name == "structure":
        for name in shape.required_members:
            if value.get(name) is None:
                out.append(("ValidationException", "Value null at '%s' failed to satisfy constraint: Member must not "
                            "be null" % _field(path, name)))
        for name, member_value in value.items():
            member = shape.members.get(name)
            if member is not None and member_value is not None:
                _request(member, member_value, _field(path, name), out)
    elif shape.type_name == "list":
        for i, item in enumerate(value, 1):
            _request(shape.member, item, "%s.%d" % (path, i), out)
    elif shape.type_name == "map":
        for key, item in value.items():
            _request(shape.key, key, "%s.key" % path, out)
            _request(shape.value, item, "%s.%s" % (path, key), out)


def request_errors(service, action, params):
    """[(error code, message)] of what AWS would refuse in ``params``."""
    shape = service_model(service).operation_model(action).input_shape
    out = []
    if shape is not None:
        _request(shape, params, "", out)
    return out


def validate_request(service, action, params):
    errors = request_errors(service, action, params)
    if not errors:
        return
    serialization = [m for code, m in errors if code == "SerializationException"]
    if serialization:
        raise AwsError("SerializationException", serialization[0])
    messages = [m for _, m in errors][:MAX_REPORTED]
    raise AwsError("ValidationException", "%d validation error%s detected: %s" % (
        len(messages), "" if len(messages) == 1 else "s", "; ".join(messages)))


def _answer(shape, value, path, out):
    if not _type_ok(shape, value):
        out.append("%s: %s expected, got %r" % (path or "answer", shape.type_name, type(value).__name__))
        return
    if shape.type_name == "structure":
        for name in shape.required_members:
            if name not in value:
                out.append("%s: required member %s missing" % (path or "answer", name))
        for name, member_value in value.items():
            member = shape.members.get(name)
            if member is None:
                out.append("%s: unknown member %s" % (path or "answer", name))
            elif member_value is not None:
                _answer(member, member_value, "%s.%s" % (path, name) if path else name, out)
    elif shape.type_name == "list":
        for i, item in enumerate(value):
            _answer(shape.member, item, "%s[%d]" % (path, i), out)
    elif shape.type_name == "map":
        for key, item in value.items():
            _answer(shape.value, item, "%s[%s]" % (path, key), out)


def answer_problems(service, action, doc):
    """How ``doc`` (a parsed JSON answer) departs from the operation's output shape; [] when it fits."""
    shape = service_model(service).operation_model(action).output_shape
    out = []
    if shape is not None:
        _answer(shape, doc, "", out)
    return out
