"""Measured workloads from Lambda's platform REPORT records (text and JSON log formats).

Pure core: it is handed lines (bytes) and returns numbers; it opens no files and prints
nothing. The CLI reads files (gzip, stdin) and renders.

Per function (a name given by the caller, else the configured memory size) it computes:

- invocations, duration p50/p90/p95/p99 and max: exact nearest-rank order statistics for
  up to ``EXACT_PERCENTILES_UP_TO`` values; above that, from a log-bucket histogram whose
  percentiles are within ``PERCENTILE_RELATIVE_ERROR`` (1 %) of the exact value; the max
  is always exact. Memory is bounded: at most ~1,100 buckets per histogram.
- billed GB-s = Σ ``Billed Duration`` [ms] / 1000 × ``Memory Size`` [MB] / 1024, using
  Billed Duration exactly as Lambda printed it. It already contains billed INIT time (custom
  runtimes, container images, managed runtimes from 2025-08-01) and ``Billed Restore
  Duration`` (SnapStart); neither is ever added again. Each record is tallied under the
  rule its numbers fit (``BILLING_RULES``), so a reader can see which rule applied.
- cold starts (records carrying ``Init Duration`` or ``Restore Duration``), INIT p50/p95;
- max memory used p99 and max (exact: memory is a small integer), against the memory size;
- the window covered, from the leading timestamps of lines (``aws logs tail`` output,
  S3 exports) and the ``time`` of JSON records, or as given; hence requests per month;
- the bytes of CloudWatch log messages one invocation writes (every line, without the
  ``aws logs tail`` prefix; ``group.LogBytes``), per function name.

Lines that are not report records are counted under ``skipped_lines``; report records that
are truncated, miss a field, or carry negative or impossible values are skipped and
counted under their own reason, so a total is never silently wrong.

The modules: ``sketch`` (percentile histogram), ``records`` (one line: parse, check,
billing rule, timestamp), ``group`` (one function's sums), ``batch`` (the fast path over
a block of lines), ``aggregate`` (``LogAggregator``: feeding, the window, the per-line
path), ``summary`` (the results). This package re-exports the public names.
"""

from lambdacalc.logs.aggregate import BATCH_LINES, LogAggregator, analyze, iter_lines
from lambdacalc.logs.records import (
    BILLING_RULES,
    IMPLAUSIBLE_VALUE,
    MALFORMED_REPORT,
    MAX_DURATION_MS,
    MAX_MEMORY_MB,
    MIN_MEMORY_MB,
    NOT_A_REPORT,
    OVERLONG_LINE,
    Record,
    billing_rule,
    parse_line,
    parse_timestamp,
    plausible,
)
from lambdacalc.logs.sketch import (
    EXACT_PERCENTILES_UP_TO,
    PERCENTILE_RELATIVE_ERROR,
    LogHistogram,
    nearest_rank,
)
from lambdacalc.logs.summary import (
    MAX_WINDOW_S,
    MIN_WINDOW_S,
    FunctionStats,
    LogSummary,
    Percentiles,
    billed_gb_s,
    display_names,
    requests_per_month,
    window_between,
)

__all__ = [
    "BATCH_LINES",
    "BILLING_RULES",
    "EXACT_PERCENTILES_UP_TO",
    "IMPLAUSIBLE_VALUE",
    "MALFORMED_REPORT",
    "MAX_DURATION_MS",
    "MAX_MEMORY_MB",
    "MAX_WINDOW_S",
    "MIN_MEMORY_MB",
    "MIN_WINDOW_S",
    "NOT_A_REPORT",
    "OVERLONG_LINE",
    "PERCENTILE_RELATIVE_ERROR",
    "FunctionStats",
    "LogAggregator",
    "LogHistogram",
    "LogSummary",
    "Percentiles",
    "Record",
    "analyze",
    "billed_gb_s",
    "billing_rule",
    "display_names",
    "iter_lines",
    "nearest_rank",
    "parse_line",
    "parse_timestamp",
    "plausible",
    "requests_per_month",
    "window_between",
]
