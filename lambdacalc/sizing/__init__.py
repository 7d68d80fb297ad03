"""Memory right-sizing: predict duration and cost at each memory size, and pick one.

Pure core: no I/O, no printing, nothing from typer, rich, yaml or pydantic.

The duration model
------------------
Lambda gives a function CPU in proportion to its memory: at 1,769 MB it has one vCPU's worth,
and at 10,240 MB about 5.8 (AWS allocates 6 cores there). A function's duration is split in two:

* a CPU-bound share ``cpu_bound`` (0..1) that runs faster with more CPU, and
* the rest (waiting on the network, disks, other services), which memory does not change.

The CPU a function can use at ``memory_mb`` is ``min(memory_mb / 1769, threads)`` vCPUs: a
single-threaded function (``threads=1``) stops gaining at 1,769 MB; one with N threads keeps
gaining until N vCPUs, and with 6 or more threads all the way to 10,240 MB. From one measured
point (``m0``, ``d0``)::

    d(m) = d0 * ((1 - cpu_bound) + cpu_bound * usable(m0) / usable(m))
    usable(m) = min(m, 1769 * threads)          (in MB of CPU share; the 1/1769 cancels)

so predicted duration never rises with memory, and with ``cpu_bound = 0`` it is flat (only the
price per millisecond grows).

With several measured points, a size between two of them is interpolated along
``d = a + b/m`` through both neighbours (the shape a CPU-bound function has); a size beyond
them is extrapolated from the nearest point with the model fitted to all points (least squares
of ``d = io_ms + cpu_ms_mb / usable(m)``, both terms kept non-negative), and marked
``Basis.EXTRAPOLATED``. A stated ``cpu_bound`` overrides the fitted share.

What a recommendation rests on (`RecommendationBasis`): two or more measured sizes pick only a
measured or interpolated size (a better extrapolated one is "worth measuring"); one size and a
stated ``cpu_bound`` pick from the model; one size and nothing else keep the current size and
give the picks at ``cpu_bound`` 1 and 0 as bounds. Ties in cost go by `_tie_rule`.

Predicted durations are kept to the microsecond (at least 1 µs: a duration is never 0); billing
rounds them up to whole milliseconds. A duration that is already a mean of Billed Durations
(`FunctionWorkload.duration_billed`) is not rounded up again, at any size (see `billed_ms`), so its
predictions keep every digit.

Costs
-----
Sizing prices with the billing engine's own rules: the function workload
(`lambdacalc.workload.FunctionWorkload`, its own duration the current one) and its rate card
(`lambdacalc.cost.rates.RateCard`), through `lambdacalc.cost.sweep`'s closed form. The cost of
one invocation is ``requests billed * request_usd + billed GB-s * first-tier rate`` (+ ephemeral
storage above the free 512 MB): the on-demand list price, before the free tier, the volume
tiers and any Savings Plan. The monthly cost is the function's bill as `lambdacalc.cost.price`
makes it for a one-function account; tests/test_sweep_equivalence.py runs the same tests on
both.

The package's modules: `model` (input checks and the duration model), `options` (candidate
sizes, the memory floor and the comparison's records), `compare` (costing and ranking,
`compare`) and `explain` (reasons and notes in words).
"""

from lambdacalc.sizing.compare import (
    compare,
    cost_options,
    rank,
)
from lambdacalc.sizing.explain import (
    compares_months,
    cost_phrase,
    pricing_notes,
    reason_sentence,
    speed_phrase,
    strategy_phrase,
)
from lambdacalc.sizing.model import (
    DEFAULT_BALANCED_WEIGHT,
    DEFAULT_CPU_BOUND,
    DEFAULT_HEADROOM,
    MAX_MEMORY_MB,
    MIN_MEMORY_MB,
    ONE_VCPU_MB,
    POWER_TUNING_DEFAULT_SIZES_MB,
    SWEEP_SIZES_MB,
    Basis,
    CpuBoundSource,
    DurationModel,
    Point,
    RecommendationBasis,
    Strategy,
    check_duration_ms,
    check_fraction,
    check_memory_mb,
)
from lambdacalc.sizing.options import (
    Comparison,
    MemoryFloor,
    Provenance,
    Recommendation,
    SizeOption,
    candidate_sizes,
)

__all__ = [
    "DEFAULT_BALANCED_WEIGHT",
    "DEFAULT_CPU_BOUND",
    "DEFAULT_HEADROOM",
    "MAX_MEMORY_MB",
    "MIN_MEMORY_MB",
    "ONE_VCPU_MB",
    "POWER_TUNING_DEFAULT_SIZES_MB",
    "SWEEP_SIZES_MB",
    "Basis",
    "Comparison",
    "CpuBoundSource",
    "DurationModel",
    "MemoryFloor",
    "Point",
    "Provenance",
    "Recommendation",
    "RecommendationBasis",
    "SizeOption",
    "Strategy",
    "candidate_sizes",
    "check_duration_ms",
    "check_fraction",
    "check_memory_mb",
    "compare",
    "compares_months",
    "cost_options",
    "cost_phrase",
    "pricing_notes",
    "rank",
    "reason_sentence",
    "speed_phrase",
    "strategy_phrase",
]
