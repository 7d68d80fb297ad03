"""Upper bounds on the numbers a user may give, far above any real Lambda workload.

They turn a typo such as 1e400 into an error that names the bound, instead of a figure
nobody can use or an arithmetic failure deep in a report. They also keep every amount
derived from valid input (GB-s, USD) small enough to stay exact in Decimal arithmetic and
in the JSON output. The scenario schema, its fast path and the command-line flags share them.
"""

# Lambda's own range of memory sizes, whole MB (AWS's limit, not one of ours).
MIN_MEMORY_MB = 128
MAX_MEMORY_MB = 10_240
MAX_REQUESTS_PER_MONTH = 10**15  # about 380 million requests a second, all month
MAX_REQUESTS_PER_DAY = 3 * 10**13  # about 9.1 × 10^14 a month
MAX_REQUESTS_PER_SECOND = 3 * 10**8  # about 7.9 × 10^14 a month
# Concurrency limits, reservations, provisioned concurrency and event-source caps. AWS raises
# account quotas to tens or hundreds of thousands; the concurrency model stops here too.
MAX_CONCURRENCY = 10**9
MAX_COMMITMENT_USD_PER_HOUR = 10**6  # a Savings Plan's hourly commitment
# AWS's limit on one streamed response: 200 MB
# (https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html).
MAX_STREAMED_BYTES_PER_REQUEST = 200 * 1024**2
MAX_LOG_BYTES_PER_REQUEST = 10**10  # 10 GB of log events from one invocation
MAX_THREADS = 64  # threads that use CPUs at once (Lambda has 6 vCPUs at most)
# `logs analyze --window`: a month is extrapolated from it, so a sliver of a second (or a
# span longer than Lambda has existed) would make absurd figures.
MIN_LOG_WINDOW_S = 1
MAX_LOG_WINDOW_DAYS = 7305  # 20 years
# Lambda bills every invocation at least 1 ms, so a mean of Billed Durations
# (`duration_billed: true`) is at least this too.
MIN_BILLED_MS = 1
# A `profiles:` multiplier on request rates (`cost --profiles`), and a profile's name.
MAX_PROFILE_MULTIPLIER = 1000
PROFILE_NAME = r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}"
