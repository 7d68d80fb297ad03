"""Scenario files (YAML or JSON) → a validated Workload, or one line per problem.

source.py    the text, parsed to plain data, and where each value stands in it
fast.py      a plainly valid file → Workload without pydantic (most files); each of its
             functions read by fast_function.py, or a fleet by fast_columns.py
messages.py  the pydantic models' verdict as one line per problem, FILE:LINE:COL
convert.py   validated models → the core's plain types
loaded.py    `load`: the steps above in order; `check_region`: prices the book lacks
"""

from lambdacalc.scenario.convert import monthly_requests, to_workload
from lambdacalc.scenario.fast import quick_workload
from lambdacalc.scenario.loaded import LoadedScenario, check_region, load, load_data
from lambdacalc.scenario.messages import ALLOWED, validate
from lambdacalc.scenario.source import MAX_FILE_BYTES, Source, parse, read_source

__all__ = [
    "ALLOWED",
    "MAX_FILE_BYTES",
    "LoadedScenario",
    "Source",
    "check_region",
    "load",
    "load_data",
    "monthly_requests",
    "parse",
    "quick_workload",
    "read_source",
    "to_workload",
    "validate",
]
