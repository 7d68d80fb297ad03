"""A scenario's around-Lambda settings against the around book: a rate the book lacks in
the scenario's region is an error at the scenario key that needs it (as `check_region`
does for Lambda's prices)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lambdacalc.errors import PricingError, ScenarioError

if TYPE_CHECKING:
    from lambdacalc.around.book import AroundBook
    from lambdacalc.scenario import LoadedScenario


def check_around(loaded: LoadedScenario, book: AroundBook) -> None:
    from lambdacalc.around.engine import account_needs, needs
    from lambdacalc.around.settings import AroundAccount
    from lambdacalc.scenario.messages import _path_text

    workload = loaded.workload
    account = workload.account.around or AroundAccount()
    region = workload.account.region
    for rates, key in account_needs(account):
        try:
            book.rate(region, rates)
        except PricingError as exc:
            where = loaded.source.where(("around", key), key=True)
            raise ScenarioError(f"{where}: around.{key}: {exc}") from None
    for i, fn in enumerate(workload.functions):
        for rates, setting in needs(fn, account):
            try:
                book.rate(region, rates)
            except PricingError as exc:
                at: tuple[str | int, ...] = (
                    ("functions", i, setting) if setting else ("around", "vpc")
                )
                where = loaded.source.where(at, key=True)
                raise ScenarioError(
                    f"{where}: {_path_text(at)} (function '{fn.name}'): {exc}"
                ) from None
