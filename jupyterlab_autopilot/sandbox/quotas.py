"""The account's SageMaker quotas, as Service Quotas reports them, and their enforcement.

A new account's typical values by default (changed with ``serve --quota NAME=VALUE`` or the control
API ``POST /_sandbox/quotas``). A training job, or a tuning job's parallel training jobs, that would
run more instances than a quota allows is refused with ``ResourceLimitExceeded`` in AWS's wording.
Quota codes are the sandbox's own (``L-SBX…``): the names are AWS's, the codes could not be checked
offline.
"""
import threading

from .errors import AwsError, validation

SERVICE_CODE = "sagemaker"
SERVICE_NAME = "Amazon SageMaker"
ALL_TRAINING = "Number of instances across all training jobs"
TRAINING_TYPES = ("ml.m5.large", "ml.m5.xlarge", "ml.m5.2xlarge", "ml.m5.4xlarge", "ml.c5.xlarge", "ml.c5.2xlarge",
                  "ml.c5.4xlarge")
ENDPOINT_TYPES = ("ml.m5.large", "ml.m5.xlarge", "ml.m5.2xlarge", "ml.m5.4xlarge")


def training_quota(instance_type):
    return "%s for training job usage" % instance_type


def _defaults():
    """(name, value): what a new account typically starts with (small: the workshop must fit in it)."""
    out = [(ALL_TRAINING, 4.0)]
    out += [(training_quota(t), 4.0) for t in TRAINING_TYPES]
    out += [("%s for endpoint usage" % t, 2.0) for t in ENDPOINT_TYPES]
    out += [("Maximum number of concurrently running AutoML jobs", 10.0)]
    return out


class Quotas:
    def __init__(self, region, account, overrides=None):
        self.region, self.account = region, account
        self._lock = threading.Lock()
        self._defaults = dict(_defaults())
        self._codes = {name: "L-SBX%04d" % i for i, name in enumerate(self._defaults, 1)}
        self._values = dict(self._defaults)
        for name, value in (overrides or {}).items():
            self.set(name, value)

    def set(self, name, value):
        if name not in self._values:
            raise ValueError("unknown quota %r; known: %s" % (name, ", ".join(sorted(self._values))))
        value = float(value)
        if value < 0:
            raise ValueError("a quota is 0 or more, not %s" % value)
        with self._lock:
            self._values[name] = value

    def value(self, name):
        return self._values.get(name)

    def values(self):
        return dict(self._values)

    # -- enforcement -------------------------------------------------------------------------------
    def check(self, name, in_use, delta, unit="Instances"):
        limit = self._values.get(name)
        if limit is not None and in_use + delta > limit:
            raise AwsError("ResourceLimitExceeded", (
                "The account-level service limit '%s' is %d %s, with current utilization of %d %s and a request "
                "delta of %d %s. Please use AWS Service Quotas to request an increase for this quota. If AWS "
                "Service Quotas is not available, contact AWS support to request an increase for this quota."
                % (name, limit, unit, in_use, unit, delta, unit)))

    def check_training(self, instance_type, count, running):
        """``running``: [(instance type, count)] of the training jobs in progress."""
        self.check(training_quota(instance_type), sum(c for t, c in running if t == instance_type), count)
        self.check(ALL_TRAINING, sum(c for _, c in running), count)

    # -- Service Quotas API ----------------------------------------------------------------------
    def _shape(self, name, value):
        code = self._codes[name]
        return {"ServiceCode": SERVICE_CODE, "ServiceName": SERVICE_NAME,
                "QuotaArn": "arn:aws:servicequotas:%s:%s:%s/%s" % (self.region, self.account, SERVICE_CODE, code),
                "QuotaCode": code, "QuotaName": name, "Value": value, "Unit": "None", "Adjustable": True,
                "GlobalQuota": False}

    def _find(self, params):
        if params.get("ServiceCode") != SERVICE_CODE:
            raise AwsError("NoSuchResourceException", "The sandbox simulates the quotas of service 'sagemaker' only.")
        code = params.get("QuotaCode")
        name = next((n for n, c in self._codes.items() if c == code), None)
        if not name:
            raise AwsError("NoSuchResourceException", "The request failed because the specified quota %s does not "
                           "exist." % code)
        return name

    def _page(self, items, params):
        from .paging import page, with_token

        chunk, token = page(items, params, default_max=100, limit=100)
        return with_token({"Quotas": chunk}, token)

    def handle(self, action, params):
        if action in ("ListServiceQuotas", "ListAWSDefaultServiceQuotas"):
            if params.get("ServiceCode") != SERVICE_CODE:
                return {"Quotas": []}
            source = self._values if action == "ListServiceQuotas" else self._defaults
            return self._page([self._shape(n, v) for n, v in source.items()], params)
        if action == "GetServiceQuota":
            name = self._find(params)
            return {"Quota": self._shape(name, self._values[name])}
        if action == "GetAWSDefaultServiceQuota":
            name = self._find(params)
            return {"Quota": self._shape(name, self._defaults[name])}
        if action == "ListServices":
            return {"Services": [{"ServiceCode": SERVICE_CODE, "ServiceName": SERVICE_NAME}]}
        raise validation("The sandbox's Service Quotas answers List/Get quota calls only, not %s." % action)
