"""One candidate pipeline: its data transformer step (SKLearn training + batch transform) and its algorithm."""
import os

from sagemaker.inputs import TrainingInput
from sagemaker.model import Model
from sagemaker.sklearn import SKLearn

TRANSFORM_CONTENT_TYPE = "text/csv"
INFERENCE_ENV = {
    "AUTOML_TRANSFORM_MODE": "feature-transform",
    "SAGEMAKER_PROGRAM": "sagemaker_serve",
    "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code",
    "SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT": "text/csv",
    "MAX_CONTENT_LENGTH": "20971520",
}


class DataTransformerStep:
    def __init__(self, definition, candidate_name, config):
        self.name = definition["name"]
        self.candidate_name = candidate_name
        self.config = config
        self.training_resource_config = definition["training_resource_config"]
        self.transform_resource_config = definition["transform_resource_config"]
        self.transforms_label = definition.get("transforms_label", False)
        self.content_type = definition.get("transformed_data_format", TRANSFORM_CONTENT_TYPE)
        self.sparse_encoding = definition.get("sparse_encoding", False)
        self.training_job_name = None

    def transformed_data_path(self, channel):
        return "%s/%s/%s" % (self.config.transformed_data_s3_root, self.name, channel)

    def train_and_transform(self, job_suffix):
        """The two SageMaker jobs of the notebook's "Run Data Transformation Steps": train, then transform."""
        config = self.config
        folder = config.candidate_data_processors_folder
        if not os.path.exists(os.path.join(folder, "%s.py" % self.name)):
            raise FileNotFoundError("The data processing module %s.py is not in %s: run the notebook's first cells, "
                                    "which download the generated modules." % (self.name, folder))
        resources = self.training_resource_config
        estimator = SKLearn(
            entry_point="trainer.py", source_dir=folder, image_uri=config.data_transformer_image(),
            role=config.role, instance_type=resources["instance_type"], instance_count=resources["instance_count"],
            volume_size=resources.get("volume_size_in_gb", 50), output_path=config.data_processing_model_s3_root,
            code_location=config.data_processing_model_s3_root, hyperparameters={"processor_module": self.name},
            sagemaker_session=config.sagemaker_session, subnets=_vpc(config, "Subnets"),
            security_group_ids=_vpc(config, "SecurityGroupIds"),
            encrypt_inter_container_traffic=config.encrypt_inter_container_traffic)
        self.training_job_name = "%s-%s-train-%s" % (config.local_automl_job_name, self.name, job_suffix)
        estimator.fit({"train": config.automl_job_processed_training_data_path}, job_name=self.training_job_name,
                      wait=True, logs=False)
        transform = self.transform_resource_config
        for channel, data in (("train", config.automl_job_processed_training_data_path),
                              ("validation", config.automl_job_processed_validation_data_path)):
            transformer = estimator.transformer(
                instance_count=transform["instance_count"], instance_type=transform["instance_type"],
                output_path=self.transformed_data_path(channel), accept=self.content_type,
                env={"AUTOML_TRANSFORM_MODE": "feature-transform"})
            transformer.transform(data, content_type="text/csv", split_type="Line",
                                  job_name="%s-%s-%s-%s" % (config.local_automl_job_name, self.name, channel[:3], job_suffix),
                                  wait=True, logs=False)
        return self.training_job_name


class AlgoStep:
    def __init__(self, definition, config):
        self.algo_name = definition["name"]
        self.config = config
        self.training_resource_config = definition["training_resource_config"]
        self.candidate_specific_static_hyperparameters = definition.get("candidate_specific_static_hyperparameters", {})

    def get_inference_container_config(self):
        """Keyword arguments for ``Estimator.create_model``: the algorithm's inference image and its Accept."""
        return {"image_uri": self.config.algo_image(self.algo_name, inference=True),
                "env": {"SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT": "text/csv"}}


class AutoMLLocalCandidate:
    def __init__(self, candidate_name, data_transformer_step, algo_step, config):
        self.candidate_name = candidate_name
        self.data_transformer_step = data_transformer_step
        self.algo_step = algo_step
        self.config = config

    @classmethod
    def create(cls, candidate_name, definition, local_run_config):
        return cls(candidate_name, DataTransformerStep(definition["data_transformer"], candidate_name, local_run_config),
                   AlgoStep(definition["algorithm"], local_run_config), local_run_config)

    @property
    def transforms_label(self):
        return self.data_transformer_step.transforms_label

    @property
    def content_type(self):
        return self.data_transformer_step.content_type

    def training_inputs(self):
        step = self.data_transformer_step
        return {channel: TrainingInput(step.transformed_data_path(channel), content_type=step.content_type)
                for channel in ("train", "validation")}

    def get_data_transformer_model(self, role, sagemaker_session, transform_mode=None, **kwargs):
        """The trained data transformer as a Model, serving ``transform_mode`` (feature-transform by default)."""
        job = self.data_transformer_step.training_job_name
        if not job:
            raise RuntimeError("The data transformer of %s has not been trained: run fit_data_transformers first."
                               % self.candidate_name)
        artifacts = sagemaker_session.describe_training_job(job)["ModelArtifacts"]["S3ModelArtifacts"]
        env = dict(INFERENCE_ENV, AUTOML_TRANSFORM_MODE=transform_mode or "feature-transform")
        return Model(image_uri=self.config.data_transformer_image(), model_data=artifacts, role=role, env=env,
                     sagemaker_session=sagemaker_session, vpc_config=self.config.vpc_config, **kwargs)


def _vpc(config, key):
    return (config.vpc_config or {}).get(key)
