"""Which values the inference pipeline answers with (Autopilot's ``select_inference_output``)."""
SUPPORTED = {
    "BinaryClassification": ("predicted_label", "probability", "labels", "probabilities"),
    "MulticlassClassification": ("predicted_label", "probability", "labels", "probabilities"),
    "Regression": ("predicted_label",),
}


def select_inference_output(problem_type, model_containers, output_keys):
    """Set the containers' inference environment so the endpoint answers ``output_keys``, in that order."""
    supported = SUPPORTED.get(problem_type)
    if supported is None:
        raise ValueError("Unknown problem type %r; expected one of %s." % (problem_type, ", ".join(SUPPORTED)))
    bad = [k for k in output_keys if k not in supported]
    if bad:
        raise ValueError("A %s model cannot emit %s; it can emit %s." % (problem_type, ", ".join(bad), ", ".join(supported)))
    keys = ",".join(output_keys)
    for model in model_containers[1:]:
        model.env = dict(model.env or {}, SAGEMAKER_INFERENCE_SUPPORTED=",".join(supported))
    last = model_containers[-1]
    last.env = dict(last.env or {}, SAGEMAKER_INFERENCE_OUTPUT=keys)
    if len(model_containers) > 2:
        algorithm = model_containers[-2]
        algorithm.env = dict(algorithm.env or {}, SAGEMAKER_INFERENCE_OUTPUT=keys)
        last.env["SAGEMAKER_INFERENCE_INPUT"] = keys
    return model_containers
