"""Lambda Managed Instances in a scenario: each LMI function's instance shape and on-demand
price, from the scenario or the bundled table (`pricing/managed-instances.json`), resolved
before the models see the workload; a problem is one line at the setting that causes it."""

from __future__ import annotations

from decimal import Decimal

from lambdacalc.errors import PricingError, ScenarioError
from lambdacalc.managed_prices import InstanceTable, load_instance_table, offer
from lambdacalc.scenario.source import Source
from lambdacalc.workload import FunctionWorkload, ManagedInstances, Workload


def resolve_managed(
    workload: Workload, source: Source, table: InstanceTable | None = None
) -> Workload:
    """The workload with every LMI function's instance resolved (unchanged without any)."""
    if not any(fn.managed_instances is not None for fn in workload.functions):
        return workload
    region = workload.account.region
    functions = list(workload.functions)
    for i, fn in enumerate(functions):
        mi = fn.managed_instances
        if mi is None:
            continue
        at = ("functions", i, "managed_instances", "instance_type")
        here = f"functions[{i}].managed_instances (function '{fn.name}')"
        complete = mi.vcpus is not None and mi.on_demand_usd_per_hour is not None
        if not complete:
            try:
                table = table or load_instance_table()
                found = offer(table, mi.instance_type, region)
            except PricingError as exc:
                raise ScenarioError(f"{source.where(at)}: {here}: {exc}") from None
            mi = _filled(mi, found.vcpus, found.memory_gib, found.on_demand_usd_per_hour)
            notes = [f"derived: {found.derived}"] if found.derived else []
            if not found.verified and mi.on_demand_usd_per_hour == found.on_demand_usd_per_hour:
                notes.append(f"unverified {region} price in {table.origin}")
            mi = mi._replace(price_note="; ".join(notes))
            if found.architecture is not fn.architecture:
                raise ScenarioError(
                    f"{source.where(at)}: {here}: {mi.instance_type} is "
                    f"{found.architecture.value} "
                    f"but function '{fn.name}' is {fn.architecture.value}; set architecture: "
                    f"{found.architecture.value} or choose another instance type"
                )
        functions[i] = _checked(fn._replace(managed_instances=mi), source, at, here)
    return workload._replace(functions=tuple(functions))


def _filled(
    mi: ManagedInstances, vcpus: int, memory_gib: Decimal, usd: Decimal
) -> ManagedInstances:
    """The table's values where the scenario gives none (its own always win)."""
    return mi._replace(
        vcpus=mi.vcpus if mi.vcpus is not None else vcpus,
        memory_gib=mi.memory_gib if mi.memory_gib is not None else memory_gib,
        on_demand_usd_per_hour=(
            mi.on_demand_usd_per_hour if mi.on_demand_usd_per_hour is not None else usd
        ),
    )


def _checked(
    fn: FunctionWorkload, source: Source, at: tuple[str | int, ...], here: str
) -> FunctionWorkload:
    """Fail here, at the scenario's line, if the load cannot be placed on the instances."""
    mi = fn.managed_instances
    assert mi is not None
    if mi.instance_hours_per_month is None:
        from lambdacalc.concurrency.managed import average_rps, fleet
        from lambdacalc.errors import InputError

        try:
            fleet(fn, average_rps(fn))
        except InputError as exc:
            raise ScenarioError(f"{source.where(at[:-1], key=True)}: {here}: {exc}") from None
    return fn
