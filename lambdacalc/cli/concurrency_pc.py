"""`lambdacalc concurrency`'s PC prices: the rate card, or a warning naming the missing price."""

from typing import TYPE_CHECKING

from lambdacalc.cli.common import in_flags
from lambdacalc.errors import InputError, PricingError

if TYPE_CHECKING:
    from lambdacalc.concurrency import ConcurrencyReport, FunctionInputs
    from lambdacalc.cost.rates import RateCard
    from lambdacalc.prices import Architecture, PriceBook


def rates(book: "PriceBook", region: str, architecture: str) -> "RateCard | str":
    """The rate card PC is priced at, or (when the book lacks a price it needs) the warning
    that says so: everything else the command reports needs no price."""
    from lambdacalc.cost.rates import provisioned_rate_card
    from lambdacalc.prices import Architecture

    try:
        arch = Architecture(architecture)
    except ValueError:
        raise InputError(
            f"--architecture '{architecture}' is not known; use x86_64 or arm64"
        ) from None
    try:
        return provisioned_rate_card(book, region, arch)
    except PricingError as exc:  # PC's cost and its on-demand comparison need them all
        return f"provisioned concurrency is not priced: {_pc_unpriced(book, region, arch) or exc}"


def _pc_unpriced(book: "PriceBook", region: str, architecture: "Architecture") -> str | None:
    """When only PC's own prices are missing: which of the two (one message for both)."""
    try:
        prices = book.region(region).arch(architecture)
    except PricingError:
        return None
    if prices is None or prices.duration_tiers is None or prices.request_usd_per_million is None:
        return None
    missing = [
        what
        for what, price in (
            ("provisioned concurrency", prices.provisioned_concurrency_usd_per_gb_s),
            ("provisioned duration", prices.provisioned_duration_usd_per_gb_s),
        )
        if price is None
    ]
    if not missing:
        return None
    return (
        f"the {architecture.value} {' and '.join(missing)} "
        f"price{'s are' if len(missing) > 1 else ' is'} unknown for {region} in "
        f"{book.describe()}; pass --prices with a book that has "
        f"{'them' if len(missing) > 1 else 'it'} to price PC"
    )


def plan(inputs: "FunctionInputs", rates: "RateCard | str") -> "ConcurrencyReport":
    """The report, its warnings naming the flags, with the missing-price warning added when
    PC cannot be priced."""
    from lambdacalc.concurrency import plan_function

    report = plan_function(inputs, None if isinstance(rates, str) else rates)
    warnings = [in_flags(w) for w in report.warnings]
    if isinstance(rates, str):
        warnings.append(rates)
    return report._replace(warnings=tuple(warnings))
