"""The jobs a full AutoML run's candidate names in ``CandidateSteps``: they exist, as on AWS.

For each data processor (``dppN``) the run made, once: the data split (a processing job, during
AnalyzingData), the transformer's training job and the transform that applies it (``-rpb-``), during
FeatureEngineering. They are created already timed in the run's past, so their statuses and times agree
with the run's, and they carry the run's ``AutoMLJobArn``. They use the service's capacity, not the
account's quotas. The transform writes its output like any transform job; the split writes none.
"""
from .processing import ProcessingJob
from .training import SimTrainingJob, short_hash
from .transform import TransformJob


def step_names(job, dpp):
    """(processing, transformer training, transform) job names of ``dpp``'s steps in ``job``."""
    h = short_hash(job.arn, dpp, length=8)
    base = job.name[:32]
    return "%s-db-1-%s" % (base, h), "%s-%s-1-%s" % (base, dpp, h), "%s-%s-rpb-1-%s" % (base, dpp, h)


def _window(job):
    """Offsets from job.origin: (split start, split end, transformer start, transform start, transform end).

    The split takes AnalyzingData and the transformer then the transform take FeatureEngineering; an
    ENSEMBLING run has no FeatureEngineering, so there both halves of AnalyzingData are used."""
    _, a_start, a_end = job._phase("AnalyzingData")
    fe = job._phase("FeatureEngineering")
    if fe:
        split, (f_start, f_end) = (a_start, a_end), fe[1:]
    else:
        split, (f_start, f_end) = (a_start, (a_start + a_end) / 2), ((a_start + a_end) / 2, a_end)
    return split + (f_start, f_start + (f_end - f_start) * 0.6, f_end)


def ensure_steps(job, dpp, sklearn_image):
    """Register ``dpp``'s step jobs of ``job`` unless they are already registered."""
    sim = job.sim
    split, transformer, transform = step_names(job, dpp)
    if split in sim.processing_jobs:
        return
    s_start, s_end, t_start, r_start, r_end = _window(job)
    data = job.profile.uri
    resources = {"InstanceCount": 1, "InstanceType": "ml.m5.4xlarge", "VolumeSizeInGB": 30}
    sim.processing_jobs[split] = ProcessingJob(sim, {
        "ProcessingJobName": split, "RoleArn": job.role_arn,
        "ProcessingInputs": [{"InputName": "training", "S3Input": {
            "S3Uri": data, "LocalPath": "/opt/ml/processing/input", "S3DataType": "S3Prefix", "S3InputMode": "File"}}],
        "ProcessingResources": {"ClusterConfig": resources},
        "AppSpecification": {"ImageUri": sklearn_image},
    }, origin=sim.clock_epoch(job.origin, s_start), seconds=s_end - s_start, automl_job_arn=job.arn)
    model_base = "%s/data-processor-models" % job.job_output_s3_base
    training = SimTrainingJob(
        sim, transformer, job.origin, t_start, r_start,
        definition={"RoleArn": job.role_arn, "OutputDataConfig": {"S3OutputPath": model_base},
                    "AlgorithmSpecification": {"TrainingImage": sklearn_image, "TrainingInputMode": "File"},
                    "InputDataConfig": [{"ChannelName": "train", "DataSource": {"S3DataSource": {
                        "S3DataType": "S3Prefix", "S3Uri": data}}}],
                    "ResourceConfig": resources},
        objective_metric=None, hyperparameters={}, automl_job_arn=job.arn)
    sim.register_training_job(training)
    sim.transform_jobs[transform] = TransformJob(sim, {
        "TransformJobName": transform, "ModelName": transformer,
        "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": data}},
                           "ContentType": "text/csv"},
        "TransformOutput": {"S3OutputPath": "%s/transformed-data/%s/rpb" % (job.job_output_s3_base, dpp)},
        "TransformResources": {"InstanceType": "ml.m5.4xlarge", "InstanceCount": 1},
    }, origin=sim.clock_epoch(job.origin, r_start), seconds=r_end - r_start, automl_job_arn=job.arn)
    for arn in (sim.arn("processing-job", split), sim.arn("transform-job", transform)):
        sim.tags.own(arn)
