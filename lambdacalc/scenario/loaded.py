"""A scenario file → a validated `Workload`: the fast path first, the models when it is unsure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from lambdacalc.errors import PricingError, ScenarioError
from lambdacalc.prices import ALL_PRICES, PriceBook, PriceRef
from lambdacalc.scenario.convert import to_workload
from lambdacalc.scenario.fast import quick_workload
from lambdacalc.scenario.messages import _path_text, validate
from lambdacalc.scenario.plain_json import quick_json_workload
from lambdacalc.scenario.source import Source, parse, read_source
from lambdacalc.workload import FunctionWorkload, Workload

if TYPE_CHECKING:
    from lambdacalc.scenario_models import ScenarioModel


class LoadedScenario(NamedTuple):
    source: Source
    workload: Workload
    model: ScenarioModel | None  # None when the fast path accepted the file


def load(
    path: str, overrides: Sequence[str] = (), managed_prices: str | Path | None = None
) -> LoadedScenario:
    """Read, parse and validate a scenario file (or `-`), ready for the models, with
    `--set KEY=VALUE` overrides applied to its data first (see `lambdacalc.overrides`);
    `managed_prices` is a Lambda Managed Instances table to use instead of the bundled one."""
    source = read_source(path)
    stem = "stdin" if path == "-" else Path(path).stem
    if source.is_json and not overrides:
        quick = quick_json_workload(source.text, stem)
        if quick is not None:
            return LoadedScenario(source, quick, None)
    data = parse(source)
    if overrides:
        from lambdacalc.overrides import apply

        data, changed = apply(data, overrides)
        source.origins = {path: f"--set {text}" for path, text in changed.items()}
    return load_data(data, source, stem, managed_prices)


def load_data(
    data: Any, source: Source, stem: str, managed_prices: str | Path | None = None
) -> LoadedScenario:
    """Validate parsed scenario data (from `source`) into a workload named `stem` by default."""
    quick = quick_workload(data, stem)
    if quick is not None:
        return LoadedScenario(source, quick, None)
    model = validate(data, source)
    workload = to_workload(model, stem)
    if any(f.managed_instances is not None for f in model.functions):
        from lambdacalc.managed_prices import load_instance_table
        from lambdacalc.scenario.managed import resolve_managed

        table = load_instance_table(managed_prices) if managed_prices is not None else None
        workload = resolve_managed(workload, source, table)
    return LoadedScenario(source, workload, model)


# Settings whose value is a mapping: an error points at the key, not at its first entry.
_MAPPING_SETTINGS = frozenset(
    {"provisioned_concurrency", "snapstart", "response_streaming", "durable", "tenant_isolation"}
    | {"sqs", "kafka"}
)


def _check_plan(loaded: LoadedScenario, book: PriceBook) -> None:
    """A Savings Plan the book cannot price is met at its key: a USD commitment against a
    book in another currency (China's plans commit in CNY an hour), or a term and payment
    the book has no discount for."""
    plan = loaded.workload.account.savings_plan
    if plan is None:
        return
    if plan.commitment_usd_per_hour is not None and book.currency != "USD":
        where = loaded.source.where(("savings_plan", "commitment_usd_per_hour"))
        raise ScenarioError(
            f"{where}: savings_plan.commitment_usd_per_hour: the commitment is in USD but "
            f"{loaded.workload.account.region} is priced in {book.currency} "
            f"({book.describe()}), and a bill never mixes the two; remove the commitment "
            "(the discount alone prices the plan)"
        )
    if plan.term is not None and plan.payment is not None:
        try:
            book.savings_plan_rate(plan.term, plan.payment)
        except PricingError as exc:
            where = loaded.source.where(("savings_plan", "term"))
            raise ScenarioError(f"{where}: savings_plan.term: {exc}") from None


def check_region(
    loaded: LoadedScenario,
    book: PriceBook,
    only: tuple[int, FunctionWorkload] | None = None,
) -> None:
    """An unknown region, or a price the book lacks there, is met in the scenario: say where.

    The prices checked are the cost engine's own list (`lambdacalc.cost.price_needs`), so
    every price `price` would miss is reported here first, at the setting that needs it.
    `only` checks one function (index, and the function as the caller prices it, e.g. with
    compare-memory's flags applied) instead of all of them.
    """
    from lambdacalc.cost import price_needs
    from lambdacalc.cost.extras import has_extras
    from lambdacalc.cost.rates import needs_only_with_extras

    region = loaded.workload.account.region
    if region not in book.regions:
        try:
            book.region(region)
        except PricingError as exc:
            where = loaded.source.where(("region",))
            raise ScenarioError(f"{where}: region: {exc}") from None
    _check_plan(loaded, book)
    unknown: dict[PriceRef, PricingError] = {}
    for ref in ALL_PRICES:
        try:
            book.lookup(region, ref)
        except PricingError as exc:
            unknown[ref] = exc.with_traceback(None)  # no cycle through this frame
    if not unknown:
        return  # the region knows every price (us-east-1 in the bundled book)
    extras_only = needs_only_with_extras(unknown)
    functions = [only] if only is not None else enumerate(loaded.workload.functions)
    for i, fn in functions:
        if extras_only and not has_extras(fn):
            continue  # (us-east-1 lacks only arm64 tenant isolation: most fleets skip all)
        for need in price_needs(fn):
            problem = unknown.get(need.price)
            if problem is not None:
                at: tuple[str | int, ...] = (
                    ("functions", i, need.setting) if need.setting else ("region",)
                )
                where = loaded.source.where(at, key=need.setting in _MAPPING_SETTINGS)
                raise ScenarioError(
                    f"{where}: {_path_text(at)} (function '{fn.name}'): {problem}"
                ) from None
