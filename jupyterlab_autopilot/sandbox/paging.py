"""List/Search paging and sorting, shared by every List* action the simulator answers."""
from .errors import validation
from .validation import int_range


def page(items, params, default_max=10, limit=100):
    """(page_items, next_token) for a list already filtered and sorted."""
    max_results = params.get("MaxResults", default_max)
    int_range(max_results, 1, limit, "maxResults")
    token = params.get("NextToken")
    try:
        start = int(token) if token else 0
    except ValueError:
        raise validation("Invalid pagination token") from None
    chunk = items[start:start + max_results]
    nxt = str(start + max_results) if start + max_results < len(items) else None
    return chunk, nxt


def sort(items, key, order, default_order="Descending"):
    order = order or default_order
    if order not in ("Ascending", "Descending"):
        raise validation(
            "1 validation error detected: Value '%s' at 'sortOrder' failed to satisfy constraint: "
            "Member must satisfy enum value set: [Ascending, Descending]" % order
        )
    return sorted(items, key=key, reverse=order == "Descending")


def sort_by_metric(items, metric_field, order):
    """Sorted by ``item[metric_field]["Value"]``; items without that metric come last, whatever the order."""
    scored = [i for i in items if metric_field in i]
    rest = [i for i in items if metric_field not in i]
    return sort(scored, lambda i: i[metric_field]["Value"], order, "Descending") + rest


_TIME_BOUNDS = (("CreationTimeAfter", "CreationTime", True), ("CreationTimeBefore", "CreationTime", False),
                ("LastModifiedTimeAfter", "LastModifiedTime", True), ("LastModifiedTimeBefore", "LastModifiedTime", False))


def filter_jobs(jobs, params, name_field, status_field):
    """The summaries a List*Jobs request's NameContains, StatusEquals and time bounds keep."""
    if params.get("NameContains"):
        jobs = [j for j in jobs if params["NameContains"].lower() in j[name_field].lower()]
    if params.get("StatusEquals"):
        jobs = [j for j in jobs if j[status_field] == params["StatusEquals"]]
    for key, field, after in _TIME_BOUNDS:
        if key in params:
            bound = float(params[key])
            jobs = [j for j in jobs if (j[field] > bound if after else j[field] < bound)]
    return jobs


def with_token(result, token):
    if token:
        result["NextToken"] = token
    return result
