"""`lambdacalc concurrency --managed-instance TYPE`: the Lambda Managed Instances fleet
(environments and instances) a rate and duration need, and what it costs a month."""

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from lambdacalc.errors import InputError

if TYPE_CHECKING:
    from lambdacalc.managed_prices import InstanceOffer
    from lambdacalc.render.managed import ManagedPlan
    from lambdacalc.workload import FunctionWorkload, Workload

RUNTIMES = ("nodejs", "python", "java", "dotnet", "rust")


class ManagedFlags(NamedTuple):
    instance_type: str
    runtime: str | None
    per_env_concurrency: int | None
    memory_gib_per_vcpu: Decimal | None
    target_utilisation: Decimal | None  # a share of 1
    min_instances: int | None


def check_flags(flags: ManagedFlags) -> None:
    """The same ranges as the scenario's `managed_instances:` keys, as flag errors."""
    if flags.runtime is not None and flags.runtime not in RUNTIMES:
        raise InputError(f"--runtime '{flags.runtime}' is not known; use {', '.join(RUNTIMES)}")
    if flags.per_env_concurrency is not None and not 1 <= flags.per_env_concurrency <= 1600:
        raise InputError(
            f"--per-env-concurrency {flags.per_env_concurrency} is outside 1..1600 (AWS's range)"
        )
    gib = flags.memory_gib_per_vcpu
    if gib is not None and not 2 <= gib <= 8:
        raise InputError(f"--memory-per-vcpu {gib} is outside 2..8 GiB (AWS's range)")
    util = flags.target_utilisation
    if util is not None and not 0 < util <= 1:
        raise InputError(f"--target-utilisation {util} must be above 0 and at most 1 (100%)")
    if flags.min_instances is not None and flags.min_instances < 1:
        raise InputError("--min-instances must be at least 1 (AWS starts 3 by default)")


def plan(
    flags: ManagedFlags,
    *,
    rps: Decimal,
    peak_rps: Decimal | None,
    duration_s: Decimal,
    memory_mb: int | None,
    architecture: str | None,
    region: str,
) -> "ManagedPlan":
    """The report: the fleet at the peak (else average) rate, costed with the table's price.
    Without --memory the function has LMI's smallest size, without --architecture the
    instance's; the notes say so (never an error about a flag the user did not give)."""
    from lambdacalc.concurrency.managed import MIN_FUNCTION_MEMORY_MB, fleet
    from lambdacalc.managed_prices import load_instance_table, offer
    from lambdacalc.prices import Architecture
    from lambdacalc.render.managed import ManagedPlan

    check_flags(flags)
    notes = []
    if memory_mb is None:
        memory_mb = MIN_FUNCTION_MEMORY_MB
        notes.append(
            f"memory {memory_mb:,} MB, the smallest function on Lambda Managed Instances "
            "(pass --memory for yours)"
        )
    if memory_mb < MIN_FUNCTION_MEMORY_MB:
        raise InputError(
            f"--memory {memory_mb}: the smallest function on Lambda Managed Instances is "
            "2048 MB (2 GB, 1 vCPU); pass --memory 2048 or more"
        )
    found = offer(load_instance_table(), flags.instance_type, region)
    if architecture is not None and found.architecture is not Architecture(architecture):
        raise InputError(
            f"--managed-instance {flags.instance_type} is {found.architecture.value}; pass "
            f"--architecture {found.architecture.value}"
        )
    sizing_rps = peak_rps if peak_rps is not None else rps
    fn = _function(flags, found, memory_mb, duration_s)
    warnings = _peak_warnings(rps, peak_rps)
    if found.derived:
        notes.append(f"{flags.instance_type} price derived: {found.derived}")
    if not found.verified:
        notes.append(f"the {region} price of {flags.instance_type} is unverified")
    needed = fleet(fn, sizing_rps)
    if needed.minimum_binds:
        notes.append("the minimum instance count, not the load, sets the fleet")
    return ManagedPlan(needed, found, sizing_rps, fn, region, warnings, notes)


def _function(
    flags: ManagedFlags, found: "InstanceOffer", memory_mb: int, duration_s: Decimal
) -> "FunctionWorkload":
    """The function the flags describe, on the instance type found in the table."""
    from lambdacalc.units import MS_PER_S
    from lambdacalc.workload import FunctionWorkload, ManagedInstances

    mi = ManagedInstances(
        flags.instance_type,
        vcpus=found.vcpus,
        memory_gib=found.memory_gib,
        on_demand_usd_per_hour=found.on_demand_usd_per_hour,
        runtime=flags.runtime,
        per_environment_max_concurrency=flags.per_env_concurrency,
        memory_gib_per_vcpu=flags.memory_gib_per_vcpu or Decimal(2),
        target_utilisation_percent=(flags.target_utilisation or Decimal(1)) * 100,
        minimum_instances=flags.min_instances or 3,
    )
    return FunctionWorkload(
        "function",
        memory_mb,
        duration_s * MS_PER_S,
        Decimal(0),
        architecture=found.architecture,
        managed_instances=mi,
    )


def _peak_warnings(rps: Decimal, peak_rps: Decimal | None) -> list[str]:
    """A peak more than twice the average, if it is one: the fleet may need to grow."""
    from lambdacalc.concurrency.managed import scaling_warning

    warnings = []
    if peak_rps is not None:
        doubling = scaling_warning(rps, peak_rps, Decimal(5))
        if doubling:
            warnings.append(
                f"peak {peak_rps} rps is more than twice the average {rps} rps: {doubling}; "
                "if the rise comes within 5 minutes, keep more minimum instances"
            )
    return warnings


def scenario_lines(workload: "Workload") -> list[str]:
    """For `concurrency SCENARIO`: each LMI function's fleet at its peak (else average) rate,
    and the scaling warning where its peak is more than twice its average."""
    from lambdacalc.concurrency.managed import average_rps, fleet, scaling_warning

    lines = []
    for fn in workload.functions:
        mi = fn.managed_instances
        if mi is None:
            continue
        average = average_rps(fn)
        peak = fn.peak_requests_per_second or average
        try:
            plan = fleet(fn, peak)
        except InputError as exc:
            lines.append(f"{fn.name} runs on Lambda Managed Instances; for its fleet, {exc}")
            continue
        binds = ", the minimum" if plan.minimum_binds else ""
        at_once = plan.concurrency.quantize(Decimal("0.01"))
        lines.append(
            f"{fn.name} runs on Lambda Managed Instances: {at_once} at "
            f"once at its peak → {plan.environments} environments of up to "
            f"{plan.environment_max_concurrency} → {plan.instances} × {mi.instance_type}{binds} "
            "(its concurrency is still counted against the account limit above)"
        )
        doubling = scaling_warning(average, peak, Decimal(5))
        if doubling:
            lines.append(f"{fn.name}: its peak is more than twice its average rate; {doubling}")
    return lines
