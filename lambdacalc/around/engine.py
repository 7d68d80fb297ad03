"""The around-Lambda bill: Workload × AroundBook → AroundBill.

Each function's quantities (from `rules`) become line items; services with volume tiers
(CloudWatch Logs ingestion per class, API Gateway, SQS, data transfer out) are tiered on
the account's total and each function carries its share in proportion to its quantity,
as Lambda's own duration tiers are. The always-free allowances (5 GB of logs ingested and
5 GB-month stored, 1M SQS requests, 100 GB out to the internet, 100,000 X-Ray traces
recorded and 1M scanned) are account-wide credits, one line each, at the first tier's
rate. API Gateway's free tier lasts only a new account's first 12 months: not applied.
NAT gateway hours are the account's: gateways × 730 h, once, when any function uses them.

Lambda's bill is never changed here; this is a second bill beside it.
"""

from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

__all__ = ["SERVICES", "AroundBill", "AroundLine", "account_needs", "price_around"]

from lambdacalc.around import book as b
from lambdacalc.around import rules
from lambdacalc.around.bill import (
    ACCOUNT,
    API_GATEWAY,
    DATA_TRANSFER,
    LOGS,
    NAT_GATEWAY,
    SERVICES,
    SQS,
    VPC_ENDPOINTS,
    XRAY,
    AroundBill,
    AroundLine,
)
from lambdacalc.around.settings import (
    DEFAULT_RETENTION_DAYS,
    STANDARD,
    AroundAccount,
    AroundFunction,
    LogSettings,
    SqsSettings,
)
from lambdacalc.around.uses import uses_around as uses_around
from lambdacalc.cost.rules import tiered_cost_usd
from lambdacalc.units import HOURS_PER_MONTH, ONE, ONE_MILLION, ZERO
from lambdacalc.workload import FunctionWorkload, Workload


class _Pending(NamedTuple):
    """A function's quantity, before tiers: priced at `rates` per `per` units."""

    function: str
    service: str
    component: str
    unit: str
    quantity: Decimal
    rates: b.Rates
    per: Decimal  # 1, or a million for *_per_million rates
    detail: str = ""


def log_settings(fn: FunctionWorkload, account: AroundAccount) -> tuple[str, int]:
    """The log class and retention of a function: its own, else the account's, else
    Standard and 30 days."""
    own = fn.around.logs if fn.around is not None and fn.around.logs is not None else None
    own = own or LogSettings()
    log_class = own.log_class or account.logs.log_class or STANDARD
    days = own.retention_days or account.logs.retention_days or DEFAULT_RETENTION_DAYS
    return log_class, days


def uses_nat(fn: FunctionWorkload, account: AroundAccount) -> bool:
    own = fn.around.vpc_nat if fn.around is not None else None
    return account.vpc_nat if own is None else own


def needs(fn: FunctionWorkload, account: AroundAccount) -> Iterator[tuple[b.Rates, str]]:
    """The rates a function's around-Lambda costs need, each with the function's scenario
    key that asks for it ("" when it is the account's `around:` setting)."""
    own_vpc = fn.around is not None and fn.around.vpc_nat is not None
    for p in _pending(fn, account):
        setting = "" if p.service == NAT_GATEWAY and not own_vpc else _SETTING[p.service]
        yield p.rates, setting
        if p.rates is b.NAT_GB:
            yield b.NAT_HOUR, setting


def account_needs(account: AroundAccount) -> Iterator[tuple[b.Rates, str]]:
    """The rates the account's own lines need, with the `around:` key that asks for them."""
    if account.interface_endpoints:
        yield b.ENDPOINT_HOUR, "interface_endpoints"


_SETTING = {
    LOGS: "log_bytes_per_request",
    API_GATEWAY: "api",
    SQS: "sqs",
    DATA_TRANSFER: "data_out_kb_per_request",
    NAT_GATEWAY: "vpc",
    XRAY: "tracing",
    VPC_ENDPOINTS: "vpc",
}


def _pending(fn: FunctionWorkload, account: AroundAccount) -> Iterator[_Pending]:
    """The function's quantities, service by service, in the bill's order."""
    extra = fn.around or AroundFunction()
    yield from _logs(fn, account)
    yield from _api(fn, extra)
    yield from _sqs(fn, extra)
    yield from _network(fn, extra, account)
    yield from _tracing(fn, extra)


def _logs(fn: FunctionWorkload, account: AroundAccount) -> Iterator[_Pending]:
    requests = fn.requests_per_month
    name = fn.name
    if fn.log_bytes_per_request is not None:
        log_class, days = log_settings(fn, account)
        gb = rules.log_gb(fn.log_bytes_per_request, requests)
        label = "Standard" if log_class == STANDARD else "IA"
        yield _Pending(
            name, LOGS, f"ingestion ({label})", "GB", gb, b.LOGS_INGESTION[log_class], ONE,
            f"{fn.log_bytes_per_request} bytes a request",
        )  # fmt: skip
        yield _Pending(
            name, LOGS, f"storage ({label})", "GB-month",
            rules.stored_log_gb_month(gb, days), b.LOGS_STORAGE[log_class], ONE,
            f"{days} days retained",
        )  # fmt: skip


def _api(fn: FunctionWorkload, extra: AroundFunction) -> Iterator[_Pending]:
    requests = fn.requests_per_month
    name = fn.name
    api = extra.api
    if api is not None:
        rates = b.API_REQUESTS[api.api_type]
        if api.api_type == "rest":
            yield _Pending(name, API_GATEWAY, "REST requests", "requests", requests, rates,
                           ONE_MILLION)  # fmt: skip
        elif api.api_type == "http":
            units = rules.increments(api.kb_per_request or ZERO, rules.HTTP_API_METERING_KB)
            detail = f"{units} per request of {api.kb_per_request} KB" if units > 1 else ""
            yield _Pending(name, API_GATEWAY, "HTTP requests", "requests", requests * units,
                           rates, ONE_MILLION, detail)  # fmt: skip
        else:
            messages = requests if api.messages_per_month is None else api.messages_per_month
            units = rules.increments(api.message_kb or ZERO, rules.WEBSOCKET_METERING_KB)
            detail = f"{units} per message of {api.message_kb} KB" if units > 1 else ""
            yield _Pending(name, API_GATEWAY, "WebSocket messages", "messages",
                           messages * units, rates, ONE_MILLION, detail)  # fmt: skip
            yield _Pending(name, API_GATEWAY, "WebSocket connection minutes", "minutes",
                           api.connection_minutes_per_month, b.API_CONNECTION_MINUTES,
                           ONE_MILLION)  # fmt: skip


def _sqs(fn: FunctionWorkload, extra: AroundFunction) -> Iterator[_Pending]:
    requests = fn.requests_per_month
    name = fn.name
    if fn.sqs is not None:
        sqs = extra.sqs or _default_sqs(fn)
        rates = b.SQS_REQUESTS[sqs.queue_type]
        send, receive, delete = rules.sqs_requests(
            requests, sqs.message_kb, sqs.messages_per_invocation
        )
        kind = " (FIFO)" if sqs.queue_type == "fifo" else ""
        for component, quantity, detail in (
            ("send requests", send, f"{sqs.messages_per_invocation} × {sqs.message_kb} KB "
             "messages an invocation"),
            ("receive requests", receive, ""),
            ("delete requests", delete, ""),
            ("empty receives", rules.sqs_empty_receives(sqs.pollers),
             f"{sqs.pollers} pollers long-polling an idle queue"),
        ):  # fmt: skip
            yield _Pending(name, SQS, f"{component}{kind}", "requests", quantity, rates,
                           ONE_MILLION, detail)  # fmt: skip


def _network(
    fn: FunctionWorkload, extra: AroundFunction, account: AroundAccount
) -> Iterator[_Pending]:
    """Data out to the internet, through a NAT gateway, through VPC endpoints."""
    requests = fn.requests_per_month
    name = fn.name
    if extra.data_out_kb_per_request is not None:
        gb = rules.kb_to_gb(extra.data_out_kb_per_request, requests)
        yield _Pending(name, DATA_TRANSFER, "out to the internet", "GB", gb, b.DATA_OUT, ONE,
                       f"{extra.data_out_kb_per_request} KB a request")  # fmt: skip
    if uses_nat(fn, account):
        kb = extra.nat_kb_per_request
        if kb is None:
            kb = extra.data_out_kb_per_request or ZERO
        yield _Pending(name, NAT_GATEWAY, "data processed", "GB", rules.kb_to_gb(kb, requests),
                       b.NAT_GB, ONE, f"{kb} KB a request")  # fmt: skip
    if extra.endpoint_kb_per_request is not None:
        kb = extra.endpoint_kb_per_request
        yield _Pending(name, VPC_ENDPOINTS, "data processed", "GB",
                       rules.kb_to_gb(kb, requests), b.ENDPOINT_GB, ONE,
                       f"{kb} KB a request")  # fmt: skip


def _tracing(fn: FunctionWorkload, extra: AroundFunction) -> Iterator[_Pending]:
    requests = fn.requests_per_month
    name = fn.name
    if extra.tracing is not None:
        t = extra.tracing
        recorded = rules.traces_recorded(requests, t.sample_percent)
        detail = "default rule: 1/s + 5%" if t.sample_percent is None else f"{t.sample_percent}%"
        yield _Pending(name, XRAY, "traces recorded", "traces", recorded, b.XRAY_RECORDED,
                       ONE_MILLION, detail)  # fmt: skip
        if t.traces_scanned_per_month:
            yield _Pending(name, XRAY, "traces scanned", "traces", t.traces_scanned_per_month,
                           b.XRAY_SCANNED, ONE_MILLION)  # fmt: skip


def _default_sqs(fn: FunctionWorkload) -> SqsSettings:
    pollers = fn.sqs.pollers[0] if fn.sqs is not None and fn.sqs.pollers else None
    return SqsSettings() if pollers is None else SqsSettings(pollers=pollers)


# --- pricing -----------------------------------------------------------------------------------


def price_around(workload: Workload, book: b.AroundBook) -> AroundBill:
    """The around-Lambda bill of the workload (empty when it asks for none)."""
    account = workload.account.around or AroundAccount()
    region = workload.account.region
    pending = [p for fn in workload.functions for p in _pending(fn, account)]
    priced = _priced(pending, book, region)
    lines = [line for _, line in priced]
    assumptions: list[str] = []
    if any(uses_nat(fn, account) for fn in workload.functions):
        rate = book.flat(region, b.NAT_HOUR)
        hours = Decimal(account.nat_gateways) * HOURS_PER_MONTH
        lines.append(
            AroundLine(ACCOUNT, NAT_GATEWAY, "hours", "hours", hours, rate, hours * rate,
                       f"{account.nat_gateways} × 730 h")
        )  # fmt: skip
        assumptions.append(
            f"NAT gateways: {account.nat_gateways} billed all month (AWS advises one per "
            "Availability Zone; set around.nat_gateways)."
        )
    if account.interface_endpoints:
        rate = book.flat(region, b.ENDPOINT_HOUR)
        hours = Decimal(account.interface_endpoints * account.endpoint_azs) * HOURS_PER_MONTH
        lines.append(
            AroundLine(ACCOUNT, VPC_ENDPOINTS, "hours", "hours", hours, rate, hours * rate,
                       f"{account.interface_endpoints} × {account.endpoint_azs} AZ × 730 h")
        )  # fmt: skip
    if workload.account.free_tier and account.free_tier:
        lines += _free_lines(priced, book, region)
    assumptions += _service_assumptions(lines)
    return AroundBill(tuple(lines), tuple(assumptions), book.name, book.effective_date)


def _priced(
    pending: list[_Pending], book: b.AroundBook, region: str
) -> list[tuple[_Pending, AroundLine]]:
    """Each quantity as a line: a tiered one carries its share of the account total's cost."""
    totals: dict[str, Decimal] = {}
    for p in pending:
        if p.rates.tiered:
            totals[p.rates.key] = totals.get(p.rates.key, ZERO) + p.quantity
    tier_cost = {
        p.rates.key: tiered_cost_usd(_per_unit(book.tiers(region, p.rates), p.per), total)
        for p in pending
        if p.rates.tiered and (total := totals[p.rates.key])
    }
    priced: list[tuple[_Pending, AroundLine]] = []
    for p in pending:
        detail = p.detail
        if p.rates.tiered:
            tiers = book.tiers(region, p.rates)
            total = totals[p.rates.key]
            cost = tier_cost[p.rates.key] * p.quantity / total if total else ZERO
            one_tier = tiers[0].up_to is None or total <= tiers[0].up_to
            price: Decimal | None = tiers[0].usd / p.per if one_tier else None
            if not one_tier:
                detail = _join(detail, "tiered on the account's total")
        else:
            price = book.flat(region, p.rates) / p.per
            cost = p.quantity * price
        line = AroundLine(p.function, p.service, p.component, p.unit, p.quantity, price, cost,
                          detail)  # fmt: skip
        priced.append((p, line))
    return priced


def _service_assumptions(lines: list[AroundLine]) -> list[str]:
    """What the bill assumes about the services it has lines for."""
    assumptions: list[str] = []
    if any(line.service == LOGS for line in lines):
        assumptions.append(
            "CloudWatch Logs storage is the steady state: a month's ingestion × retention days "
            "÷ 30.42; AWS bills stored logs compressed, so this is an upper bound."
        )
    if any(line.service == SQS for line in lines):
        assumptions.append(
            "SQS: one SendMessage per message; Lambda's pollers long-poll (20 s waits), so "
            "each makes about 3 empty receives a minute while the queue is idle, counted all "
            "month (an upper bound)."
        )
    if any(line.service == API_GATEWAY for line in lines):
        assumptions.append(
            "API Gateway's free tier (new accounts' first 12 months) is not applied."
        )
    return assumptions


def _per_unit(tiers: tuple[b.RateTier, ...], per: Decimal) -> list[tuple[Decimal | None, Decimal]]:
    """Tiers as (bound, USD per unit): a *_per_million rate divided by a million."""
    return [(t.up_to, t.usd / per) for t in tiers]


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if first else second


# (service, the components it credits start with, free allowance field, unit, label)
_FREE = (
    (LOGS, "ingestion", "logs_ingestion_gb", "GB", "free tier (ingestion)"),
    (LOGS, "storage", "logs_storage_gb_month", "GB-month", "free tier (storage)"),
    (SQS, "", "sqs_requests", "requests", "free tier (requests)"),
    (DATA_TRANSFER, "", "data_out_gb", "GB", "free tier (out)"),
    (XRAY, "traces recorded", "xray_traces_recorded", "traces", "free tier (recorded)"),
    (XRAY, "traces scanned", "xray_traces_scanned", "traces", "free tier (scanned)"),
)


def _free_lines(
    priced: list[tuple[_Pending, AroundLine]], book: b.AroundBook, region: str
) -> list[AroundLine]:
    """One credit per allowance, account-wide: the month's first units, at the first
    tier's rate of the line they come off (lines in the scenario's order)."""
    out: list[AroundLine] = []
    for service, prefix, field, unit, label in _FREE:
        allowance: Decimal = getattr(book.free_tier, field)
        used = ZERO
        credit = ZERO
        for p, line in priced:
            if line.service != service or not line.component.startswith(prefix):
                continue
            take = min(line.quantity, allowance - used)
            if take <= 0:
                break
            if p.rates.tiered:
                rate = book.tiers(region, p.rates)[0].usd / p.per
            else:
                rate = book.flat(region, p.rates) / p.per
            used += take
            credit -= take * rate
        if used:
            out.append(
                AroundLine(ACCOUNT, service, label, unit, used, None, credit,
                           f"{_plain(allowance)} {unit} free a month")
            )  # fmt: skip
    return out


def _plain(value: Decimal) -> str:
    return f"{value:,f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:,f}"
