"""Thin Tornado handlers; the logic they call lives in modules with no Jupyter import."""
