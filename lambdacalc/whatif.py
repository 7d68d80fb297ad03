"""What-if variants of a workload: traffic profiles and the other architecture.

Each variant is a whole workload, priced by the one cost engine (`lambdacalc.cost.price`)
as an account of its own, so tiers and the free tier apply to each as they would. This
module only builds the variants. No I/O.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from lambdacalc.cost import Bill
from lambdacalc.prices import Architecture, PriceBook
from lambdacalc.workload import FunctionWorkload, Workload


class Variant(NamedTuple):
    label: str  # a column heading: a profile name, an architecture, or both
    profile: str | None
    multiplier: Decimal | None  # the profile's multiplier on request rates
    architecture: Architecture | None  # every function moved to it (Lambda@Edge excepted)
    workload: Workload


class PricedVariant(NamedTuple):
    variant: Variant
    bill: Bill


def scaled(workload: Workload, multiplier: Decimal) -> Workload:
    """The workload with every request rate × `multiplier`: monthly requests, the peak
    rate, and the requests given to provisioned concurrency. Durations, memory and
    provisioned environments stay as they are."""

    def one(fn: FunctionWorkload) -> FunctionWorkload:
        pc = fn.provisioned
        if pc is not None and pc.requests_per_month is not None:
            pc = pc._replace(requests_per_month=pc.requests_per_month * multiplier)
        peak = fn.peak_requests_per_second
        return fn._replace(
            requests_per_month=fn.requests_per_month * multiplier,
            peak_requests_per_second=None if peak is None else peak * multiplier,
            provisioned=pc,
        )

    return workload._replace(functions=tuple(one(f) for f in workload.functions))


def on_architecture(workload: Workload, architecture: Architecture) -> Workload:
    """Every function on `architecture`, with the same durations; Lambda@Edge functions
    stay on x86_64, the only architecture it runs, and a Lambda Managed Instances function on
    its instance type's."""
    return workload._replace(
        functions=tuple(
            f if f.edge or f.managed_instances else f._replace(architecture=architecture)
            for f in workload.functions
        )
    )


def variants(workload: Workload, by_profile: bool, by_architecture: bool) -> list[Variant]:
    """The columns of `cost --profiles` and/or `--compare-arch`, in the file's profile
    order and x86_64 before arm64; both flags give every profile on each architecture."""
    profiles: list[tuple[str | None, Decimal | None]] = (
        [(name, m) for name, m in workload.profiles] if by_profile else [(None, None)]
    )
    arches: list[Architecture | None] = list(Architecture) if by_architecture else [None]
    out = []
    for name, multiplier in profiles:
        base = workload if multiplier is None else scaled(workload, multiplier)
        for arch in arches:
            label = " ".join(
                x for x in (name, arch.value if arch is not None else None) if x is not None
            )
            w = base if arch is None else on_architecture(base, arch)
            out.append(Variant(label, name, multiplier, arch, w))
    return out


def priced_variants(
    workload: Workload, book: PriceBook, by_profile: bool, by_architecture: bool
) -> list[PricedVariant]:
    """Each of `variants`, priced by the billing engine: `cost --profiles`/`--compare-arch`'s
    report, one bill per column."""
    from lambdacalc.cost import price

    return [
        PricedVariant(v, price(v.workload, book))
        for v in variants(workload, by_profile, by_architecture)
    ]
