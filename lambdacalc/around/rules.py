"""Each around-Lambda quantity rule, once (no prices here).

Units: GB are 1024³ bytes and KB 1024 bytes, as AWS meters them; a month is 730 hours.
"""

from decimal import ROUND_CEILING, Decimal

from lambdacalc.units import HOURS_PER_MONTH, HUNDRED, S_PER_MONTH, ZERO

BYTES_PER_GB = Decimal(1024) ** 3
KB_PER_GB = Decimal(1024) ** 2
DAYS_PER_MONTH = HOURS_PER_MONTH / 24  # 30.416… days in lambdacalc's 730-hour month
MINUTES_PER_MONTH = HOURS_PER_MONTH * 60

HTTP_API_METERING_KB = Decimal(512)  # an HTTP API request is metered per 512 KB
WEBSOCKET_METERING_KB = Decimal(32)  # a WebSocket message is metered per 32 KB
SQS_CHUNK_KB = Decimal(64)  # each 64 KB chunk of an SQS payload is one request
SQS_BATCH_DELETE_MAX = Decimal(10)  # DeleteMessageBatch takes up to 10 receipts
SQS_LONG_POLL_S = Decimal(20)  # the longest ReceiveMessage wait, which Lambda's pollers use
XRAY_DEFAULT_RESERVOIR_PER_S = Decimal(1)  # X-Ray's default rule: 1 request a second …
XRAY_DEFAULT_PERCENT = Decimal(5)  # … and 5% of the rest


def increments(size_kb: Decimal, unit_kb: Decimal) -> Decimal:
    """Metering units of one payload: each started `unit_kb` counts (at least one)."""
    if size_kb <= unit_kb:
        return Decimal(1)
    return (size_kb / unit_kb).to_integral_value(rounding=ROUND_CEILING)


def log_gb(log_bytes_per_request: Decimal, requests: Decimal) -> Decimal:
    """GB of log events ingested a month."""
    return log_bytes_per_request * requests / BYTES_PER_GB


def stored_log_gb_month(ingested_gb: Decimal, retention_days: int) -> Decimal:
    """GB-months stored in the steady state: a log group that keeps `retention_days` days
    holds that many days of ingestion at any time, so each month is billed for
    monthly GB × retention_days ÷ 30.42 (the days of a 730-hour month). Stored bytes
    are measured as AWS bills them only if they compress like the ingested ones (AWS
    bills archived log data compressed), so this is an upper bound."""
    return ingested_gb * Decimal(retention_days) / DAYS_PER_MONTH


def kb_to_gb(kb_per_request: Decimal, requests: Decimal) -> Decimal:
    return kb_per_request * requests / KB_PER_GB


def sqs_requests(
    invocations: Decimal, message_kb: Decimal, messages_per_invocation: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    """(send, receive, delete) requests a month for the messages Lambda consumes:
    one SendMessage per message and per 64 KB chunk; one ReceiveMessage per batch and per
    64 KB chunk of the batch; one DeleteMessageBatch per 10 messages of a batch."""
    messages = invocations * messages_per_invocation
    send = messages * increments(message_kb, SQS_CHUNK_KB)
    receive = invocations * increments(message_kb * messages_per_invocation, SQS_CHUNK_KB)
    deletes = invocations * increments(messages_per_invocation, SQS_BATCH_DELETE_MAX)
    return send, receive, deletes


def sqs_empty_receives(pollers: int) -> Decimal:
    """Empty ReceiveMessage calls a month: each poller long-polls (20 s waits), three
    calls a minute, all month. This is the idle queue's cost; busy minutes make fewer
    empty calls, so it is an upper bound on them."""
    return Decimal(pollers) * (60 / SQS_LONG_POLL_S) * MINUTES_PER_MONTH


def traces_recorded(requests: Decimal, sample_percent: Decimal | None) -> Decimal:
    """Traces a month: the given share of invocations, or X-Ray's default rule — the first
    request each second and 5% of the rest — applied to the mean request rate."""
    if sample_percent is not None:
        return requests * sample_percent / HUNDRED
    per_s = requests / S_PER_MONTH
    reservoir = min(per_s, XRAY_DEFAULT_RESERVOIR_PER_S)
    rest = max(per_s - XRAY_DEFAULT_RESERVOIR_PER_S, ZERO)
    return (reservoir + rest * XRAY_DEFAULT_PERCENT / HUNDRED) * S_PER_MONTH
