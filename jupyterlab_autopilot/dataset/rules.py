"""The rules that say what a value and a column are: one home, shared by the in-memory
profile of the sandbox's notebooks and the streaming profile of the panel."""

MISSING = frozenset({"", "nan", "NaN", "NAN", "null", "NULL", "None", "NA", "N/A"})

# A column is numeric when at least this share of its present values are numbers.
NUMERIC_SHARE = 0.9
# Integral numeric columns with at most this many distinct values are classes, not
# quantities (Autopilot treats such a target as classification, such a feature as categorical).
LOW_CARDINALITY = 10


def is_missing(value: str) -> bool:
    return value.strip() in MISSING


def as_number(value: str):
    try:
        return float(value)
    except ValueError:
        return None


def non_numeric_kind(present: int, distinct: int, words: int) -> str:
    """``text`` for prose or near-unique strings, else ``categorical``."""
    avg_words = words / present if present else 0
    many = distinct > max(50, 0.5 * present)
    return "text" if (avg_words >= 3 or many) else "categorical"


def is_low_cardinality(integral: bool, distinct: int) -> bool:
    return integral and distinct <= LOW_CARDINALITY


def problem_type(kind: str, integral: bool, distinct: int) -> str:
    """The problem type Autopilot infers for a target column."""
    if kind == "numeric" and not is_low_cardinality(integral, distinct):
        return "Regression"
    return "BinaryClassification" if distinct == 2 else "MulticlassClassification"

# Autopilot's data analysis stops on smaller tabular datasets.
MIN_ROWS = 500

# More classes than this is no classification target, and too many strata to split by.
MAX_CLASSES = 100
