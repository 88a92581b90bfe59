"""Where the notebook's run reads and writes: the pilot job's output and this run's own folder."""
import datetime
import os

import sagemaker

PRE_PROCESSED_DATA_ROOT = "preprocessed-data/tuning_data"


def uid():
    """A short id that makes this run's job names unique (day, hour, minute, second)."""
    return datetime.datetime.now().strftime("%d-%H-%M-%S")


class AutoMLLocalRunConfig:
    def __init__(self, role, base_automl_job_config, local_automl_job_config, security_config=None,
                 sagemaker_session=None):
        self.role = role
        self.sagemaker_session = sagemaker_session or sagemaker.Session()
        self.region = self.sagemaker_session.boto_region_name
        base, local = base_automl_job_config, local_automl_job_config
        self.automl_job_name = base["automl_job_name"]
        self.automl_output_s3_base_path = base["automl_output_s3_base_path"].rstrip("/")
        self.data_transformer_image_repo_version = base["data_transformer_image_repo_version"]
        self.algo_image_repo_versions = base["algo_image_repo_versions"]
        self.algo_inference_image_repo_versions = base.get("algo_inference_image_repo_versions",
                                                           base["algo_image_repo_versions"])
        self.local_automl_job_name = local["local_automl_job_name"]
        self.local_automl_job_output_s3_base_path = local["local_automl_job_output_s3_base_path"].rstrip("/")
        out = self.local_automl_job_output_s3_base_path
        self.data_processing_model_s3_root = "%s/%s" % (out, local["data_processing_model_dir"])
        self.transformed_data_s3_root = "%s/%s" % (out, local["data_processing_transformed_output_dir"])
        self.tuning_output_s3_root = "%s/%s" % (out, local["multi_algo_tuning_output_dir"])
        security = security_config or {}
        self.vpc_config = security.get("VpcConfig") or None
        self.encrypt_inter_container_traffic = security.get("EnableInterContainerTrafficEncryption", False)
        self.volume_kms_key = security.get("VolumeKmsKeyId")
        self.output_kms_key = security.get("OutputKmsKeyId")

    @property
    def automl_job_processed_data_path(self):
        return "%s/%s" % (self.automl_output_s3_base_path, PRE_PROCESSED_DATA_ROOT)

    @property
    def automl_job_processed_training_data_path(self):
        return self.automl_job_processed_data_path + "/train"

    @property
    def automl_job_processed_validation_data_path(self):
        return self.automl_job_processed_data_path + "/validation"

    @property
    def local_artifacts_folder(self):
        """Where the notebook's first cell synced the generated modules (``<job>-artifacts``)."""
        return os.path.abspath("%s-artifacts" % self.automl_job_name)

    @property
    def candidate_data_processors_folder(self):
        return os.path.join(self.local_artifacts_folder, "generated_module", "candidate_data_processors")

    def data_transformer_image(self):
        return "683313688378.dkr.ecr.%s.amazonaws.com/sagemaker-sklearn-automl:%s" % (
            self.region, self.data_transformer_image_repo_version)

    def algo_image(self, algorithm, inference=False):
        versions = self.algo_inference_image_repo_versions if inference else self.algo_image_repo_versions
        repo = {"xgboost": "sagemaker-xgboost", "linear-learner": "linear-learner", "mlp": "mxnet-algorithms"}[algorithm]
        account = "683313688378" if algorithm == "xgboost" else "382416733822"
        return "%s.dkr.ecr.%s.amazonaws.com/%s:%s" % (account, self.region, repo, versions[algorithm])

    def to_dict(self):
        return {
            "AutoML Job": self.automl_job_name,
            "Base AutoML output": self.automl_output_s3_base_path,
            "Processed training data": self.automl_job_processed_training_data_path,
            "Processed validation data": self.automl_job_processed_validation_data_path,
            "Local run": self.local_automl_job_name,
            "Local run output": self.local_automl_job_output_s3_base_path,
            "Data processing models": self.data_processing_model_s3_root,
            "Transformed data": self.transformed_data_s3_root,
            "Tuning output": self.tuning_output_s3_root,
            "Region": self.region,
            "Role": self.role,
        }

    def display(self):
        from IPython.display import Markdown, display

        rows = "".join("| %s | `%s` |\n" % kv for kv in self.to_dict().items())
        display(Markdown("| Name | Value |\n|---|---|\n" + rows))
