"""CreateAutoMLJob (V1) and CreateAutoMLJobV2 requests, validated and brought to one shape.

Only what SageMaker checks before answering is checked here; the dataset itself (its header,
its target column) is checked by ``automl.AutoMLActions`` against the object in S3.
"""
from . import validation as v
from .errors import validation

PROBLEM_TYPES = ("BinaryClassification", "MulticlassClassification", "Regression")
OBJECTIVES = {
    "BinaryClassification": ("Accuracy", "AUC", "BalancedAccuracy", "F1", "Precision", "Recall"),
    "MulticlassClassification": ("Accuracy", "BalancedAccuracy", "F1macro", "PrecisionMacro", "RecallMacro"),
    "Regression": ("MSE", "RMSE", "MAE", "R2"),
}
DEFAULT_OBJECTIVE = {"BinaryClassification": "F1", "MulticlassClassification": "Accuracy", "Regression": "MSE"}
MODES = ("AUTO", "ENSEMBLING", "HYPERPARAMETER_TUNING")
CSV = "text/csv;header=present"
PARQUET = "x-application/vnd.amazon+parquet"


class AutoMLSpec:
    """Everything the simulator needs from either API version's request."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


def _channels(raw, field, version):
    if not raw:
        raise validation("1 validation error detected: Value null at '%s' failed to satisfy constraint: "
                         "Member must not be null" % field)
    if len(raw) > 2:
        raise validation("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: "
                         "Member must have length less than or equal to 2" % (raw, field))
    channels = []
    for i, ch in enumerate(raw, 1):
        where = "%s.%d" % (field, i)
        source = (ch.get("DataSource") or {}).get("S3DataSource") or {}
        if not source:
            raise validation("1 validation error detected: Value null at '%s.dataSource' failed to satisfy "
                             "constraint: Member must not be null" % where)
        v.one_of(source.get("S3DataType"), ("S3Prefix", "ManifestFile", "AugmentedManifestFile"),
                 where + ".dataSource.s3DataSource.s3DataType")
        v.s3_uri(source.get("S3Uri"), where + ".dataSource.s3DataSource.s3Uri")
        content_type = ch.get("ContentType") or CSV
        if content_type not in (CSV, PARQUET):
            v.one_of(content_type, (CSV, PARQUET), where + ".contentType")
        if content_type == PARQUET:
            raise validation("The sandbox reads CSV input only (ContentType %s); Parquet needs real SageMaker." % CSV)
        if ch.get("CompressionType") not in (None, "None", "Gzip"):
            v.one_of(ch["CompressionType"], ("None", "Gzip"), where + ".compressionType")
        if ch.get("ChannelType") not in (None, "training", "validation"):
            v.one_of(ch["ChannelType"], ("training", "validation"), where + ".channelType")
        channels.append({
            "ChannelType": ch.get("ChannelType"),
            "ContentType": content_type,
            "CompressionType": ch.get("CompressionType", "None"),
            "S3DataType": source["S3DataType"],
            "S3Uri": source["S3Uri"],
            "raw": ch,
        })
    if len(channels) == 2:
        types = sorted(c["ChannelType"] or "" for c in channels)
        if types != ["training", "validation"]:
            raise validation("When two input channels are provided, one must have ChannelType 'training' and the "
                             "other ChannelType 'validation'.")
    return channels


def _problem_and_objective(problem_type, objective):
    metric = (objective or {}).get("MetricName")
    if bool(problem_type) != bool(metric):
        raise validation("You must either specify both ProblemType and AutoMLJobObjective, or neither of them.")
    if problem_type:
        v.one_of(problem_type, PROBLEM_TYPES, "problemType")
        if metric not in OBJECTIVES[problem_type]:
            raise validation("The objective metric %s is not supported for problem type %s. Supported metrics: %s."
                             % (metric, problem_type, ", ".join(OBJECTIVES[problem_type])))
    return problem_type, metric


def _common(params, name_field):
    v.job_name(params.get("AutoMLJobName"), name_field)
    output = params.get("OutputDataConfig") or {}
    v.s3_uri(output.get("S3OutputPath"), "outputDataConfig.s3OutputPath")
    v.role_arn(params.get("RoleArn"))


def _split_and_completion(data_split, completion, channels, mode, pilot):
    fraction = (data_split or {}).get("ValidationFraction")
    if fraction is not None:
        if not isinstance(fraction, (int, float)) or not 0 <= fraction <= 1:
            raise validation("1 validation error detected: Value '%s' at 'dataSplitConfig.validationFraction' failed "
                             "to satisfy constraint: Member must have value less than or equal to 1" % fraction)
        if any(c["ChannelType"] == "validation" for c in channels):
            raise validation("ValidationFraction cannot be specified in DataSplitConfig when a validation channel "
                             "is provided in the input data config.")
    completion = completion or {}
    if "MaxCandidates" in completion:
        v.int_range(completion["MaxCandidates"], 1, 750, "completionCriteria.maxCandidates")
    if mode is not None:
        v.one_of(mode, MODES, "mode")
    if pilot and mode == "ENSEMBLING":
        raise validation("GenerateCandidateDefinitionsOnly is not supported in ENSEMBLING mode.")
    return completion


def parse_v2(params):
    _common(params, "autoMLJobName")
    channels = _channels(params.get("AutoMLJobInputDataConfig"), "autoMLJobInputDataConfig", 2)
    config = params.get("AutoMLProblemTypeConfig") or {}
    if not config:
        raise validation("1 validation error detected: Value null at 'autoMLProblemTypeConfig' failed to satisfy "
                         "constraint: Member must not be null")
    if "TabularJobConfig" not in config:
        raise validation("The sandbox simulates tabular AutoML jobs only (TabularJobConfig); %s needs real SageMaker."
                         % ", ".join(config))
    tab = config["TabularJobConfig"]
    target = tab.get("TargetAttributeName")
    if not target:
        raise validation("1 validation error detected: Value null at 'autoMLProblemTypeConfig.tabularJobConfig."
                         "targetAttributeName' failed to satisfy constraint: Member must not be null")
    problem_type, metric = _problem_and_objective(tab.get("ProblemType"), params.get("AutoMLJobObjective"))
    pilot = bool(tab.get("GenerateCandidateDefinitionsOnly", False))
    completion = _split_and_completion(params.get("DataSplitConfig"), tab.get("CompletionCriteria"), channels,
                                       tab.get("Mode"), pilot)
    return AutoMLSpec(
        version=2, name=params["AutoMLJobName"], channels=channels, target=target,
        sample_weight=tab.get("SampleWeightAttributeName"), problem_type=problem_type, objective=metric,
        mode=tab.get("Mode", "AUTO"), pilot=pilot, completion=completion,
        data_split=params.get("DataSplitConfig"), output=params["OutputDataConfig"], role_arn=params["RoleArn"],
        security=params.get("SecurityConfig"), model_deploy=params.get("ModelDeployConfig"),
        candidate_generation=tab.get("CandidateGenerationConfig"), tags=params.get("Tags", []),
        feature_spec=tab.get("FeatureSpecificationS3Uri"),
    )


def parse_v1(params):
    _common(params, "autoMLJobName")
    channels = _channels(params.get("InputDataConfig"), "inputDataConfig", 1)
    targets = {c["raw"].get("TargetAttributeName") for c in channels}
    if None in targets or "" in targets:
        raise validation("1 validation error detected: Value null at 'inputDataConfig.1.member.targetAttributeName' "
                         "failed to satisfy constraint: Member must not be null")
    if len(targets) > 1:
        raise validation("TargetAttributeName must be the same in every input channel.")
    problem_type, metric = _problem_and_objective(params.get("ProblemType"), params.get("AutoMLJobObjective"))
    config = params.get("AutoMLJobConfig") or {}
    pilot = bool(params.get("GenerateCandidateDefinitionsOnly", False))
    completion = _split_and_completion(config.get("DataSplitConfig"), config.get("CompletionCriteria"), channels,
                                       config.get("Mode"), pilot)
    return AutoMLSpec(
        version=1, name=params["AutoMLJobName"], channels=channels, target=targets.pop(),
        sample_weight=channels[0]["raw"].get("SampleWeightAttributeName"), problem_type=problem_type,
        objective=metric, mode=config.get("Mode", "AUTO"), pilot=pilot, completion=completion,
        data_split=config.get("DataSplitConfig"), output=params["OutputDataConfig"], role_arn=params["RoleArn"],
        security=config.get("SecurityConfig"), model_deploy=params.get("ModelDeployConfig"),
        candidate_generation=config.get("CandidateGenerationConfig"), tags=params.get("Tags", []),
        feature_spec=None,
    )
