"""What AWS's Price List products for AWS Lambda mean to lambdacalc: the service code, the units
AWS writes, and the rules that map a product (its group and usage type) to the price book's
slot for it (`_RULES`, `_USAGETYPE_RULES`, `_FREE_TIER_RULES`). Read by `pricelist` (the book),
`pricelist_offer` (the offer) and `pricelist_diff` (comparing books)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

SERVICE_CODE = "AWSLambda"
SOURCE_TAG = "PL"  # the key of the offer file in the book's `sources`
US_EAST_1 = "us-east-1"
REQUESTS_PER_MILLION = Decimal(1_000_000)

# --- units AWS writes on price dimensions, by what they measure -----------------------------------

_REQUEST_UNITS = frozenset({"Requests", "Request"})
_GB_SECOND_UNITS = frozenset({"Lambda-GB-Second", "Lambda-GB-Seconds", "GB-Seconds", "GB-Second"})
_GB_UNITS = frozenset({"GB", "Gigabytes", "Processed-Gigabytes"})
_EPU_HOUR_UNITS = frozenset({"Event-Poller-Unit-Hours"})

X86 = "x86_64"
ARM = "arm64"


@dataclass(frozen=True)
class _Slot:
    """Where a recognised product's price goes in the book.

    `section` is "x86_64" or "arm64" (per-architecture keys), "region" (keys beside
    ephemeral storage) or "edge". `variant` tells apart the x86_64 and arm64 SKUs AWS publishes
    for a price the book keeps once per region (ephemeral storage, response streaming).
    """

    section: str
    key: str
    units: frozenset[str]
    tiered: bool = False
    per_million: bool = False  # the offer prices one request; the book a million
    variant: str = X86


_REQUESTS = "request_usd_per_million"
_TIERS = "duration_tiers"
_PC = "provisioned_concurrency_usd_per_gb_s"
_PC_DURATION = "provisioned_duration_usd_per_gb_s"
_STORAGE = "ephemeral_storage_usd_per_gb_s"
_SNAP_CACHE = "snapstart_cache_usd_per_gb_s"
_SNAP_RESTORE = "snapstart_restore_usd_per_gb"
_STREAMING = "response_streaming_usd_per_gb"
_EDGE_DURATION = "duration_usd_per_gb_s"
_SQS_EPU = "sqs_epu_usd_per_hour"
_KAFKA_EPU = "kafka_epu_usd_per_hour"

# (group, usage type without its region prefix) -> slot. Both must match.
_RULES: dict[tuple[str, str], _Slot] = {
    ("AWS-Lambda-Requests", "Request"): _Slot(X86, _REQUESTS, _REQUEST_UNITS, per_million=True),
    ("AWS-Lambda-Requests-ARM", "Request-ARM"): _Slot(
        ARM, _REQUESTS, _REQUEST_UNITS, per_million=True
    ),
    ("AWS-Lambda-Duration", "Lambda-GB-Second"): _Slot(X86, _TIERS, _GB_SECOND_UNITS, tiered=True),
    ("AWS-Lambda-Duration-ARM", "Lambda-GB-Second-ARM"): _Slot(
        ARM, _TIERS, _GB_SECOND_UNITS, tiered=True
    ),
    # the older spelling of the arm64 duration usage type
    ("AWS-Lambda-Duration-ARM", "Lambda-ARM-GB-Second"): _Slot(
        ARM, _TIERS, _GB_SECOND_UNITS, tiered=True
    ),
    ("AWS-Lambda-Provisioned-Concurrency", "Lambda-Provisioned-Concurrency"): _Slot(
        X86, _PC, _GB_SECOND_UNITS
    ),
    ("AWS-Lambda-Provisioned-Concurrency-ARM", "Lambda-Provisioned-Concurrency-ARM"): _Slot(
        ARM, _PC, _GB_SECOND_UNITS
    ),
    ("AWS-Lambda-Duration-Provisioned", "Lambda-Provisioned-GB-Second"): _Slot(
        X86, _PC_DURATION, _GB_SECOND_UNITS
    ),
    ("AWS-Lambda-Duration-Provisioned-ARM", "Lambda-Provisioned-GB-Second-ARM"): _Slot(
        ARM, _PC_DURATION, _GB_SECOND_UNITS
    ),
    ("AWS-Lambda-Storage-Duration", "Lambda-Storage-GB-Second"): _Slot(
        "region", _STORAGE, _GB_SECOND_UNITS
    ),
    ("AWS-Lambda-Storage-Duration-ARM", "Lambda-Storage-GB-Second-ARM"): _Slot(
        "region", _STORAGE, _GB_SECOND_UNITS, variant=ARM
    ),
    ("AWS-Lambda-Edge-Requests", "Lambda-Edge-Request"): _Slot(
        "edge", _REQUESTS, _REQUEST_UNITS, per_million=True
    ),
    ("AWS-Lambda-Edge-Duration", "Lambda-Edge-GB-Second"): _Slot(
        "edge", _EDGE_DURATION, _GB_SECOND_UNITS
    ),
}

# The SnapStart and response-streaming usage types are known from AWS bills; the Price List
# group names of those SKUs are not confirmed, so for them the usage type alone decides.
_USAGETYPE_RULES: dict[str, _Slot] = {
    "Lambda-SnapStart-Cached-GB-S": _Slot("region", _SNAP_CACHE, _GB_SECOND_UNITS),
    "Lambda-SnapStart-Restored-GB": _Slot("region", _SNAP_RESTORE, _GB_UNITS),
    "Lambda-Streaming-Response-Processed-Bytes": _Slot("region", _STREAMING, _GB_UNITS),
    "Lambda-Streaming-Response-Processed-Bytes-ARM": _Slot(
        "region", _STREAMING, _GB_UNITS, variant=ARM
    ),
}

# Provisioned mode for event source mappings: the event poller unit (EPU) hour. The unit
# "Event-Poller-Unit-Hours" is AWS's (a Price List dump of us-east-1, SKU E9QEPQBP6HKCU5DW at
# $0.185, "Duration weighted by Event Poller Units for Provisioned ESM"); the group names are
# those a third-party Price List client asks GetProducts for. The usage types are not
# confirmed, so for these the group alone decides; the generic group is Kafka's (MSK and
# self-managed), whose $0.185 it carries, SQS has its own.
_GROUP_RULES: dict[str, _Slot] = {
    "AWS-Lambda-Event-Poller-Unit-Duration": _Slot("region", _KAFKA_EPU, _EPU_HOUR_UNITS),
    "AWS-Lambda-SQS-Event-Poller-Unit-Duration": _Slot("region", _SQS_EPU, _EPU_HOUR_UNITS),
}

# Durable functions and tenant isolation. Unconfirmed, like the EPU rows: the group names are
# those two third-party Price List clients read (durable functions: operations, data written,
# "TimedStorage-ByteHrs" retained; tenant isolation: "Tenant-Isolated-Environment-Memory-GB",
# with an -ARM twin, in unit GB); the units are AWS's usual ones for such prices (per
# operation, GB, GB-Mo as S3's TimedStorage-ByteHrs). The rates they must come to are the
# pricing page's: $8.00 per million operations, $0.25/GB written, $0.15/GB-month retained,
# $0.000167 per GB of memory per new tenant-isolated environment (x86_64, us-east-1). A row in
# another unit is refused with the unit named, never read in a unit it is not in.
_DURABLE_OPERATIONS = "durable_operation_usd_per_million"
_DURABLE_WRITTEN = "durable_written_usd_per_gb"
_DURABLE_RETAINED = "durable_retained_usd_per_gb_month"
_TENANT = "tenant_environment_usd_per_gb"
_OPERATION_UNITS = frozenset({"Operations", "Operation", "Requests", "Request"})
_GB_MONTH_UNITS = frozenset({"GB-Mo", "GB-Month", "GB-Months"})
_GROUP_RULES.update(
    {
        "AWS-Lambda-Durable-Execution-Operations": _Slot(
            "region", _DURABLE_OPERATIONS, _OPERATION_UNITS, per_million=True
        ),
        "AWS-Lambda-Durable-Execution-Written-Bytes": _Slot("region", _DURABLE_WRITTEN, _GB_UNITS),
        "AWS-Lambda-Durable-Execution-TimedStorage-ByteHrs": _Slot(
            "region", _DURABLE_RETAINED, _GB_MONTH_UNITS
        ),
        "AWS-Lambda-Tenant-Isolated-Environment-Memory-GB": _Slot(X86, _TENANT, _GB_UNITS),
        "AWS-Lambda-Tenant-Isolated-Environment-Memory-GB-ARM": _Slot(ARM, _TENANT, _GB_UNITS),
    }
)


def add_optional_prices(entry: dict[str, Any], get: Callable[[str, str], Any]) -> None:
    """Put the durable-function and tenant-isolation prices the offer has into a region's book
    entry; `get(section, key)` is the imported price or None. Prices the offer lacks stay out
    of the entry (absent means unknown, as null does)."""
    for key in (_DURABLE_OPERATIONS, _DURABLE_WRITTEN, _DURABLE_RETAINED):
        value = get("region", key)
        if value is not None:
            entry[key] = value
    for arch in (X86, ARM):
        value = get(arch, _TENANT)
        if value is not None:
            if entry.get(arch) is None:
                entry[arch] = dict.fromkeys((_REQUESTS, _TIERS, _PC, _PC_DURATION))
            entry[arch][_TENANT] = value


# Region-less free-tier usage types -> (free_tier key, units). The -ARM spellings, if AWS ever
# publishes them, must agree with the plain ones: the book has one free tier.
_FREE_TIER_RULES: dict[str, tuple[str, frozenset[str]]] = {
    "Request": ("requests", _REQUEST_UNITS),
    "Request-ARM": ("requests", _REQUEST_UNITS),
    "Lambda-GB-Second": ("duration_gb_s", _GB_SECOND_UNITS),
    "Lambda-GB-Second-ARM": ("duration_gb_s", _GB_SECOND_UNITS),
    "Lambda-Streaming-Response-Processed-Bytes": ("response_streaming_gb", _GB_UNITS),
}
_FREE_TIER_NAMES = {
    "requests": "requests",
    "duration_gb_s": "duration GB-seconds",
    "response_streaming_gb": "response-streaming GB",
}
_GLOBAL_PREFIX = "Global-"
# USE2-, EUW2-, APN1-, EU-, UGW1- … : capitals and digits, then a dash.
_REGION_PREFIX = re.compile(r"^[A-Z]{2,5}[0-9]{0,2}-(?=[A-Z])")

# --- the services around Lambda: `prices import-around` (lambdacalc.pricelist_around) -----------

_MESSAGE_UNITS = frozenset({"Messages", "Message"})
_MINUTE_UNITS = frozenset({"Minutes", "Minute"})
_HOUR_UNITS = frozenset({"Hrs", "Hours", "Hour"})
_GB_MONTH_UNITS = frozenset({"GB-Mo", "GB-Month", "GB-Months"})
_TRACE_UNITS = frozenset({"Traces", "Trace"})


@dataclass(frozen=True)
class _AroundRule:
    """Where a product of a service around Lambda goes in the around-Lambda book."""

    key: str  # the book's rate key (lambdacalc.around.book)
    what: str  # for messages
    units: frozenset[str]
    tiered: bool = False
    scale: Decimal = Decimal(1)  # REQUESTS_PER_MILLION: the offer prices one, the book a million
    free: str | None = None  # the free_tier key a first $0 range of the price fills


def _per_million(key: str, what: str, units: frozenset[str], **kw: object) -> _AroundRule:
    return _AroundRule(key, what, units, scale=REQUESTS_PER_MILLION, **kw)  # type: ignore[arg-type]


AROUND_SERVICES = (
    "AmazonCloudWatch",
    "AmazonApiGateway",
    "AWSQueueService",
    "AWSDataTransfer",
    "AmazonEC2",
    "AmazonVPC",
    "AWSXRay",
)
# (service code, usage type without its region prefix) -> rule. Lambda's logs are CloudWatch
# vended logs (VendedLog-Bytes, VendedLogIA-Bytes: a Price List dump of us-east-1, 2025-10-28);
# REST and HTTP API requests are ApiGatewayRequest and ApiGatewayHttpRequest (AWS bills'
# usage types); the rest are the usage types AWS bills carry for these services, not all
# confirmed in an offer file (docs/prices.md lists which).
AROUND_RULES: dict[tuple[str, str], _AroundRule] = {
    ("AmazonCloudWatch", "VendedLog-Bytes"): _AroundRule(
        "logs_standard_ingestion_tiers_usd_per_gb",
        "CloudWatch Logs ingestion (Standard)",
        _GB_UNITS,
        tiered=True,
        free="logs_ingestion_gb",
    ),
    ("AmazonCloudWatch", "VendedLogIA-Bytes"): _AroundRule(
        "logs_infrequent_access_ingestion_tiers_usd_per_gb",
        "CloudWatch Logs ingestion (Infrequent Access)",
        _GB_UNITS,
        tiered=True,
    ),
    ("AmazonCloudWatch", "TimedStorage-ByteHrs"): _AroundRule(
        "logs_standard_storage_usd_per_gb_month",
        "CloudWatch Logs storage (Standard)",
        _GB_MONTH_UNITS,
        free="logs_storage_gb_month",
    ),
    ("AmazonApiGateway", "ApiGatewayRequest"): _per_million(
        "api_rest_tiers_usd_per_million", "REST API request price", _REQUEST_UNITS, tiered=True
    ),
    ("AmazonApiGateway", "ApiGatewayHttpRequest"): _per_million(
        "api_http_tiers_usd_per_million", "HTTP API request price", _REQUEST_UNITS, tiered=True
    ),
    ("AmazonApiGateway", "ApiGatewayMessage"): _per_million(
        "api_websocket_message_tiers_usd_per_million",
        "WebSocket message price",
        _MESSAGE_UNITS,
        tiered=True,
    ),
    ("AmazonApiGateway", "ApiGatewayMinute"): _per_million(
        "api_websocket_connection_usd_per_million_minutes",
        "WebSocket connection-minute price",
        _MINUTE_UNITS,
    ),
    ("AWSQueueService", "Requests-Tier1"): _per_million(
        "sqs_standard_tiers_usd_per_million",
        "SQS standard request price",
        _REQUEST_UNITS,
        tiered=True,
        free="sqs_requests",
    ),
    ("AWSQueueService", "Requests-FIFO-Tier1"): _per_million(
        "sqs_fifo_tiers_usd_per_million",
        "SQS FIFO request price",
        _REQUEST_UNITS,
        tiered=True,
        free="sqs_requests",
    ),
    ("AWSDataTransfer", "DataTransfer-Out-Bytes"): _AroundRule(
        "data_out_internet_tiers_usd_per_gb",
        "data transfer out to the internet",
        _GB_UNITS,
        tiered=True,
        free="data_out_gb",
    ),
    ("AmazonEC2", "NatGateway-Hours"): _AroundRule(
        "nat_gateway_usd_per_hour", "NAT gateway hour", _HOUR_UNITS
    ),
    ("AmazonEC2", "NatGateway-Bytes"): _AroundRule(
        "nat_gateway_usd_per_gb", "NAT gateway data processed", _GB_UNITS
    ),
    ("AmazonVPC", "VpcEndpoint-Hours"): _AroundRule(
        "vpc_interface_endpoint_usd_per_hour_per_az", "interface endpoint hour", _HOUR_UNITS
    ),
    ("AmazonVPC", "VpcEndpoint-Bytes"): _AroundRule(
        "vpc_interface_endpoint_usd_per_gb", "interface endpoint data processed", _GB_UNITS
    ),
    ("AWSXRay", "XRay-TracesStored"): _per_million(
        "xray_recorded_usd_per_million",
        "X-Ray trace recorded",
        _TRACE_UNITS,
        free="xray_traces_recorded",
    ),
    ("AWSXRay", "XRay-TracesAccessed"): _per_million(
        "xray_scanned_usd_per_million",
        "X-Ray trace scanned",
        _TRACE_UNITS,
        free="xray_traces_scanned",
    ),
}
AROUND_FREE_NAMES = {
    "logs_ingestion_gb": "GB of logs ingested",
    "logs_storage_gb_month": "GB-month of logs stored",
    "sqs_requests": "SQS requests",
    "data_out_gb": "GB out to the internet",
    "xray_traces_recorded": "X-Ray traces recorded",
    "xray_traces_scanned": "X-Ray traces scanned",
}
