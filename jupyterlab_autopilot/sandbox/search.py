"""SageMaker ``Search`` over the simulated training jobs and their trial components.

Filters name properties by dotted paths (``TrainingJobStatus``, ``HyperParameters.eta``,
``Metrics.validation:f1``, ``Source.SourceArn``...) and support SageMaker's operators.
"""
from .errors import validation

OPERATORS = {
    "Equals", "NotEquals", "GreaterThan", "GreaterThanOrEqualTo", "LessThan", "LessThanOrEqualTo",
    "Contains", "Exists", "NotExists", "In",
}


def _metric(record, name):
    for m in record.get("FinalMetricDataList", []):
        if m["MetricName"] == name:
            return m["Value"]
    for m in record.get("Metrics", []) if isinstance(record.get("Metrics"), list) else []:
        if m["MetricName"] == name:
            return m.get("Last")
    return None


def lookup(record, path):
    if path.startswith("Metrics."):
        return _metric(record, path[len("Metrics."):])
    value = record
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, dict) and ("Parameters" in record) and part in value.get("Parameters", {}):
            value = value["Parameters"][part]
        else:
            return None
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("StringValue", "NumberValue", "Value"):
        value = next(iter(value.values()))
    return value


def _number(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _matches(record, flt):
    name, op, wanted = flt.get("Name"), flt.get("Operator", "Equals"), flt.get("Value")
    if not name:
        raise validation("1 validation error detected: Value null at 'searchExpression.filters.name' failed to satisfy constraint: Member must not be null")
    if op not in OPERATORS:
        raise validation("1 validation error detected: Value '%s' at 'searchExpression.filters.operator' failed to satisfy "
                         "constraint: Member must satisfy enum value set: [%s]" % (op, ", ".join(sorted(OPERATORS))))
    value = lookup(record, name)
    if op == "Exists":
        return value is not None
    if op == "NotExists":
        return value is None
    if value is None:
        return op == "NotEquals"
    if op == "Contains":
        return str(wanted).lower() in str(value).lower()
    if op == "In":
        return str(value) in [v.strip() for v in str(wanted).split(",")]
    a, b = _number(value), _number(wanted)
    if a is None or b is None:
        a, b = str(value), str(wanted)
    return {
        "Equals": a == b, "NotEquals": a != b, "GreaterThan": a > b, "GreaterThanOrEqualTo": a >= b,
        "LessThan": a < b, "LessThanOrEqualTo": a <= b,
    }[op]


def matches(record, expression):
    if not expression:
        return True
    results = [_matches(record, f) for f in expression.get("Filters", [])]
    for nested in expression.get("NestedFilters", []):
        items = lookup(record, nested.get("NestedPropertyName", "")) or []
        results.append(any(all(_matches(item, f) for f in nested.get("Filters", [])) for item in items))
    results += [matches(record, sub) for sub in expression.get("SubExpressions", [])]
    if not results:
        return True
    return any(results) if expression.get("Operator") == "Or" else all(results)


def sort_key(path):
    def key(record):
        value = lookup(record, path)
        number = _number(value)
        return (value is None, number if number is not None else 0.0, "" if number is not None else str(value))
    return key
