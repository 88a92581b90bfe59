"""The candidate definition notebook of a multi-algorithm HPO Autopilot job.

Cell for cell it follows the notebooks Autopilot generates (see the project's corpus): title and
contents, setup with the ``automl_interactive_runner``, one markdown + ``select_candidate`` pair
per pipeline, ``fit_data_transformers``, the multi-algorithm ``HyperparameterTuner.create`` cell,
then model selection and deployment. The numbers in it come from the job's own dataset profile.
"""
from .layout import code, dumps, markdown, notebook

SKLEARN_EXT = "https://github.com/aws/sagemaker-scikit-learn-extension/blob/master/src/sagemaker_sklearn_extension"
_LINKS = {
    "RobustImputer": SKLEARN_EXT + "/impute/base.py",
    "RobustImputer (converts missing values to nan)": SKLEARN_EXT + "/impute/base.py",
    "combined RobustImputer and RobustMissingIndicator": SKLEARN_EXT + "/impute/base.py",
    "QuantileExtremeValuesTransformer": SKLEARN_EXT + "/preprocessing/base.py",
    "ThresholdOneHotEncoder": SKLEARN_EXT + "/preprocessing/encoders.py",
    "ThresholdOrdinalEncoder": SKLEARN_EXT + "/preprocessing/encoders.py",
    "MultiColumnTfidfVectorizer": SKLEARN_EXT + "/feature_extraction/text.py",
    "RobustStandardScaler": SKLEARN_EXT + "/preprocessing/data.py",
    "RobustPCA": SKLEARN_EXT + "/decomposition/robust_pca.py",
}

# Per-kind transformer chains of the strategies Autopilot proposes most often.
STRATEGIES = {
    "xgboost": {
        "numeric": ["RobustImputer (converts missing values to nan)"],
        "categorical": ["ThresholdOneHotEncoder"],
        "text": ["MultiColumnTfidfVectorizer"],
        "merged": ["RobustStandardScaler"],
    },
    "xgboost-pca": {
        "numeric": ["RobustImputer"],
        "categorical": ["ThresholdOneHotEncoder"],
        "text": ["MultiColumnTfidfVectorizer"],
        "merged": ["RobustPCA", "RobustStandardScaler"],
    },
    "linear-learner": {
        "numeric": ["combined RobustImputer and RobustMissingIndicator", "QuantileExtremeValuesTransformer"],
        "categorical": ["ThresholdOneHotEncoder"],
        "text": ["MultiColumnTfidfVectorizer"],
        "merged": ["RobustPCA", "RobustStandardScaler"],
    },
    "mlp": {
        "categorical": ["ThresholdOrdinalEncoder"],
        "numeric": ["RobustImputer", "RobustStandardScaler"],
        "text": ["MultiColumnTfidfVectorizer"],
        "merged": [],
    },
}

# Pipeline orders as Autopilot emits them for each problem type (taken from real jobs).
_PLANS = {
    "BinaryClassification": [
        "xgboost", "xgboost-pca", "linear-learner", "xgboost", "xgboost",
        "xgboost", "xgboost", "xgboost", "mlp", "xgboost",
    ],
    "MulticlassClassification": ["xgboost", "xgboost-pca", "xgboost", "linear-learner", "xgboost", "xgboost", "mlp"],
    "Regression": ["xgboost", "xgboost-pca", "xgboost", "linear-learner", "linear-learner", "xgboost", "mlp", "xgboost"],
}

_OBJECTIVE_TEXT = {
    "F1": 'The "**F1**" metric applies for binary classification with a positive and negative class. It mixes '
    "between precision and recall, and is recommended in cases where there are more negative examples compared "
    "to positive examples.",
    "ACCURACY": 'The "**ACCURACY**" metric provides the percentage of times the model predicted the correct class.',
    "MSE": 'The "**MSE**" metric stands for mean square error. It minimizes the square distance between the '
    "model's prediction and the true answer.",
    "AUC": 'The "**AUC**" metric is the area under the receiver operating characteristic curve, for binary '
    "classification with a positive and negative class.",
}
_MINIMIZED = {"MSE", "RMSE", "MAE", "LOGLOSS"}
_WIKI = {
    "BinaryClassification": "https://en.wikipedia.org/wiki/Binary_classification",
    "MulticlassClassification": "https://en.wikipedia.org/wiki/Multiclass_classification",
    "Regression": "https://en.wikipedia.org/wiki/Regression_analysis",
}


def candidate_plan(problem_type):
    """[(dpp_name, algorithm, strategy)] in the order the notebook lists them."""
    plan = _PLANS[problem_type]
    return [("dpp%d" % i, s.split("-pca")[0], s) for i, s in enumerate(plan)]


def objective_direction(metric):
    return "minimizes" if metric.upper() in _MINIMIZED else "maximizes"


def _link(name):
    return "[%s](%s)" % (name, _LINKS[name])


def _chain(names):
    return " followed by ".join(_link(n) for n in names)


def describe_strategy(strategy, kinds):
    spec = STRATEGIES[strategy]
    parts = ["'%s' features using %s" % (kind, _chain(spec[kind])) for kind in spec if kind != "merged" and kinds.get(kind)]
    text = "This data transformation strategy first transforms " + ", ".join(parts) + "."
    if spec["merged"]:
        text += " It merges all the generated features and applies %s." % _chain(spec["merged"])
    return text


def _select_candidate(dpp, algorithm):
    data_format = "text/csv" if algorithm == "xgboost" else "application/x-recordio-protobuf"
    return (
        "automl_interactive_runner.select_candidate({\n"
        '    "data_transformer": {\n'
        '        "name": "%s",\n'
        '        "training_resource_config": {\n'
        '            "instance_type": "ml.m5.4xlarge",\n'
        '            "instance_count": 1,\n'
        '            "volume_size_in_gb":  50\n'
        "        },\n"
        '        "transform_resource_config": {\n'
        '            "instance_type": "ml.m5.4xlarge",\n'
        '            "instance_count": 1,\n'
        "        },\n"
        '        "transforms_label": True,\n'
        '        "transformed_data_format": "%s",\n'
        '        "sparse_encoding": False\n'
        "    },\n"
        '    "algorithm": {\n'
        '        "name": "%s",\n'
        '        "training_resource_config": {\n'
        '            "instance_type": "ml.m5.4xlarge",\n'
        '            "instance_count": 1,\n'
        "        },\n"
        "    }\n"
        "})" % (dpp, data_format, algorithm)
    )


def _objective_metrics(problem_type, metric):
    m = metric.upper()
    if problem_type == "BinaryClassification":
        xgb = {"F1": "f1_binary", "AUC": "auc", "ACCURACY": "accuracy"}.get(m, "f1_binary")
        return {"xgboost": "validation:" + xgb, "linear-learner": "validation:binary_f_beta", "mlp": "validation:binary_f_beta"}
    if problem_type == "MulticlassClassification":
        return {"xgboost": "validation:accuracy", "linear-learner": "validation:multiclass_accuracy", "mlp": "validation:accuracy"}
    reg = {"MAE": "mae", "RMSE": "rmse", "R2": "r2"}.get(m, "mse")
    return {"xgboost": "validation:" + reg, "linear-learner": "validation:" + reg, "mlp": "validation:" + reg}


def _static_hyperparameters(problem_type, num_classes, pos_weight, rows):
    batch = max(100, min(1000, rows // 5))
    if problem_type == "BinaryClassification":
        return """    'xgboost': {
        'objective': 'binary:logistic',
        'eval_metric': 'accuracy,f1_binary,auc',
        'scale_pos_weight': %r,
        '_kfold': 5,
        '_num_cv_round': 3,
    },
    'linear-learner': {
        'predictor_type': 'binary_classifier',
        'loss': 'logistic',
        'mini_batch_size': %d,
        'binary_classifier_model_selection_criteria': 'loss_function',
        'num_models': 1,
        'positive_example_weight_mult': %r,
    },
    'mlp': {
        'problem_type': 'binary_classification',
        'positive_example_weight_mult': %r,
        'ml_application': 'mlp',
        'use_batchnorm': 'true',
        'activation': 'relu',
        'warmup_epochs': 10,
        'reporting_metrics': 'accuracy,binary_f_1,roc_auc',
        'eval_metric': 'binary_f_1',
        'kfold': 5,
        'num_cv_rounds': 3,
        'prediction_storage_mode': 'store_cv_avg_predictions',
    },""" % (pos_weight, batch, pos_weight, pos_weight)
    if problem_type == "MulticlassClassification":
        return """    'xgboost': {
        'objective': 'multi:softprob',
        'eval_metric': 'accuracy,f1',
        'num_class': %d,
        'save_model_on_termination': 'true',
    },
    'linear-learner': {
        'predictor_type': 'multiclass_classifier',
        'loss': 'auto',
        'mini_batch_size': %d,
        'num_classes': %d,
    },
    'mlp': {
        'problem_type': 'multiclass_classification',
        'ml_application': 'mlp',
        'use_batchnorm': 'true',
        'activation': 'relu',
        'warmup_epochs': 10,
        'reporting_metrics': 'accuracy,macro_f_1',
        'num_classes': %d,
        'eval_metric': 'accuracy',
    },""" % (num_classes, batch, num_classes, num_classes)
    return """    'xgboost': {
        'objective': 'reg:squarederror',
        'eval_metric': 'mse,mae,rmse,r2',
        'early_stopping_rounds': 15,
        'num_round': 1024,
        'save_model_on_termination': 'true',
    },
    'linear-learner': {
        'predictor_type': 'regressor',
        'ml_application': 'linear_learner',
        'num_epochs': 50,
        'reporting_metrics': 'mse,mae,rmse,r2',
        'eval_metric': 'mse',
    },
    'mlp': {
        'problem_type': 'regression',
        'ml_application': 'mlp',
        'use_batchnorm': 'true',
        'activation': 'relu',
        'warmup_epochs': 10,
        'reporting_metrics': 'mse,mae,rmse,r2',
        'eval_metric': 'mse',
    },"""


_RANGES = """from sagemaker.parameter import CategoricalParameter, ContinuousParameter, IntegerParameter

ALGORITHM_TUNABLE_HYPERPARAMETER_RANGES = {
    'xgboost': {
        'num_round': IntegerParameter(64, 1024, scaling_type='Logarithmic'),
        'max_depth': IntegerParameter(2, 8, scaling_type='Logarithmic'),
        'eta': ContinuousParameter(1e-3, 1.0, scaling_type='Logarithmic'),
        'gamma': ContinuousParameter(1e-6, 64.0, scaling_type='Logarithmic'),
        'min_child_weight': ContinuousParameter(1e-6, 32.0, scaling_type='Logarithmic'),
        'subsample': ContinuousParameter(0.5, 1.0, scaling_type='Linear'),
        'colsample_bytree': ContinuousParameter(0.3, 1.0, scaling_type='Linear'),
        'lambda': ContinuousParameter(1e-6, 2.0, scaling_type='Logarithmic'),
        'alpha': ContinuousParameter(1e-6, 2.0, scaling_type='Logarithmic'),
    },
    'linear-learner': {
        'wd': ContinuousParameter(1e-7, 1.0, scaling_type='Logarithmic'),
        'l1': ContinuousParameter(1e-7, 1.0, scaling_type='Logarithmic'),
        'learning_rate': ContinuousParameter(1e-5, 1.0, scaling_type='Logarithmic'),
    },
    'mlp': {
        'mini_batch_size': IntegerParameter(128, 512, scaling_type='Linear'),
        'learning_rate': ContinuousParameter(1e-6, 1e-2, scaling_type='Logarithmic'),
        'weight_decay': ContinuousParameter(1e-12, 1e-2, scaling_type='Logarithmic'),
        'dropout_prob': ContinuousParameter(0.25, 0.5, scaling_type='Linear'),
        'embedding_size_factor': ContinuousParameter(0.65, 0.95, scaling_type='Linear'),
        'network_type': CategoricalParameter(['feedforward', 'widedeep']),
        'layers': CategoricalParameter(['256', '50, 25', '100, 50', '200, 100', '256, 128', '300, 150', '200, 100, 50']),
    },
}"""


def render_candidate_notebook(job, profile, *, parallel_jobs=7, max_jobs=250):
    """The notebook as text. ``job`` is the simulator's AutoMLJob (names, S3 paths, objective)."""
    name = job.name
    artifacts = "%s-artifacts" % name
    problem_type = job.problem_type
    metric = job.objective_metric.upper()
    direction = objective_direction(metric)
    target = profile.column(job.target)
    kinds = profile.kinds(exclude=job.target)
    plan = candidate_plan(problem_type)
    algorithms = sorted({a for _, a, _ in plan})
    classes = target.unique if problem_type != "Regression" else 0
    region = job.region

    classes_text = " The dataset also has **%d** classes." % classes if classes else " "
    cells = [markdown(
        "# Amazon SageMaker Autopilot Candidate Definition Notebook\n\n"
        "This notebook was automatically generated by the AutoML job **%s**.\n"
        "This notebook allows you to customize the candidate definitions and execute the SageMaker Autopilot workflow.\n\n"
        "_Generated offline by the jupyterlab-autopilot sandbox, which simulates SageMaker: no AWS resources were used._\n\n"
        "The dataset has **%d** columns and the column named **%s** is used as\n"
        "the target column. This is being treated as a **%s** problem.%s\n"
        "This notebook will build a **[%s](%s)** model that\n"
        '**%s** the "**%s**" quality metric of the trained models.\n'
        "%s\n\n"
        "As part of the AutoML job, the input dataset has been randomly split into two pieces, one for **training** and one for\n"
        "**validation**. This notebook helps you inspect and modify the data transformation approaches proposed by Amazon SageMaker Autopilot. You can interactively\n"
        "train the data transformation models and use them to transform the data. Finally, you can execute a multiple algorithm hyperparameter optimization (multi-algo HPO)\n"
        "job that helps you find the best model for your dataset by jointly optimizing the data transformations and machine learning algorithms.\n\n"
        '<div class="alert alert-info"> 💡 <strong> Available Knobs</strong>\n'
        "Look for sections like this for recommended settings that you can change.\n"
        "</div>\n\n\n"
        "---\n\n"
        "## Contents\n\n"
        "1. [Sagemaker Setup](#Sagemaker-Setup)\n"
        "    1. [Downloading Generated Candidates](#Downloading-Generated-Modules)\n"
        "    1. [SageMaker Autopilot Job and Amazon Simple Storage Service (Amazon S3) Configuration](#SageMaker-Autopilot-Job-and-Amazon-Simple-Storage-Service-(Amazon-S3)-Configuration)\n"
        "1. [Candidate Pipelines](#Candidate-Pipelines)\n"
        "    1. [Generated Candidates](#Generated-Candidates)\n"
        "    1. [Selected Candidates](#Selected-Candidates)\n"
        "1. [Executing the Candidate Pipelines](#Executing-the-Candidate-Pipelines)\n"
        "    1. [Run Data Transformation Steps](#Run-Data-Transformation-Steps)\n"
        "    1. [Multi Algorithm Hyperparameter Tuning](#Multi-Algorithm-Hyperparameter-Tuning)\n"
        "1. [Model Selection and Deployment](#Model-Selection-and-Deployment)\n"
        "    1. [Tuning Job Result Overview](#Tuning-Job-Result-Overview)\n"
        "    1. [Model Deployment](#Model-Deployment)\n\n"
        "---" % (name, len(profile.header), job.target, problem_type, classes_text, problem_type,
                 _WIKI[problem_type], direction, metric, _OBJECTIVE_TEXT.get(metric, ""))
    )]
    cells += [
        markdown(
            "## Sagemaker Setup\n\n"
            "Before you launch the SageMaker Autopilot jobs, we'll setup the environment for Amazon SageMaker\n"
            "- Check environment & dependencies.\n"
            "- Create a few helper objects/function to organize input/output data and SageMaker sessions."
        ),
        markdown(
            "**Minimal Environment Requirements**\n\n"
            "- Jupyter: Tested on `JupyterLab 1.0.6`, `jupyter_core 4.5.0` and `IPython 6.4.0`\n"
            "- Kernel: `conda_python3`\n"
            "- Dependencies required\n"
            "  - `sagemaker-python-sdk>=2.40.0`\n"
            "    - Use `!pip install sagemaker==2.40.0` to download this dependency.\n"
            "    - Kernel may need to be restarted after download.\n"
            "- Expected Execution Role/permission\n"
            "  - S3 access to the bucket that stores the notebook."
        ),
        markdown(
            "### Downloading Generated Modules\n"
            "Download the generated data transformation modules and an SageMaker Autopilot helper module used by this notebook.\n"
            "Those artifacts will be downloaded to **%s** folder." % artifacts
        ),
        code(
            "!mkdir -p %(a)s\n"
            "!aws s3 sync %(c)s/generated_module %(a)s/generated_module --only-show-errors\n"
            "!aws s3 sync %(c)s/notebooks/sagemaker_automl %(a)s/sagemaker_automl --only-show-errors\n\n"
            "import sys\n"
            'sys.path.append("%(a)s")' % {"a": artifacts, "c": job.candidates_s3_base}
        ),
        markdown(
            "### SageMaker Autopilot Job and Amazon Simple Storage Service (Amazon S3) Configuration\n\n"
            "The following configuration has been derived from the SageMaker Autopilot job. These items configure where this notebook will\n"
            "look for generated candidates, and where input and output data is stored on Amazon S3."
        ),
        code(
            "from sagemaker_automl import uid, AutoMLLocalRunConfig\n\n"
            "# Where the preprocessed data from the existing AutoML job is stored\n"
            "BASE_AUTOML_JOB_NAME = '%(n)s'\n"
            "BASE_AUTOML_JOB_CONFIG = {\n"
            "    'automl_job_name': BASE_AUTOML_JOB_NAME,\n"
            "    'automl_output_s3_base_path': '%(o)s',\n"
            "    'data_transformer_image_repo_version': '2.5-1-cpu-py3',\n"
            "    'algo_image_repo_versions': {'xgboost': '1.7-1-cpu-py3', 'linear-learner': 'latest', 'mlp': 'training-cpu'},\n"
            "    'algo_inference_image_repo_versions': {'xgboost': '1.7-1-cpu-py3', 'linear-learner': 'latest', 'mlp': 'inference-cpu'}\n"
            "}\n\n"
            "# Path conventions of the output data storage path from the local AutoML job run of this notebook\n"
            "LOCAL_AUTOML_JOB_NAME = '%(short)s-notebook-run-{}'.format(uid())\n"
            "LOCAL_AUTOML_JOB_CONFIG = {\n"
            "    'local_automl_job_name': LOCAL_AUTOML_JOB_NAME,\n"
            "    'local_automl_job_output_s3_base_path': '%(o)s/{}'.format(LOCAL_AUTOML_JOB_NAME),\n"
            "    'data_processing_model_dir': 'data-processor-models',\n"
            "    'data_processing_transformed_output_dir': 'transformed-data',\n"
            "    'multi_algo_tuning_output_dir': 'multi-algo-tuning'\n"
            "}\n\n"
            "AUTOML_LOCAL_RUN_CONFIG = AutoMLLocalRunConfig(\n"
            "    role='%(r)s',\n"
            "    base_automl_job_config=BASE_AUTOML_JOB_CONFIG,\n"
            "    local_automl_job_config=LOCAL_AUTOML_JOB_CONFIG,\n"
            "    security_config={'EnableInterContainerTrafficEncryption': False, 'VpcConfig': {}})\n\n"
            "AUTOML_LOCAL_RUN_CONFIG.display()"
            % {"n": name, "o": job.job_output_s3_base, "short": name[:10], "r": job.role_arn}
        ),
        markdown(
            "## Candidate Pipelines\n\n"
            "The `AutoMLLocalRunner` keeps track of selected candidates and automates many of the steps needed to execute feature engineering and tuning steps."
        ),
        code(
            "from sagemaker_automl import AutoMLInteractiveRunner, AutoMLLocalCandidate\n\n"
            "automl_interactive_runner = AutoMLInteractiveRunner(AUTOML_LOCAL_RUN_CONFIG)"
        ),
        markdown(
            "### Generated Candidates\n\n"
            "The SageMaker Autopilot Job has analyzed the dataset and has generated **%d** machine learning\n"
            "pipeline(s) that use **%d** algorithm(s). Each pipeline contains a set of feature transformers and an\n"
            "algorithm.\n\n"
            '<div class="alert alert-info"> 💡 <strong> Available Knobs</strong>\n\n'
            "1. The resource configuration: instance type & count\n"
            "1. Select candidate pipeline definitions by cells\n"
            "1. The linked data transformation script can be reviewed and updated. Please refer to the "
            "[README.md](./%s/generated_module/README.md) for detailed customization instructions.\n"
            "</div>" % (len(plan), len(algorithms), artifacts)
        ),
    ]
    for dpp, algorithm, strategy in plan:
        cells.append(markdown(
            "**[%s-%s](%s/generated_module/candidate_data_processors/%s.py)**: %s The\n"
            "transformed data will be used to tune a *%s* model. Here is the definition:"
            % (dpp, algorithm, artifacts, dpp, describe_strategy(strategy, kinds), algorithm)
        ))
        cells.append(code(_select_candidate(dpp, algorithm)))
    cells += [
        markdown(
            "### Selected Candidates\n\n"
            "You have selected the following candidates (please run the cell below and click on the feature transformer links for details):"
        ),
        code("automl_interactive_runner.display_candidates()"),
        markdown(
            "The feature engineering pipeline consists of two SageMaker jobs:\n\n"
            "1. Generated trainable data transformer Python modules like [dpp0.py](%s/generated_module/candidate_data_processors/dpp0.py), which has been downloaded to the local file system\n"
            "2. A **training** job to train the data transformers\n"
            "3. A **batch transform** job to apply the trained transformation to the dataset to generate the algorithm compatible data\n\n"
            "The transformers and its training pipeline are built using open sourced **[sagemaker-scikit-learn-container][]** and **[sagemaker-scikit-learn-extension][]**.\n\n"
            "[sagemaker-scikit-learn-container]: https://github.com/aws/sagemaker-scikit-learn-container\n"
            "[sagemaker-scikit-learn-extension]: https://github.com/aws/sagemaker-scikit-learn-extension" % artifacts
        ),
        markdown(
            "## Executing the Candidate Pipelines\n\n"
            "Each candidate pipeline consists of two steps, feature transformation and algorithm training.\n"
            "For efficiency first execute the feature transformation step which will generate a featurized dataset on S3\n"
            "for each pipeline.\n\n"
            "After each featurized dataset is prepared, execute a multi-algorithm tuning job that will run tuning jobs\n"
            "in parallel for each pipeline. This tuning job will execute training jobs to find the best set of\n"
            "hyper-parameters for each pipeline, as well as finding the overall best performing pipeline.\n\n"
            "### Run Data Transformation Steps\n\n"
            "Now you are ready to start execution all data transformation steps.  The cell below may take some time to finish,\n"
            "feel free to go grab a cup of coffee. To expedite the process you can set the number of `parallel_jobs` to be up to 10.\n"
            "Please check the account limits to increase the limits before increasing the number of jobs to run in parallel."
        ),
        code("automl_interactive_runner.fit_data_transformers(parallel_jobs=%d)" % parallel_jobs),
        markdown(
            "### Multi Algorithm Hyperparameter Tuning\n\n"
            "Now that the algorithm compatible transformed datasets are ready, you can start the multi-algorithm model tuning job\n"
            "to find the best predictive model. The following algorithm training job configuration for each\n"
            "algorithm is auto-generated by the AutoML Job as part of the recommendation.\n\n"
            '<div class="alert alert-info"> 💡 <strong> Available Knobs</strong>\n\n'
            "1. Hyperparameter ranges\n"
            "2. Objective metrics\n"
            "3. Recommended static algorithm hyperparameters.\n\n"
            "Please refers to [Xgboost tuning](https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost-tuning.html) and "
            "[Linear learner tuning](https://docs.aws.amazon.com/sagemaker/latest/dg/linear-learner-tuning.html) for detailed explanations of the parameters.\n"
            "</div>"
        ),
        markdown(
            "The AutoML recommendation job has recommended the following hyperparameters, objectives and accuracy metrics for\n"
            "the algorithm and problem type:"
        ),
        code(
            "ALGORITHM_OBJECTIVE_METRICS = {\n%s}\n\nSTATIC_HYPERPARAMETERS = {\n%s\n}" % (
                "".join("    '%s': '%s',\n" % kv for kv in _objective_metrics(problem_type, metric).items()),
                _static_hyperparameters(problem_type, classes, job.positive_weight, profile.rows),
            )
        ),
        markdown("The following tunable hyperparameters search ranges are recommended for the Multi-Algo tuning job:"),
        code(_RANGES),
        markdown(
            "#### Prepare Multi-Algorithm Tuner Input\n\n"
            "To use the multi-algorithm HPO tuner, prepare some inputs and parameters. Prepare a dictionary whose key is the name of the trained pipeline candidates and the values are respectively:\n\n"
            "1. Estimators for the recommended algorithm\n"
            "2. Hyperparameters search ranges\n"
            "3. Objective metrics"
        ),
        code(
            "multi_algo_tuning_parameters = automl_interactive_runner.prepare_multi_algo_parameters(\n"
            "    objective_metrics=ALGORITHM_OBJECTIVE_METRICS,\n"
            "    static_hyperparameters=STATIC_HYPERPARAMETERS,\n"
            "    hyperparameters_search_ranges=ALGORITHM_TUNABLE_HYPERPARAMETER_RANGES)"
        ),
        markdown("Below you prepare the inputs data to the multi-algo tuner:"),
        code("multi_algo_tuning_inputs = automl_interactive_runner.prepare_multi_algo_inputs()"),
        markdown(
            "#### Create Multi-Algorithm Tuner\n\n"
            "With the recommended Hyperparameter ranges and the transformed dataset, create a multi-algorithm model tuning job\n"
            "that coordinates hyper parameter optimizations across the different possible algorithms and feature processing strategies.\n\n"
            '<div class="alert alert-info"> 💡 <strong> Available Knobs</strong>\n\n'
            "1. Tuner strategy: [Bayesian](https://en.wikipedia.org/wiki/Hyperparameter_optimization#Bayesian_optimization), "
            "[Random Search](https://en.wikipedia.org/wiki/Hyperparameter_optimization#Random_search)\n"
            "2. Objective type: `Minimize`, `Maximize`, see [optimization](https://en.wikipedia.org/wiki/Mathematical_optimization)\n"
            "3. Max Job size: the max number of training jobs HPO would be launching to run experiments. Note the default value is **250**\n"
            "    which is the default of the managed flow.\n"
            "4. Parallelism. Number of jobs that will be executed in parallel. Higher value will expedite the tuning process.\n"
            "    Please check the account limits to increase the limits before increasing the number of jobs to run in parallel\n"
            "5. Please use a different tuning job name if you re-run this cell after applied customizations.\n"
            "</div>"
        ),
        code(
            "from sagemaker.tuner import HyperparameterTuner\n\n"
            'base_tuning_job_name = "{}-tuning".format(AUTOML_LOCAL_RUN_CONFIG.local_automl_job_name)\n\n'
            "tuner = HyperparameterTuner.create(\n"
            "    base_tuning_job_name=base_tuning_job_name,\n"
            "    strategy='Bayesian',\n"
            "    objective_type='%s',\n"
            "    max_parallel_jobs=%d,\n"
            "    max_jobs=%d,\n"
            "    **multi_algo_tuning_parameters,\n"
            ")" % ("Minimize" if direction == "minimizes" else "Maximize", parallel_jobs, max_jobs)
        ),
        markdown(
            "#### Run Multi-Algorithm Tuning\n\n"
            "Now you are ready to start running the **Multi-Algo Tuning** job. After the job is finished, store the tuning job name which you use to select models in the next section.\n"
            "The tuning process will take some time, please track the progress in the Amazon SageMaker Hyperparameter tuning jobs console."
        ),
        code(
            "from IPython.display import display, Markdown\n\n"
            "# Run tuning\n"
            "tuner.fit(inputs=multi_algo_tuning_inputs, include_cls_metadata=None)\n"
            "tuning_job_name = tuner.latest_tuning_job.name\n\n"
            "display(\n"
            '    Markdown(f"Tuning Job {tuning_job_name} started, please track the progress from [here](https://{AUTOML_LOCAL_RUN_CONFIG.region}.console.aws.amazon.com/sagemaker/home?region={AUTOML_LOCAL_RUN_CONFIG.region}#/hyper-tuning-jobs/{tuning_job_name})"))\n\n'
            "# Wait for tuning job to finish\n"
            "tuner.wait()"
        ),
        markdown(
            "## Model Selection and Deployment\n\n"
            "This section guides you through the model selection process. Afterward, you construct an inference pipeline\n"
            "on Amazon SageMaker to host the best candidate.\n\n"
            "Because you executed the feature transformation and algorithm training in two separate steps, you now need to manually\n"
            "link each trained model with the feature transformer that it is associated with. When running a regular Amazon\n"
            "SageMaker Autopilot job, this will automatically be done for you."
        ),
        markdown(
            "### Tuning Job Result Overview\n\n"
            "The performance of each candidate pipeline can be viewed as a Pandas dataframe. For more interactive usage please\n"
            "refers to [model tuning monitor](https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-monitor.html)."
        ),
        code(
            "from pprint import pprint\n"
            "from sagemaker.analytics import HyperparameterTuningJobAnalytics\n\n"
            "SAGEMAKER_SESSION = AUTOML_LOCAL_RUN_CONFIG.sagemaker_session\n"
            "SAGEMAKER_ROLE = AUTOML_LOCAL_RUN_CONFIG.role\n\n"
            "tuner_analytics = HyperparameterTuningJobAnalytics(\n"
            "    tuner.latest_tuning_job.name, sagemaker_session=SAGEMAKER_SESSION)\n\n"
            "df_tuning_job_analytics = tuner_analytics.dataframe()\n\n"
            "# Sort the tuning job analytics by the final metrics value\n"
            "df_tuning_job_analytics.sort_values(\n"
            "    by=['FinalObjectiveValue'],\n"
            "    inplace=True,\n"
            '    ascending=False if tuner.objective_type == "Maximize" else True)\n\n'
            "# Show detailed analytics for the top 20 models\n"
            "df_tuning_job_analytics.head(20)"
        ),
        markdown(
            "The best training job can be selected as below:\n\n"
            '<div class="alert alert-info"> 💡 <strong>Tips: </strong>\n'
            "You could select alternative job by using the value from `TrainingJobName` column above and assign to `best_training_job` below\n"
            "</div>"
        ),
        code(
            "attached_tuner = HyperparameterTuner.attach(tuner.latest_tuning_job.name, sagemaker_session=SAGEMAKER_SESSION)\n"
            "best_training_job = attached_tuner.best_training_job()\n\n"
            'print("Best Multi Algorithm HPO training job name is {}".format(best_training_job))'
        ),
        markdown(
            "### Linking Best Training Job with Feature Pipelines\n\n"
            "Finally, deploy the best training job to Amazon SageMaker along with its companion feature engineering models.\n"
            "At the end of the section, you get an endpoint that's ready to serve online inference or start batch transform jobs!"
        ),
        markdown(
            "Deploy a [PipelineModel](https://sagemaker.readthedocs.io/en/stable/pipeline.html) that has multiple containers of the following:\n\n"
            "1. Data Transformation Container: a container built from the model we selected and trained during the data transformer sections\n"
            "2. Algorithm Container: a container built from the trained model we selected above from the best HPO training job.\n"
            "3. Inverse Label Transformer Container: a container that converts numerical intermediate prediction value back to non-numerical label value.\n\n"
            "Get both best data transformation model and algorithm model from best training job and create an pipeline model:"
        ),
        code(_PIPELINE_MODEL % ("['predicted_label', 'probability', 'labels', 'probabilities']" if classes else "['predicted_label']", problem_type)),
        markdown(
            "### Deploying Best Pipeline\n\n"
            '<div class="alert alert-info"> 💡 <strong> Available Knobs</strong>\n\n'
            "1. You can customize the initial instance count and instance type used to deploy this model.\n"
            "2. Endpoint name can be changed to avoid conflict with existing endpoints.\n\n"
            "</div>\n\n"
            "Finally, deploy the model to SageMaker to make it functional."
        ),
        code(
            "pipeline_model.deploy(initial_instance_count=1,\n"
            "                      instance_type='ml.m5.2xlarge',\n"
            "                      endpoint_name=pipeline_model.name,\n"
            "                      wait=True)"
        ),
        markdown(
            "Congratulations! Now you could visit the sagemaker\n"
            "[endpoint console page](https://%s.console.aws.amazon.com/sagemaker/home?region=%s#/endpoints) to find the deployed endpoint (it'll take a few minutes to be in service).\n\n"
            '<div class="alert alert-warning">\n'
            "    <strong>To rerun this notebook, delete or change the name of your endpoint!</strong> <br>\n"
            "If you rerun this notebook, you'll run into an error on the last step because the endpoint already exists. You can either delete the endpoint from the endpoint console page or you can change the <code>endpoint_name</code> in the previous code block.\n"
            "</div>" % (region, region)
        ),
    ]
    return dumps(notebook(cells))


_PIPELINE_MODEL = """from sagemaker.estimator import Estimator
from sagemaker import PipelineModel
from sagemaker_automl import select_inference_output

# Get a data transformation model from chosen candidate
best_candidate = automl_interactive_runner.choose_candidate(df_tuning_job_analytics, best_training_job)
best_data_transformer_model = best_candidate.get_data_transformer_model(role=SAGEMAKER_ROLE, sagemaker_session=SAGEMAKER_SESSION)

# Our first data transformation container will always return recordio-protobuf format
best_data_transformer_model.env["SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT"] = 'application/x-recordio-protobuf'
# Add environment variable for sparse encoding
if best_candidate.data_transformer_step.sparse_encoding:
    best_data_transformer_model.env["AUTOML_SPARSE_ENCODE_RECORDIO_PROTOBUF"] = '1'

# Get a algo model from chosen training job of the candidate
algo_estimator = Estimator.attach(best_training_job)
best_algo_model = algo_estimator.create_model(**best_candidate.algo_step.get_inference_container_config())

# Final pipeline model is composed of data transformation models and algo model and an
# inverse label transform model if we need to transform the intermediates back to non-numerical value
model_containers = [best_data_transformer_model, best_algo_model]
if best_candidate.transforms_label:
    model_containers.append(best_candidate.get_data_transformer_model(
        transform_mode="inverse-label-transform",
        role=SAGEMAKER_ROLE,
        sagemaker_session=SAGEMAKER_SESSION))

# This model can emit response %s. To enable the model to emit one or more
# of the response content, pass the keys to `output_key` keyword argument in the select_inference_output method.

model_containers = select_inference_output("%s", model_containers, output_keys=['predicted_label'])


pipeline_model = PipelineModel(
    name="AutoML-{}".format(AUTOML_LOCAL_RUN_CONFIG.local_automl_job_name),
    role=SAGEMAKER_ROLE,
    models=model_containers,
    vpc_config=AUTOML_LOCAL_RUN_CONFIG.vpc_config)"""
