"""AddTags, ListTags and DeleteTags on the resources the simulator owns; moto keeps the others' tags.

The simulator's jobs are not in moto, so moto cannot tag them (it answered a 500 HTML page);
their tags live here, given at create (``Tags``) or added later.
"""
from . import validation as v
from .errors import validation
from .paging import page, with_token

MAX_TAGS = 50  # TagList's max length in botocore's model, per request and per resource


def _check_count(tags, field):
    if len(tags) > MAX_TAGS:
        raise validation("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must "
                         "have length less than or equal to %d" % (tags, field, MAX_TAGS))


class TagStore:
    """{resource ARN: {key: value}} for the simulator's own resources, in the order keys were added."""

    def __init__(self):
        self._tags = {}

    def own(self, arn, tags=()):
        tags = list(tags or [])
        _check_count(tags, "tags")
        self._tags[arn] = {t["Key"]: t.get("Value", "") for t in tags}

    def owns(self, arn):
        return arn in self._tags

    def add(self, arn, tags):
        current = dict(self._tags[arn], **{t["Key"]: t.get("Value", "") for t in tags})
        if len(current) > MAX_TAGS:
            raise validation("The resource %s would have %d tags; a resource can have at most %d tags."
                             % (arn, len(current), MAX_TAGS))
        self._tags[arn] = current

    def remove(self, arn, keys):
        for key in keys:
            self._tags[arn].pop(key, None)

    def list(self, arn):
        return [{"Key": k, "Value": val} for k, val in self._tags[arn].items()]


class TagActions:
    def __init__(self, sim):
        self.sim = sim

    def AddTags(self, params):
        arn = v.require(params, "ResourceArn")
        if not self.sim.tags.owns(arn):
            return self.sim.FORWARD
        tags = v.require(params, "Tags")
        _check_count(tags, "tags")
        self.sim.tags.add(arn, tags)
        return {"Tags": tags}

    def DeleteTags(self, params):
        arn = v.require(params, "ResourceArn")
        if not self.sim.tags.owns(arn):
            return self.sim.FORWARD
        self.sim.tags.remove(arn, v.require(params, "TagKeys"))
        return {}

    def ListTags(self, params):
        arn = v.require(params, "ResourceArn")
        if not self.sim.tags.owns(arn):
            return self.sim.FORWARD
        chunk, token = page(self.sim.tags.list(arn), params, default_max=50)
        return with_token({"Tags": chunk}, token)
