"""`lambdacalc diff BASE NEW`: what changed between two workloads and what it costs."""

from typing import TYPE_CHECKING, Annotated

from lambdacalc.cli.common import (
    FormatOption,
    PricesOption,
    emit,
    error_line,
    handle_errors,
    price_book,
)
from lambdacalc.cli.declare import argument, command, option
from lambdacalc.cli.import_iac import ParamOption, UsageOption, parse_params
from lambdacalc.errors import ExitCode, InputError
from lambdacalc.render.common import OutputFormat

if TYPE_CHECKING:
    from pathlib import Path

    from lambdacalc.prices import PriceBook
    from lambdacalc.scenario import LoadedScenario


def load_workload(
    path: str, usage: str | None = None, params: list[str] | None = None
) -> tuple["LoadedScenario", bool]:
    """The scenario, or a template or plan as `import` reads it (True)."""
    from lambdacalc.iac.convert import convert, load_converted, sniff
    from lambdacalc.scenario import load

    infrastructure = sniff(path)
    if infrastructure:
        return load_converted(convert(path, usage, parse_params(params)), path), True
    return load(path), False


@command(
    epilog=(
        "Examples:\n\n"
        "  lambdacalc diff scenarios/mobile-backend.yaml scenarios/mobile-backend-arm64.yaml\n\n"
        "  lambdacalc diff main.yaml pr.yaml --fail-above 10% --format markdown > comment.md\n\n"
        "Exit codes: 0 within the budget (or no --fail-above), 2 bad input, 3 the increase is "
        "above --fail-above."
    )
)
@handle_errors
def diff(
    base: Annotated[
        str,
        argument(metavar="BASE", help="Before the change: a scenario, template or Terraform plan."),
    ],
    new: Annotated[str, argument(metavar="NEW", help="After the change: the same kinds.")],
    fail_above: Annotated[
        str | None,
        option(
            "--fail-above",
            metavar="LIMIT",
            help="Exit with code 3 when the monthly bill rises by more than LIMIT: a "
            "percentage of BASE's bill (10%) or an amount a month in the bills' currency "
            "(50 or $50; ¥50 in China regions).",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    prices: PricesOption = None,
    usage: UsageOption = None,
    params: ParamOption = None,
) -> None:
    """Compare two scenarios, templates or plans: what changed and the monthly cost delta.

    Settings that changed per function and for the account, and the monthly cost before,
    after and the difference, each side priced as a whole account (templates and plans are
    read as `import` reads them)."""
    from lambdacalc.cost import price
    from lambdacalc.diff import check_currency, compare, parse_threshold

    threshold = parse_threshold(fail_above) if fail_above is not None else None
    loaded_before, base_is_code = load_workload(base, usage, params)
    loaded_after, new_is_code = load_workload(new, usage, params)
    before, after = loaded_before.workload, loaded_after.workload
    book = _one_book(prices, loaded_before, loaded_after)
    check_currency(threshold)
    if (usage is not None or params) and not (base_is_code or new_is_code):
        raise InputError(
            "--usage and --param apply to templates and plans; BASE and NEW are scenarios, "
            "so remove them"
        )
    result = compare(before, after, price(before, book), price(after, book), threshold)

    from lambdacalc.render import diff as render

    emit(render.DiffReport(result), fmt)
    if result.exceeded:
        error_line(f"over budget: {render.verdict(result)}")
        raise SystemExit(ExitCode.OVER_BUDGET)


def _one_book(
    prices: "Path | None", loaded_before: "LoadedScenario", loaded_after: "LoadedScenario"
) -> "PriceBook":
    """The book both sides are priced with, checked to hold both sides' regions."""
    from lambdacalc.pricing_files import bundled_book
    from lambdacalc.scenario import check_region

    before, after = loaded_before.workload, loaded_after.workload
    # each side's book is its region's (a China region's is in CNY); the two bills of a diff
    # must be in one currency
    book = price_book(prices, before.account.region)
    if prices is None and bundled_book(before.account.region) != bundled_book(after.account.region):
        raise InputError(
            f"BASE ({before.account.region}) and NEW ({after.account.region}) are priced in "
            "different currencies (USD and CNY), and a diff never mixes them; compare scenarios "
            "in regions of one currency"
        )
    check_region(loaded_before, book)
    check_region(loaded_after, book)
    return book
