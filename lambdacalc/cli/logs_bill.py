"""`logs analyze`'s bill: the measured functions priced by the cost engine, with memory advice."""

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from lambdacalc.cli.common import price_book

if TYPE_CHECKING:
    from lambdacalc.logs import FunctionStats
    from lambdacalc.prices import Architecture, PriceBook
    from lambdacalc.render.logs import LogsReport


def bill(report: "LogsReport", free_tier: bool, prices: Path | None) -> None:
    """The cost engine's bill of the measured functions, and the memory advice."""
    from lambdacalc.cost import price
    from lambdacalc.prices import Architecture
    from lambdacalc.render.logs_scenario import scenario_duration_ms
    from lambdacalc.workload import Account, FunctionWorkload, Workload

    arch = Architecture(report.architecture)
    functions = tuple(
        FunctionWorkload(
            name=f.name,
            memory_mb=f.memory_size_mb,
            duration_ms=scenario_duration_ms(f),
            requests_per_month=f.requests_per_month or Decimal(0),
            architecture=arch,
            duration_billed=True,
            log_bytes_per_request=f.log_bytes_per_request,
        )
        for f in report.summary.functions
    )
    book = price_book(prices, report.region)
    book.region(report.region)  # an unknown region is a PricingError: one line, exit 2
    account = Account(region=report.region, free_tier=free_tier)
    report.bill = price(Workload("logs", account, functions), book)
    report.notes.append(
        "The bill prices each function at its mean Billed Duration, as measured (Lambda "
        "already rounded each invocation up to whole ms; the mean is not rounded again), and "
        "the measured requests per month; cold starts are not added again."
    )
    report.warnings.extend(report.bill.warnings)
    _recommend(report, book, arch, free_tier)


def _recommend(
    report: "LogsReport", book: "PriceBook", architecture: "Architecture", free_tier: bool
) -> None:
    """The memory right-sizing model's advice per function, as `lambdacalc cost` would give it
    for the emitted scenario: the mean billed duration at the current size, the cost strategy,
    and the measured Max Memory Used (+ the model's headroom) as the floor. Measured at one
    size, the basis is `assumed`: the current size is kept, with the picks if CPU-bound and if
    I/O-bound. A function seen at two or more sizes gets a `measured` recommendation from its
    mean billed duration at each (`other_sizes`), as `lambdacalc cost` gives it for the emitted
    scenario, whose sizing hints list them."""
    from lambdacalc.render.logs_scenario import other_sizes, scenario_duration_ms, sizing_hint_mb
    from lambdacalc.sizing import Point, Strategy
    from lambdacalc.sizing_advice import SizingInputs, advise
    from lambdacalc.workload import Account, FunctionWorkload, SizingHints

    for f in report.summary.functions:
        if f.requests_per_month is None:
            continue
        if f.max_memory_used_max_mb > f.memory_size_mb:
            report.recommendation_reasons[f.name] = _no_floor_reason(f)
            continue
        used_mb = sizing_hint_mb(f)
        requests = f.requests_per_month
        duration_ms = scenario_duration_ms(f)
        # priced as the bill above prices it: the mean Billed Duration as it is
        function = FunctionWorkload(
            f.name,
            f.memory_size_mb,
            duration_ms,
            requests,
            architecture,
            duration_billed=True,
            sizing=SizingHints(max_memory_used_mb=None if used_mb is None else Decimal(used_mb)),
            log_bytes_per_request=f.log_bytes_per_request,
        )
        measured = tuple(
            Point(g.memory_size_mb, scenario_duration_ms(g)) for g in other_sizes(report.summary, f)
        )
        account = Account(region=report.region, free_tier=free_tier)
        inputs = SizingInputs(function, account, measured)
        advice = advise(inputs, book, Strategy.COST)
        option = advice.recommended
        report.recommended_memory_mb[f.name] = option.memory_mb if option else None
        report.recommendation_reasons[f.name] = advice.reason
        report.advice[f.name] = advice
    report.notes.append(
        "recommended_memory_mb (cost strategy; sizes below Max Memory Used plus headroom are "
        "excluded): a function measured at one size keeps it (recommendation_basis assumed: "
        "one size does not show how the duration changes with memory), and if_cpu_bound_mb and "
        "if_io_bound_mb give the pick if the duration scales with CPU and if it does not; a "
        "function seen at two or more sizes gets a measured recommendation from its mean "
        "billed duration at each."
    )


def _no_floor_reason(f: "FunctionStats") -> str:
    """Why a function whose Max Memory Used exceeds its Memory Size gets no advice: no
    floor can be read from it, and without one the model would pick a size the function
    may not fit in (the emitted scenario has no hint for it either)."""
    from lambdacalc.logs import MAX_MEMORY_MB

    larger = (
        "measure it at a larger size"
        if f.memory_size_mb < MAX_MEMORY_MB
        else "Lambda has no larger size"
    )
    return (
        f"none: Max Memory Used {f.max_memory_used_max_mb} MB is above the "
        f"{f.memory_size_mb} MB Memory Size; {larger}"
    )
