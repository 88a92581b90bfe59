"""Resource names as SageMaker treats them: unique to the account, case-insensitively.

botocore's documentation of ``AutoMLJobName`` (and of the other job names): "The name must be
unique to your account and is case insensitive". ARNs carry the lower-cased name, so ``MyJob``
and ``myjob`` are one resource; the table keeps the name as first given.
"""


class NameTable(dict):
    """A dict of resources keyed by name, where names differing only in case are one key."""

    def __getitem__(self, name):
        return super().__getitem__(name.lower())

    def __setitem__(self, name, value):
        super().__setitem__(name.lower(), value)

    def __delitem__(self, name):
        super().__delitem__(name.lower())

    def __contains__(self, name):
        return isinstance(name, str) and super().__contains__(name.lower())

    def get(self, name, default=None):
        return super().get(name.lower(), default) if isinstance(name, str) else default

    def pop(self, name, *default):
        return super().pop(name.lower(), *default)
