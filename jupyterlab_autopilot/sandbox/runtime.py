"""``InvokeEndpoint`` (SageMaker Runtime, ``POST /endpoints/<name>/invocations``) on the sandbox's endpoints.

The prediction is computed from the row, deterministically: a hash of the row's text picks one of the
target's labels (with a probability) for classification, or a number in the target's range for
regression. Which dataset a model belongs to is read from its model artifact (``sandbox-model.json``);
what the answer carries follows the last container's ``SAGEMAKER_INFERENCE_OUTPUT`` (Autopilot's
``select_inference_output``), in the ``Accept`` format (text/csv or application/json).
"""
import json
from urllib.parse import unquote

from .errors import AwsError, validation
from .outputs import read_model_info
from .training import unit_hash


class Runtime:
    def __init__(self, sim):
        self.sim = sim

    def _containers(self, endpoint_name):
        endpoint = self.sim.actions["DescribeEndpoint"]({"EndpointName": endpoint_name})
        if endpoint["EndpointStatus"] != "InService":
            raise validation("Endpoint %s is not in service (status %s)." % (endpoint_name, endpoint["EndpointStatus"]))
        config = self.sim.moto_call("DescribeEndpointConfig", {"EndpointConfigName": endpoint["EndpointConfigName"]})
        model = self.sim.moto_call("DescribeModel", {"ModelName": config["ProductionVariants"][0]["ModelName"]})
        return model.get("Containers") or [model.get("PrimaryContainer", {})]

    def invoke(self, path, body, content_type, accept):
        name = unquote(path.split("/")[2]) if path.count("/") >= 3 else ""
        try:
            containers = self._containers(name)
        except AwsError as err:
            if err.code in ("ValidationException", "ResourceNotFound") and "not in service" not in err.message:
                raise validation("Endpoint %s of account %s not found." % (name, self.sim.account)) from None
            raise
        automl = None
        for c in containers:
            info = read_model_info(self.sim.s3, c["ModelDataUrl"]) if c.get("ModelDataUrl") else None
            if info and info.get("automl_job"):
                automl = self.sim.automl_jobs.get(info["automl_job"])
                break
        if automl is None:
            raise AwsError("ModelError", "The sandbox can only serve models trained from an Autopilot job's data.", 424)
        keys = [k.strip() for k in (containers[-1].get("Environment", {}).get("SAGEMAKER_INFERENCE_OUTPUT")
                                    or "predicted_label").split(",")]
        rows = [line for line in body.decode("utf-8", "replace").splitlines() if line.strip()]
        if not rows:
            raise validation("The request body has no rows.")
        predictions = [self._predict(automl, row, keys) for row in rows]
        if "json" in (accept or ""):
            return "application/json", json.dumps({"predictions": predictions}).encode()
        return "text/csv; charset=utf-8", "".join(",".join(_csv(p[k]) for k in keys) + "\n" for p in predictions).encode()

    def _predict(self, automl, row, keys):
        target = automl.profile.column(automl.target)
        u = unit_hash(automl.name, row.strip())
        if automl.problem_type == "Regression":
            low, high = target.min or 0.0, target.max if target.max is not None else 1.0
            return {k: round(low + u * (high - low), 4) for k in keys}
        labels = sorted(target.counts)
        label = labels[int(u * len(labels))]
        probability = round(0.5 + 0.5 * unit_hash(row, "probability"), 4)
        rest = (1.0 - probability) / max(1, len(labels) - 1)
        values = {"predicted_label": label, "probability": probability, "labels": labels,
                  "probabilities": [probability if lb == label else round(rest, 4) for lb in labels]}
        return {k: values.get(k, "") for k in keys}


def _csv(value):
    if isinstance(value, list):
        return '"%s"' % json.dumps(value).replace('"', "'")
    return str(value)
