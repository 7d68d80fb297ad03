"""Lambda Managed Instances (LMI): a load → execution environments → EC2 instances.

On LMI an execution environment serves many invocations at once (its maximum concurrency,
1-1,600, `PerExecutionEnvironmentMaxConcurrency`), runs on EC2 instances of a capacity
provider, and scales asynchronously on CPU rather than per request. The model, all plain
arithmetic (units in the names):

* concurrency = rps × duration_s (Little's law, as for Lambda's default compute).
* An environment has memory_mb of memory and memory_mb / 1024 / memory_gib_per_vcpu vCPUs
  (memory per vCPU 2-8 GiB; the smallest function is 2 GB and 1 vCPU).
* Its maximum concurrency is the one given, else the runtime's default per vCPU × its vCPUs.
* environments = max(3, ceil(concurrency / (max concurrency × target utilisation))); Lambda
  starts three environments before a version is ACTIVE.
* An instance holds floor(min(instance vCPUs / env vCPUs, instance GiB / env GiB))
  environments (the instance's own overhead is not modelled).
* instances = max(minimum instances (3 by default, for AZ resiliency),
  ceil(environments / per instance)); instance-hours = instances × 730 a month.

Sources: https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-scaling.html
(three instances by default; traffic that more than doubles within 5 minutes may throttle),
https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-best-practices.html
(2 GB and 1 vCPU minimum), https://docs.aws.amazon.com/lambda/latest/api/API_LambdaManagedInstancesCapacityProviderConfig.html
(1-1,600 concurrency, 2-8 GiB per vCPU). The per-vCPU defaults by runtime (Node.js 64, Java
and .NET 32, Python 16) come from the Serverless Framework's LMI guide
(https://www.serverless.com/framework/docs/providers/aws/guide/managed-instances); an AWS page
stating them was not found.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import NamedTuple

from lambdacalc.errors import InputError
from lambdacalc.units import HOURS_PER_MONTH, HUNDRED, MB_PER_GB, MS_PER_S, S_PER_MONTH
from lambdacalc.workload import FunctionWorkload, ManagedInstances

MIN_ENVIRONMENTS = 3  # started before a version is ACTIVE
DEFAULT_MIN_INSTANCES = 3  # for AZ resiliency
MIN_FUNCTION_MEMORY_MB = 2048
MAX_ENV_CONCURRENCY = 1600
DEFAULT_CONCURRENCY_PER_VCPU = {"nodejs": 64, "java": 32, "dotnet": 32, "python": 16}
SCALE_UP_DOUBLING_MINUTES = 5
SCALING_WARNING = (
    "LMI scales on CPU, asynchronously: traffic that more than doubles within 5 minutes may "
    "be throttled while instances are added"
)


class ManagedFleet(NamedTuple):
    """What a load needs on LMI."""

    concurrency: Decimal  # rps × duration_s
    environment_vcpus: Decimal
    environment_memory_gib: Decimal
    environment_max_concurrency: int
    environments: int
    environments_per_instance: int
    instances: int
    instance_hours_per_month: Decimal
    minimum_binds: bool  # the minimum instance count, not the load, sets the fleet


def _ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def environment_vcpus(memory_mb: int, memory_gib_per_vcpu: Decimal) -> Decimal:
    return Decimal(memory_mb) / MB_PER_GB / memory_gib_per_vcpu


def environment_max_concurrency(mi: ManagedInstances, env_vcpus: Decimal) -> int:
    """The given maximum, else the runtime's default per vCPU × the environment's vCPUs
    (at least 1, at most 1,600)."""
    if mi.per_environment_max_concurrency is not None:
        return mi.per_environment_max_concurrency
    per_vcpu = DEFAULT_CONCURRENCY_PER_VCPU.get(mi.runtime or "")
    if per_vcpu is None:
        raise InputError(
            "give per_environment_max_concurrency (1-1600) or a runtime "
            f"({', '.join(DEFAULT_CONCURRENCY_PER_VCPU)}) to derive the instances from the load"
        )
    return max(1, min(MAX_ENV_CONCURRENCY, _floor(per_vcpu * env_vcpus)))


def fleet(fn: FunctionWorkload, rps: Decimal) -> ManagedFleet:
    """The environments and instances `fn` needs on LMI at `rps` requests per second."""
    mi = fn.managed_instances
    assert mi is not None and mi.vcpus is not None and mi.memory_gib is not None
    env_vcpus = environment_vcpus(fn.memory_mb, mi.memory_gib_per_vcpu)
    env_gib = Decimal(fn.memory_mb) / MB_PER_GB
    per_env = environment_max_concurrency(mi, env_vcpus)
    concurrency = rps * fn.duration_ms / MS_PER_S
    usable = per_env * mi.target_utilisation_percent / HUNDRED
    environments = max(MIN_ENVIRONMENTS, _ceil(concurrency / usable))
    per_instance = min(_floor(mi.vcpus / env_vcpus), _floor(mi.memory_gib / env_gib))
    if per_instance < 1:
        raise InputError(
            f"an environment of {fn.memory_mb} MB and {env_vcpus.normalize()} "
            f"vCPU does not fit on {mi.instance_type} ({mi.vcpus} vCPU, "
            f"{mi.memory_gib.normalize()} GiB); choose a larger instance or less memory"
        )
    by_load = _ceil(Decimal(environments) / per_instance)
    instances = max(mi.minimum_instances, by_load)
    return ManagedFleet(
        concurrency,
        env_vcpus,
        env_gib,
        per_env,
        environments,
        per_instance,
        instances,
        instances * HOURS_PER_MONTH,
        by_load < mi.minimum_instances,
    )


def average_rps(fn: FunctionWorkload) -> Decimal:
    return fn.requests_per_month / S_PER_MONTH


def scaling_warning(from_rps: Decimal, to_rps: Decimal, minutes: Decimal) -> str | None:
    """The throttling warning when traffic more than doubles within 5 minutes."""
    if from_rps > 0 and to_rps > 2 * from_rps and minutes <= SCALE_UP_DOUBLING_MINUTES:
        return SCALING_WARNING
    return None
