"""The notebook's ``automl_interactive_runner``: selected candidates, their data transformers, the tuner's inputs."""
import concurrent.futures
import random
import time

from sagemaker.estimator import Estimator

from .candidate import AutoMLLocalCandidate
from .config import uid


class AutoMLInteractiveRunner:
    def __init__(self, local_run_config, candidates=None):
        self.local_run_config = local_run_config
        self.candidates = dict(candidates or {})

    def select_candidate(self, candidate_definition):
        data_transformer = candidate_definition["data_transformer"]["name"]
        algorithm = candidate_definition["algorithm"]["name"]
        name = "%s-%s" % (data_transformer, algorithm)
        if name in self.candidates:
            print("Warning: candidate %s was already selected; this replaces it." % name)
        self.candidates[name] = AutoMLLocalCandidate.create(name, candidate_definition, self.local_run_config)

    def display_candidates(self):
        from IPython.display import Markdown, display

        folder = "%s-artifacts/generated_module/candidate_data_processors" % self.local_run_config.automl_job_name
        rows = "".join("| %s | [%s.py](%s/%s.py) | %s |\n" % (
            name, c.data_transformer_step.name, folder, c.data_transformer_step.name, c.algo_step.algo_name)
            for name, c in self.candidates.items())
        display(Markdown("| Candidate Name | Feature Transformer | Algorithm |\n|---|---|---|\n" + rows))

    def fit_data_transformers(self, parallel_jobs=2, start_jitter_seconds=0):
        """Train every selected candidate's data transformer and transform the data with it, ``parallel_jobs``
        candidates at a time. A failed job stops the run with its error (e.g. ResourceLimitExceeded)."""
        if not self.candidates:
            raise ValueError("No candidate is selected: run the select_candidate cells first.")
        suffix = uid()

        def run(candidate):
            if start_jitter_seconds:
                time.sleep(random.uniform(0, start_jitter_seconds))
            return candidate.data_transformer_step.train_and_transform(suffix)

        pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, parallel_jobs))
        futures = {pool.submit(run, c): name for name, c in self.candidates.items()}
        try:
            for future in concurrent.futures.as_completed(futures):
                print("Data transformer of %s trained: %s" % (futures[future], future.result()))
        except Exception:
            # The first failure stops the run: candidates not started yet are not started; jobs already
            # running in SageMaker go on (as they would if this cell were interrupted).
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()

    def prepare_multi_algo_parameters(self, objective_metrics, static_hyperparameters, hyperparameters_search_ranges):
        """Keyword arguments for ``HyperparameterTuner.create``: one Estimator, objective and ranges per candidate."""
        config = self.local_run_config
        estimators, objectives, ranges = {}, {}, {}
        for name, c in self.candidates.items():
            algo = c.algo_step
            resources = algo.training_resource_config
            hyperparameters = dict(static_hyperparameters.get(algo.algo_name, {}),
                                   **algo.candidate_specific_static_hyperparameters)
            estimators[name] = Estimator(
                image_uri=config.algo_image(algo.algo_name), role=config.role,
                instance_count=resources["instance_count"], instance_type=resources["instance_type"],
                volume_size=resources.get("volume_size_in_gb", 30), output_path=config.tuning_output_s3_root,
                hyperparameters=hyperparameters, sagemaker_session=config.sagemaker_session,
                subnets=(config.vpc_config or {}).get("Subnets"),
                security_group_ids=(config.vpc_config or {}).get("SecurityGroupIds"),
                encrypt_inter_container_traffic=config.encrypt_inter_container_traffic)
            objectives[name] = objective_metrics[algo.algo_name]
            ranges[name] = hyperparameters_search_ranges[algo.algo_name]
        return {"estimator_dict": estimators, "objective_metric_name_dict": objectives,
                "hyperparameter_ranges_dict": ranges}

    def prepare_multi_algo_inputs(self):
        """{candidate name: {"train": ..., "validation": ...}}: each candidate's transformed data."""
        return {name: c.training_inputs() for name, c in self.candidates.items()}

    def choose_candidate(self, tuning_analytics_df, best_training_job):
        rows = tuning_analytics_df[tuning_analytics_df["TrainingJobName"] == best_training_job]
        if rows.empty:
            raise ValueError("Training job %s is not in the tuning job's results." % best_training_job)
        name = rows.iloc[0]["TrainingJobDefinitionName"]
        if name not in self.candidates:
            raise ValueError("Training job %s belongs to %s, which is not a selected candidate." % (best_training_job, name))
        return self.candidates[name]
