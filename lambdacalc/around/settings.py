"""The validated inputs of the around-Lambda costs (scenario keys → plain records).

Like `lambdacalc.workload`, these are NamedTuples the engine reads; nothing here imports
pydantic. Every field is optional: a function without a setting has no such cost.
"""

from decimal import Decimal
from typing import NamedTuple

# CloudWatch Logs log classes (the log group's class, set when it is created).
STANDARD = "standard"
INFREQUENT_ACCESS = "infrequent_access"
LOG_CLASSES = (STANDARD, INFREQUENT_ACCESS)

# The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days.
# https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
    1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip
DEFAULT_RETENTION_DAYS = 30

API_TYPES = ("rest", "http", "websocket")
QUEUE_TYPES = ("standard", "fifo")
DEFAULT_SQS_POLLERS = 5  # Lambda's SQS event source mapping starts with five long polls


class LogSettings(NamedTuple):
    log_class: str | None = None  # None: the account's, else standard
    retention_days: int | None = None  # None: the account's, else DEFAULT_RETENTION_DAYS


class ApiSettings(NamedTuple):
    api_type: str  # rest | http | websocket
    kb_per_request: Decimal | None = None  # HTTP: request + response, metered per 512 KB
    messages_per_month: Decimal | None = None  # WebSocket: default, one per invocation
    message_kb: Decimal | None = None  # WebSocket: metered per 32 KB
    connection_minutes_per_month: Decimal = Decimal(0)  # WebSocket


class SqsSettings(NamedTuple):
    queue_type: str = "standard"
    message_kb: Decimal = Decimal(1)  # each 64 KB chunk of a payload is one request
    messages_per_invocation: Decimal = Decimal(1)  # the mean batch Lambda receives
    pollers: int = DEFAULT_SQS_POLLERS  # long-polling connections of the event source


class TracingSettings(NamedTuple):
    sample_percent: Decimal | None = None  # None: X-Ray's default rule, 1/s + 5%
    traces_scanned_per_month: Decimal = Decimal(0)


class AroundFunction(NamedTuple):
    """One function's around-Lambda settings (its log bytes are on FunctionWorkload)."""

    logs: LogSettings | None = None
    api: ApiSettings | None = None
    sqs: SqsSettings | None = None
    data_out_kb_per_request: Decimal | None = None  # to the internet
    vpc_nat: bool | None = None  # None: the account's `around.vpc`
    nat_kb_per_request: Decimal | None = None  # through the NAT gateway, both ways
    endpoint_kb_per_request: Decimal | None = None  # through interface VPC endpoints
    tracing: TracingSettings | None = None


class AroundAccount(NamedTuple):
    """The scenario's `around:` block: account-wide defaults and shared resources."""

    logs: LogSettings = LogSettings()
    vpc_nat: bool = False  # every function's internet traffic goes through NAT gateways
    nat_gateways: int = 1  # billed every hour of the month once any function uses them
    free_tier: bool = True  # the always-free allowances (logs, SQS, data out, X-Ray)
    interface_endpoints: int = 0  # interface VPC endpoints (PrivateLink), each …
    endpoint_azs: int = 1  # … in this many Availability Zones, billed all month
