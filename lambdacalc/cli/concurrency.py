"""`lambdacalc concurrency`: one function's concurrency, limits, bursts, throttling and PC;
or, given a scenario file, the account view of all its functions.

Numbers are read as text and parsed to Decimal here, so that a bad value is one `Error:` line
with exit code 2 (and so that 0.1 stays 0.1). `--format json` loads no rich, yaml or pydantic.
"""

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated

import typer

from lambdacalc.cli.common import (
    FormatOption,
    PricesOption,
    emit_doc,
    handle_errors,
    price_book,
    warn,
    write,
)
from lambdacalc.cli.root import app
from lambdacalc.errors import InputError, PricingError
from lambdacalc.limits import (
    MAX_CONCURRENCY,
    MAX_MEMORY_MB,
    MAX_REQUESTS_PER_SECOND,
    MIN_MEMORY_MB,
)
from lambdacalc.render.common import OutputFormat
from lambdacalc.units import MS_PER_S, parse_duration_ms

if TYPE_CHECKING:
    from lambdacalc.concurrency import ConcurrencyReport, FunctionInputs, PcRates
    from lambdacalc.prices import PriceBook

MAX_BARE_DURATION_S = Decimal(900)


def _decimal(flag: str, text: str, maximum: int | None = None) -> Decimal:
    from lambdacalc.structured import NumberError, to_decimal

    try:
        value = to_decimal(text.strip().replace("_", ""))
    except InvalidOperation:
        raise InputError(f"{flag} '{text}' is not a number; give e.g. {flag} 100") from None
    except NumberError as exc:
        raise InputError(f"{flag}: {exc}") from None
    if not value.is_finite():
        raise InputError(f"{flag} must be a finite number (got {text}); give a plain number")
    if maximum is not None and value > maximum:
        raise InputError(
            f"{flag} {text} is above {maximum:,}, far beyond any Lambda workload; check the value"
        )
    return value


def _whole(flag: str, text: str | None, maximum: int = MAX_CONCURRENCY) -> int | None:
    if text is None:
        return None
    value = _decimal(flag, text, maximum)
    if value != value.to_integral_value():
        raise InputError(f"{flag} must be a whole number (got {text}); drop the fraction")
    return int(value)


def _memory_mb(text: str) -> Decimal:
    """Lambda memory is whole MB from 128 to 10240, as in scenario files."""
    from lambdacalc.structured import to_decimal

    try:
        value = to_decimal(text.strip().replace("_", ""))
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if (
        not value.is_finite()
        or value != value.to_integral_value()
        or not MIN_MEMORY_MB <= value <= MAX_MEMORY_MB
    ):
        raise InputError(
            f"--memory must be a whole number of MB from {MIN_MEMORY_MB} to {MAX_MEMORY_MB} "
            f"(got {text}); e.g. --memory 512"
        )
    return Decimal(int(value))


def _duration_s(flag: str, text: str) -> Decimal:
    """'2', '2s', '150ms', '1.5m' → seconds; a bare number above 900 suggests ms."""
    try:
        duration_ms = parse_duration_ms(text, bare_unit="s")
    except ValueError as exc:
        raise InputError(f"{flag}: {exc}") from None
    seconds = duration_ms / MS_PER_S
    bare = text.strip()[-1:].isdigit() or text.strip().endswith(".")
    if bare and seconds > MAX_BARE_DURATION_S:
        raise InputError(
            f"{flag} {text} is read as seconds, above Lambda's 900 s maximum; "
            f"did you mean {text.strip()}ms?"
        )
    return seconds


def _rates(book: "PriceBook", region: str, architecture: str) -> "PcRates | str":
    """The PC rates, or (when the book lacks a PC price there) the warning that says so:
    everything else the command reports needs no price."""
    from lambdacalc.concurrency import PcRates
    from lambdacalc.prices import Architecture

    try:
        arch = Architecture(architecture)
    except ValueError:
        raise InputError(
            f"--architecture '{architecture}' is not known; use x86_64 or arm64"
        ) from None
    try:
        prices = book.arch_prices(region, arch)
        tiers = book.duration_tiers(region, arch)
        per_million = book.need(prices.request_usd_per_million, "request", region)
    except PricingError as exc:  # PC's cost and its on-demand comparison both need these
        return f"provisioned concurrency is not priced: {exc}"
    missing = [
        what
        for what, price in (
            ("provisioned concurrency", prices.provisioned_concurrency_usd_per_gb_s),
            ("provisioned duration", prices.provisioned_duration_usd_per_gb_s),
        )
        if price is None
    ]
    if missing:
        return (
            f"provisioned concurrency is not priced: the {architecture} "
            f"{' and '.join(missing)} price{'s are' if len(missing) > 1 else ' is'} unknown "
            f"for {region} in {book.describe()}; pass --prices with a book that has "
            f"{'them' if len(missing) > 1 else 'it'} to price PC"
        )
    return PcRates(
        pc_usd_per_gb_s=book.need(
            prices.provisioned_concurrency_usd_per_gb_s, "provisioned concurrency", region
        ),
        pc_duration_usd_per_gb_s=book.need(
            prices.provisioned_duration_usd_per_gb_s, "provisioned duration", region
        ),
        on_demand_usd_per_gb_s=tiers[0].usd_per_gb_s,
        request_usd=per_million / Decimal(1_000_000),
    )


def _plan(inputs: "FunctionInputs", rates: "PcRates | str") -> "ConcurrencyReport":
    """The report, with the missing-price warning added when PC cannot be priced."""
    from lambdacalc.concurrency import plan_function

    if isinstance(rates, str):
        report = plan_function(inputs, None)
        return report._replace(warnings=(*report.warnings, rates))
    return plan_function(inputs, rates)


def _scenario(path: str, fmt: OutputFormat) -> None:
    from lambdacalc.concurrency import plan_workload
    from lambdacalc.render import concurrency as render
    from lambdacalc.scenario import load

    loaded = load(path)
    report = plan_workload(loaded.workload)
    name = loaded.workload.name
    if fmt is OutputFormat.JSON:
        write(render.account_to_json(report, name))
    elif fmt is OutputFormat.CSV:
        write(render.account_to_csv(report))
        for w in report.warnings:
            warn(w)
    else:
        emit_doc(render.account_to_doc(report, name), fmt)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  lambdacalc concurrency --rps 100 --duration 2\n\n"
        "  lambdacalc concurrency --rps 200 --peak-rps 3000 --duration 150ms --reserved 400\n\n"
        "  lambdacalc concurrency --rps 20000 --duration 50ms --format json\n\n"
        "  lambdacalc concurrency scenarios/mobile-backend.yaml"
    )
)
@handle_errors
def concurrency(
    scenario: Annotated[
        str | None,
        typer.Argument(
            metavar="[SCENARIO]",
            help="Scenario file (YAML or JSON, or - for stdin): show the account view instead.",
        ),
    ] = None,
    rps: Annotated[
        str | None, typer.Option("--rps", metavar="RPS", help="Average requests per second.")
    ] = None,
    duration: Annotated[
        str | None,
        typer.Option(
            "--duration",
            metavar="DURATION",
            help="Mean duration: 2, 2s, 150ms or 1.5m (a bare number is seconds).",
        ),
    ] = None,
    peak_rps: Annotated[
        str | None,
        typer.Option("--peak-rps", metavar="RPS", help="Peak requests per second; size for it."),
    ] = None,
    cold_start_percent: Annotated[
        str | None,
        typer.Option(
            "--cold-start-percent",
            metavar="PERCENT",
            help="Share of requests that start cold, in %.",
        ),
    ] = None,
    init_duration: Annotated[
        str | None,
        typer.Option(
            "--init-duration", metavar="DURATION", help="INIT time of a cold start: 800ms, 1.2s."
        ),
    ] = None,
    limit: Annotated[
        str | None,
        typer.Option(
            "--limit",
            metavar="N",
            help="Account concurrency limit (ConcurrentExecutions); default: AWS's default "
            "quota of 1000, with a warning.",
        ),
    ] = None,
    reserved: Annotated[
        str | None,
        typer.Option("--reserved", metavar="N", help="This function's reserved concurrency."),
    ] = None,
    provisioned: Annotated[
        str | None,
        typer.Option(
            "--provisioned", metavar="N", help="Provisioned concurrency configured today, if any."
        ),
    ] = None,
    other_usage: Annotated[
        str,
        typer.Option(
            "--other-usage", metavar="N", help="Concurrency other functions use at the time."
        ),
    ] = "0",
    throttle_target: Annotated[
        str,
        typer.Option(
            "--throttle-target", metavar="P", help="Acceptable share of throttled requests, 0–1."
        ),
    ] = "0.001",
    pc_target_utilization: Annotated[
        str,
        typer.Option(
            "--pc-target-utilization", metavar="U", help="PC utilisation to size for (AWS: 0.7)."
        ),
    ] = "0.7",
    sqs_max_concurrency: Annotated[
        str | None,
        typer.Option(
            "--sqs-max-concurrency", metavar="N", help="SQS event source MaximumConcurrency."
        ),
    ] = None,
    kinesis_shards: Annotated[
        str | None,
        typer.Option("--kinesis-shards", metavar="N", help="Kinesis or DynamoDB stream shards."),
    ] = None,
    parallelization_factor: Annotated[
        str,
        typer.Option(
            "--parallelization-factor", metavar="N", help="Batches per shard at once, 1–10."
        ),
    ] = "1",
    memory: Annotated[
        str,
        typer.Option(
            "--memory", metavar="MB", help="Memory in whole MB (128–10240), for PC prices."
        ),
    ] = "128",
    architecture: Annotated[
        str, typer.Option("--architecture", metavar="ARCH", help="x86_64 or arm64, for PC prices.")
    ] = "x86_64",
    region: Annotated[
        str, typer.Option("--region", "-r", metavar="REGION", help="AWS region for PC prices.")
    ] = "us-east-1",
    fmt: FormatOption = OutputFormat.TABLE,
    prices: PricesOption = None,
) -> None:
    """Concurrency for a rate and duration: limits, bursts, throttling and PC sizing."""
    if scenario is not None:
        if rps is not None or duration is not None:
            raise InputError("give a SCENARIO file or --rps/--duration, not both")
        _scenario(scenario, fmt)
        return
    if rps is None or duration is None:
        raise InputError("give --rps and --duration (e.g. --rps 100 --duration 2), or a SCENARIO")

    from lambdacalc.concurrency import FunctionInputs
    from lambdacalc.render import concurrency as render

    duration_s = _duration_s("--duration", duration)
    inputs = FunctionInputs(
        rps=_decimal("--rps", rps, MAX_REQUESTS_PER_SECOND),
        duration_s=duration_s,
        peak_rps=None
        if peak_rps is None
        else _decimal("--peak-rps", peak_rps, MAX_REQUESTS_PER_SECOND),
        cold_start_percent=(
            Decimal(0)
            if cold_start_percent is None
            else _decimal("--cold-start-percent", cold_start_percent)
        ),
        init_duration_s=(
            Decimal(0) if init_duration is None else _duration_s("--init-duration", init_duration)
        ),
        account_limit=_whole("--limit", limit),  # None: the default, assumed and said
        reserved_concurrency=_whole("--reserved", reserved),
        provisioned_concurrency=_whole("--provisioned", provisioned),
        other_usage_concurrency=_whole("--other-usage", other_usage) or 0,
        throttle_target=_decimal("--throttle-target", throttle_target),
        pc_target_utilization=_decimal("--pc-target-utilization", pc_target_utilization),
        sqs_max_concurrency=_whole("--sqs-max-concurrency", sqs_max_concurrency),
        kinesis_shards=_whole("--kinesis-shards", kinesis_shards),
        parallelization_factor=_whole("--parallelization-factor", parallelization_factor) or 0,
        memory_mb=_memory_mb(memory),
    )
    book = price_book(prices)
    book.region(region)  # an unknown region fails here, with suggestions
    report = _plan(inputs, _rates(book, region, architecture))
    context = render.Context(
        region=region, architecture=architecture, memory_mb=inputs.memory_mb, prices=book.describe()
    )
    if fmt is OutputFormat.JSON:
        write(render.to_json(report, context))
    elif fmt is OutputFormat.CSV:
        write(render.to_csv(report))
        for w in report.warnings:
            warn(w)
    else:
        emit_doc(render.to_doc(report, context), fmt)
