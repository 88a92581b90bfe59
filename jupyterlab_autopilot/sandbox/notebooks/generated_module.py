"""The ``generated_module`` files the candidate notebook links to: a README and one dppN.py each.

They are short, readable sketches of each data processing pipeline (the real ones import
sagemaker-scikit-learn-extension); enough for the notebook's links to resolve in S3.
"""
from .candidate import STRATEGIES, candidate_plan

_README = """# Generated data transformation modules

Each `candidate_data_processors/dppN.py` defines the data processing pipeline of candidate dppN,
built with [sagemaker-scikit-learn-extension](https://github.com/aws/sagemaker-scikit-learn-extension).
Edit a module, then re-run the candidate definition notebook to train it.

These modules were written by the jupyterlab-autopilot sandbox, which simulates Autopilot offline.
"""

_CLASS_OF = {
    "RobustImputer": "RobustImputer()",
    "RobustImputer (converts missing values to nan)": "RobustImputer(strategy='constant', fill_values=nan)",
    "combined RobustImputer and RobustMissingIndicator": "FeatureUnion([('imputer', RobustImputer()), ('indicator', RobustMissingIndicator())])",
    "QuantileExtremeValuesTransformer": "QuantileExtremeValuesTransformer()",
    "ThresholdOneHotEncoder": "ThresholdOneHotEncoder(threshold=301)",
    "ThresholdOrdinalEncoder": "ThresholdOrdinalEncoder(threshold=301)",
    "MultiColumnTfidfVectorizer": "MultiColumnTfidfVectorizer(max_df=0.9941, min_df=0.0007)",
    "RobustStandardScaler": "RobustStandardScaler()",
    "RobustPCA": "RobustPCA(n_components=50)",
}


def _module(dpp, strategy, columns_by_kind):
    spec = STRATEGIES[strategy]
    lines = [
        "from numpy import nan",
        "from sklearn.compose import ColumnTransformer",
        "from sklearn.pipeline import FeatureUnion, Pipeline",
        "from sagemaker_sklearn_extension.decomposition import RobustPCA",
        "from sagemaker_sklearn_extension.externals import Header",
        "from sagemaker_sklearn_extension.feature_extraction.text import MultiColumnTfidfVectorizer",
        "from sagemaker_sklearn_extension.impute import RobustImputer, RobustMissingIndicator",
        "from sagemaker_sklearn_extension.preprocessing import (",
        "    QuantileExtremeValuesTransformer, RobustStandardScaler, ThresholdOneHotEncoder, ThresholdOrdinalEncoder)",
        "",
        "",
        "def build_feature_transform():",
        '    """Returns the model definition of %s."""' % dpp,
        "    transformers = []",
    ]
    for kind, columns in columns_by_kind.items():
        if kind in spec and columns:
            steps = ", ".join("('%d', %s)" % (i, _CLASS_OF[n]) for i, n in enumerate(spec[kind]))
            lines.append("    transformers.append(('%s_processing', Pipeline(steps=[%s]), %r))" % (kind, steps, columns))
    merged = ", ".join("('%d', %s)" % (i, _CLASS_OF[n]) for i, n in enumerate(spec["merged"]))
    lines += [
        "    column_transformer = ColumnTransformer(transformers=transformers)",
        "    return Pipeline(steps=[('column_transformer', column_transformer)%s])" % ((", " + merged) if merged else ""),
        "",
    ]
    return "\n".join(lines)


def generated_module_files(job, profile):
    """{relative path under the candidates folder: text}."""
    columns_by_kind = {}
    for c in profile.columns:
        if c.name != job.target:
            columns_by_kind.setdefault(c.kind, []).append(c.name)
    files = {"generated_module/README.md": _README}
    for dpp, _algorithm, strategy in candidate_plan(job.problem_type):
        files["generated_module/candidate_data_processors/%s.py" % dpp] = _module(dpp, strategy, columns_by_kind)
    return files
