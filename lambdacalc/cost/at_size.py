"""A function at another memory size, as the engine prices it: the sizing sweep's one input."""

from __future__ import annotations

from decimal import Decimal

from lambdacalc.units import billed_duration_ms
from lambdacalc.workload import FunctionWorkload


def function_at(
    fn: FunctionWorkload,
    memory_mb: int,
    duration_ms: Decimal,
    current_duration_ms: Decimal | None = None,
) -> FunctionWorkload:
    """The function at another size, as the engine prices it: the memory and the model's
    duration there (for a mean of Billed Durations, at least 1 ms: see
    `units.billed_duration_ms`), and a stated provisioned duration scaled alike from
    `current_duration_ms` (default the function's own); everything else (traffic, INIT,
    storage) as it is."""
    if fn.duration_billed:
        duration_ms = billed_duration_ms(duration_ms, already_billed=True)
    pc = fn.provisioned
    if pc is not None and pc.duration_ms is not None:
        base = current_duration_ms if current_duration_ms is not None else fn.duration_ms
        pc = pc._replace(duration_ms=pc_duration_at(pc.duration_ms, base, duration_ms))
    return fn._replace(memory_mb=memory_mb, duration_ms=duration_ms, provisioned=pc)


def pc_duration_at(stated_ms: Decimal, base_ms: Decimal, duration_ms: Decimal) -> Decimal:
    """A stated PC-served duration, measured where the on-demand one is `base_ms`, at the size
    where the on-demand one is `duration_ms`: scaled alike."""
    return stated_ms if base_ms == duration_ms else stated_ms * duration_ms / base_ms
