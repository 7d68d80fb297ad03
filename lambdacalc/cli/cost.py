"""`lambdacalc cost SCENARIO`: the monthly bill of a scenario file."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from lambdacalc.cli.common import (
    AroundPricesOption,
    FormatOption,
    PricesOption,
    emit,
    handle_errors,
    price_book,
)
from lambdacalc.cli.declare import argument, command, option
from lambdacalc.render.common import OutputFormat

if TYPE_CHECKING:
    from lambdacalc.around.book import AroundBook
    from lambdacalc.prices import PriceBook
    from lambdacalc.scenario import LoadedScenario


@command(
    epilog=(
        "Examples:\n\n"
        "  lambdacalc cost scenarios/api-backend.yaml\n\n"
        "  lambdacalc cost scenarios/api-backend.yaml --format json | jq .total_monthly_usd\n\n"
        "  cat workload.yaml | lambdacalc cost - --format csv > bill.csv\n\n"
        "  lambdacalc cost scenarios/api-backend.yaml --set functions.api.memory_mb=1024 "
        "--set region=eu-west-1"
    )
)
@handle_errors
def cost(
    scenario: Annotated[
        str,
        argument(metavar="SCENARIO", help="Scenario file (YAML or JSON), or - for stdin."),
    ],
    fmt: FormatOption = OutputFormat.TABLE,
    prices: PricesOption = None,
    overrides: Annotated[
        list[str] | None,
        option(
            "--set",
            metavar="KEY=VALUE",
            help="What-if: change a scenario setting before it is checked and priced, e.g. "
            "functions.api.memory_mb=1024 or region=eu-west-1 (repeatable).",
        ),
    ] = None,
    profiles: Annotated[
        bool,
        option(
            "--profiles",
            help="One column per traffic profile of the scenario's `profiles:` (request-rate "
            "multipliers such as low: 0.5, expected: 1, high: 3).",
        ),
    ] = False,
    compare_arch: Annotated[
        bool,
        option(
            "--compare-arch",
            help="Price every function on x86_64 and on arm64 side by side (same durations).",
        ),
    ] = False,
    around_prices: AroundPricesOption = None,
    managed_prices: Annotated[
        Path | None,
        option(
            "--managed-prices",
            metavar="FILE",
            help="Lambda Managed Instances table to use instead of the bundled one (the format "
            "of pricing/managed-instances.json).",
        ),
    ] = None,
) -> None:
    """Price a scenario: the monthly bill per function and for the account."""
    from lambdacalc.cli.startup import collector_paused

    with collector_paused():
        _cost(
            scenario, fmt, prices, overrides, profiles, compare_arch, around_prices, managed_prices
        )


def _cost(
    scenario: str,
    fmt: OutputFormat,
    prices: Path | None,
    overrides: list[str] | None,
    profiles: bool,
    compare_arch: bool,
    around_prices: Path | None = None,
    managed_prices: Path | None = None,
) -> None:
    from lambdacalc.scenario import check_region, load

    loaded = load(scenario, overrides or (), managed_prices)
    book = price_book(prices, loaded.workload.account.region)
    check_region(loaded, book)
    if profiles or compare_arch:
        _variants(loaded, book, profiles, compare_arch, fmt, overrides or [])
        return
    from lambdacalc.cost.report import cost_report

    what_if = ("What-if: " + ", ".join(f"--set {o}" for o in overrides),) if overrides else ()
    report = cost_report(
        loaded.workload,
        book,
        loaded.source.display,
        around_book=_around_book(loaded, around_prices),
        first_assumptions=what_if,
    )
    from lambdacalc.render import cost as render

    emit(render.BillReport(report.bill, report.advice), fmt)


def _variants(
    loaded: "LoadedScenario",
    book: "PriceBook",
    by_profile: bool,
    by_architecture: bool,
    fmt: OutputFormat,
    overrides: list[str],
) -> None:
    """`cost --profiles` / `--compare-arch`: one bill per variant, one column each."""
    from lambdacalc.errors import ScenarioError
    from lambdacalc.render import variants as render
    from lambdacalc.whatif import priced_variants

    workload = loaded.workload
    if by_profile and not workload.profiles:
        raise ScenarioError(
            f"{loaded.source.display}: --profiles needs `profiles:` in the scenario, e.g. "
            "profiles: {low: 0.5, expected: 1, high: 3} (multipliers on request rates)"
        )
    priced = priced_variants(workload, book, by_profile, by_architecture)
    emit(render.VariantsReport(workload, priced, by_profile, by_architecture, overrides), fmt)


def _around_book(loaded: "LoadedScenario", path: Path | None) -> "AroundBook | None":
    """The around-Lambda book, checked against the scenario, when the scenario uses it (a
    book given with --around-prices is read, and so checked, either way)."""
    from lambdacalc.around.uses import uses_around

    if not uses_around(loaded.workload) and path is None:
        return None
    from lambdacalc.around.check import check_around
    from lambdacalc.around.files import load_around_book

    book = load_around_book(path)
    if not uses_around(loaded.workload):
        return None
    check_around(loaded, book)
    return book
