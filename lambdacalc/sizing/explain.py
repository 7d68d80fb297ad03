"""Memory sizing in words: why a size is recommended, its bounds, and how it was priced."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from lambdacalc.cost.rates import RateCard
from lambdacalc.cost.rules import (
    has_init,
    plan_commitment_usd,
    requests_per_invocation,
    snapstart_charged,
    streamed_gb,
)
from lambdacalc.cost.sweep import ranks_by_month
from lambdacalc.currency import symbol
from lambdacalc.sizing.model import (
    MemoryFloor,
    Recommendation,
    RecommendationBasis,
    SizeOption,
    Strategy,
    same_cost,
    same_duration,
)
from lambdacalc.units import ONE
from lambdacalc.workload import FunctionWorkload


def compares_months(card: RateCard, fn: FunctionWorkload) -> bool:
    """Whether the cost strategies compare monthly costs rather than costs per invocation: with
    charges that grow with memory beyond the calls (`lambdacalc.cost.sweep.ranks_by_month`),
    and with a Savings Plan commitment, which is paid whatever the usage, so that a size
    cheaper per call can cost the same a month."""
    plan = card.savings_plan
    committed = plan is not None and plan.commitment_usd_per_hour is not None
    return ranks_by_month(fn) or (committed and not card.edge)


def _versus(option: SizeOption, baseline: SizeOption, by_month: bool) -> str:
    """'2.0× faster and the same cost per invocation as 512 MB' ('a month' when monthly costs
    were compared and the current size costs something a month)."""
    monthly = by_month and baseline.monthly_usd > 0
    cost = cost_phrase(option, baseline, monthly)
    than = "as" if cost == "the same cost" else "than"  # "the same cost as", "4% cheaper than"
    return (
        f"{speed_phrase(option, baseline)} and {cost} {'a month' if monthly else 'per invocation'} "
        f"{than} {baseline.memory_mb} MB"
    )


def _bound_phrase(pick: SizeOption | None, baseline: SizeOption, by_month: bool) -> str:
    if pick is None:
        return "no size qualifies"
    if pick.memory_mb == baseline.memory_mb:
        return f"{pick.memory_mb} MB, the current size"
    return f"{pick.memory_mb} MB ({_versus(pick, baseline, by_month)})"


def _assumed_recommendation(
    baseline: SizeOption,
    if_cpu: SizeOption | None,
    if_io: SizeOption | None,
    by_month: bool,
    nothing: str,
) -> Recommendation:
    """One measured size and no CPU-bound share: keep the current size (or, when it is below the
    memory floor, take the least memory that fits, which needs no CPU speed-up), give the picks
    if CPU-bound and if I/O-bound as bounds, and say what to measure to choose between them."""
    unknown = "one measured size does not show how the duration changes with memory"
    cpu = _bound_phrase(if_cpu, baseline, by_month)
    io = _bound_phrase(if_io, baseline, by_month)
    bounds = (
        f"if the duration scales with CPU (cpu_bound 1): {cpu}; if it does not (cpu_bound 0): {io}"
    )
    if baseline.eligible:
        option: SizeOption | None = baseline
        reason = f"{baseline.memory_mb} MB: the current size is kept, since {unknown}; {bounds}"
    elif if_io is not None:
        option = if_io
        reason = (
            f"{if_io.memory_mb} MB: the least memory allowed, since {baseline.memory_mb} MB is "
            f"{baseline.excluded_reason} and {unknown}; {bounds}"
        )
    elif if_cpu is None:
        option = None
        reason = nothing  # whatever the CPU share: the floor or the budget rules all out
    else:
        option = None
        only = _bound_phrase(if_cpu, baseline, by_month)
        reason = (
            f"none: {baseline.memory_mb} MB is {baseline.excluded_reason}, and only if the "
            f"duration scales with CPU does a size qualify: {only}"
        )
    sizes = sorted({o.memory_mb for o in (if_cpu, if_io) if o is not None} - {baseline.memory_mb})
    if if_cpu is None and if_io is None:
        to_measure = ""  # nothing qualifies whatever the CPU share: measuring will not help
    elif not sizes:
        to_measure = (
            f"Both bounds keep {baseline.memory_mb} MB, so the advice does not hang on how "
            f"CPU-bound the function is."
        )
    else:
        at = " and ".join(f"{m} MB" for m in sizes)
        to_measure = (
            f"To decide, measure the average duration at {at} (or run AWS Lambda Power "
            f"Tuning) and give the durations with --measured MB=DURATION or --power-tuning "
            f"FILE (in a scenario, sizing.measured_durations_ms); or state --cpu-bound if you "
            f"know it."
        )
    return Recommendation(
        option,
        reason,
        RecommendationBasis.ASSUMED,
        if_cpu_bound=if_cpu,
        if_io_bound=if_io,
        to_measure=to_measure,
    )


def _over_commitment(
    card: RateCard,
    over_committed: Sequence[int],
    options: Sequence[SizeOption],
    baseline: SizeOption,
) -> tuple[str, ...]:
    """A warning where a Savings Plan commitment is more than the eligible usage at a size: the
    rest of the commitment is paid for nothing, and those sizes' months tie."""
    plan = card.savings_plan
    if not over_committed or plan is None or plan.commitment_usd_per_hour is None:
        return ()
    monthly = plan_commitment_usd(plan.commitment_usd_per_hour)
    if len(over_committed) == len(options):
        where = "every size compared"
    else:
        where = (
            f"{len(over_committed)} of the {len(options)} sizes compared "
            f"({over_committed[0]}–{over_committed[-1]} MB"
            + (", the current size among them)" if baseline.memory_mb in over_committed else ")")
        )
    return (
        f"The Savings Plan commitment ({symbol()}{_num(plan.commitment_usd_per_hour)}/h = "
        f"{symbol()}{monthly.quantize(Decimal('0.01')):,f} a month) is more than the eligible "
        f"usage at "
        f"{where}: the excess is paid for nothing, so those sizes cost the same a month; "
        f"`lambdacalc cost` gives the commitment that minimises the bill",
    )


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def pricing_notes(card: RateCard, fn: FunctionWorkload) -> tuple[str, ...]:
    """One sentence for each way the workload is priced beyond requests and duration, so that
    nothing is priced differently from `lambdacalc cost` without the report saying how."""
    notes: list[str] = []
    pc = fn.provisioned
    snapstart = snapstart_charged(fn)
    if fn.requests_per_month or pc is not None or snapstart:
        notes.append(_monthly_note(card))
    if card.edge:
        notes.append(
            "Lambda@Edge: its own request and GB-s prices, billed per 1 ms like Lambda, "
            "without the Savings Plan."
        )
    if fn.duration_billed:
        notes.append(
            "duration_billed: the duration is a mean of Billed Durations, so it is billed as "
            "it is, not rounded up to whole ms again; the model's mean at other sizes too "
            "(but at least 1 ms, the least an invocation is billed)."
        )
    if card.unpriced:
        notes.append(
            f"The price book has no {' or '.join(card.unpriced)} price here; the month needs "
            f"none, and the cost per invocation leaves it out."
        )
    k = requests_per_invocation(fn)
    if k > 1:
        notes.append(
            f"Each invocation's async event bills {k} requests (1 for its first 256 KB, 1 more "
            f"per 64 KB or part), in the cost per invocation too."
        )
    if pc is not None:
        pc_note = (
            f"Provisioned concurrency ({pc.environments} × {_num(pc.hours_per_month)} h) is "
            f"charged by memory at each size"
        )
        if pc.duration_ms is not None:
            pc_note += "; its stated duration scales with the model"
        notes.append(pc_note + ".")
    if snapstart:
        notes.append("SnapStart's cache and restores are charged by memory at each size.")
    if has_init(fn):
        notes.append(
            f"INIT ({_num(fn.cold_start_percent)}% cold starts × "
            f"{_num(fn.init_duration_ms)} ms) is taken as the same at every size and "
            f"billed by memory."
        )
    if ranks_by_month(fn):
        notes.append(
            "These charges grow with memory whatever the cost per invocation, so the cost "
            "strategies compare monthly costs."
        )
    elif compares_months(card, fn):
        notes.append(
            "The Savings Plan commitment is paid whatever the usage, so the cost strategies "
            "compare monthly costs."
        )
    if streamed_gb(fn):
        notes.append(
            "Response streaming (beyond 6 MB per response) is in the monthly cost; memory does "
            "not change it."
        )
    if card.savings_plan is not None:
        notes.append(_savings_plan_note(card))
    return tuple(notes)


def _monthly_note(card: RateCard) -> str:
    """How the monthly column is priced: the function's own bill, tiers and free tier."""
    if card.edge:
        how = "at Lambda@Edge prices: one flat rate per GB-s, no volume tiers, no free tier"
    elif card.free_gb_s or card.free_requests:
        how = (
            "less the free tier (1M requests, 400,000 GB-s; those GB-s are the month's "
            "first, so they are credited at the first tier's rate), through its own "
            "volume tiers"
        )
    else:
        how = "without the free tier, through its own volume tiers"
    return (
        f"Monthly is the bill `lambdacalc cost` makes for this function alone at each size, {how}."
    )


def _savings_plan_note(card: RateCard) -> str:
    plan = card.savings_plan
    assert plan is not None
    terms = f"{_num(plan.percent)}% off"
    if plan.commitment_usd_per_hour is not None:
        terms += f", {symbol()}{_num(plan.commitment_usd_per_hour)}/h committed"
    covered = "the cost per invocation is at on-demand rates"
    if card.edge:
        covered = "Lambda@Edge is not covered" + (
            ", but the commitment is paid" if plan.commitment_usd_per_hour else ""
        )
    return f"The Savings Plan ({terms}) is in the monthly cost; {covered}."


_STRATEGY_PHRASE = {
    Strategy.COST: "the cheapest per invocation",
    Strategy.SPEED: "the fastest",
    Strategy.BALANCED: "the best balance of cost and speed",
    Strategy.MAX_DURATION: "the cheapest within the duration budget",
}


_STRATEGY_PHRASE_BY_MONTH = {
    **_STRATEGY_PHRASE,
    Strategy.COST: "the cheapest a month",
    Strategy.MAX_DURATION: "the cheapest a month within the duration budget",
}


def strategy_phrase(strategy: Strategy, by_month: bool = False) -> str:
    return (_STRATEGY_PHRASE_BY_MONTH if by_month else _STRATEGY_PHRASE)[strategy]


def speed_phrase(option: SizeOption, baseline: SizeOption) -> str:
    """'8.3× faster', '4% slower', 'as fast' (the same to the microsecond, as ranked)."""
    if same_duration(option.duration_ms) == same_duration(baseline.duration_ms):
        return "as fast"
    if option.duration_ms < baseline.duration_ms:
        ratio = baseline.duration_ms / option.duration_ms
        if ratio >= Decimal("1.1"):
            return f"{ratio.quantize(Decimal('0.1'))}× faster"
        return f"{_pct(ONE - option.duration_ms / baseline.duration_ms)} faster"
    ratio = option.duration_ms / baseline.duration_ms
    if ratio >= Decimal("1.1"):
        return f"{ratio.quantize(Decimal('0.1'))}× slower"
    return f"{_pct(ratio - ONE)} slower"


def cost_phrase(option: SizeOption, baseline: SizeOption, by_month: bool = False) -> str:
    """'4% cheaper', '2.1× dearer', 'the same cost' (equal to 20 digits, as ranked)."""
    if by_month:
        new, old = option.monthly_usd, baseline.monthly_usd
    else:
        new, old = option.cost_per_invocation_usd, baseline.cost_per_invocation_usd
    if same_cost(new) == same_cost(old):
        return "the same cost"
    if new < old:
        return f"{_pct(ONE - new / old)} cheaper"
    ratio = new / old
    if ratio >= 2:
        return f"{ratio.quantize(Decimal('0.1'))}× dearer"
    return f"{_pct(ratio - ONE)} dearer"


def _pct(share: Decimal) -> str:
    pct = share * 100
    if pct < 1:
        return f"{pct.quantize(Decimal('0.1'))}%"
    return f"{pct.quantize(ONE)}%"


def reason_sentence(
    option: SizeOption, baseline: SizeOption, strategy: Strategy, *, by_month: bool = False
) -> str:
    """'1024 MB: 8.3× faster and 4% cheaper per invocation than 128 MB' (or 'a month', when
    monthly costs were compared and the current size costs something a month)."""
    if option.memory_mb == baseline.memory_mb:
        return (
            f"{option.memory_mb} MB: the current size is already "
            f"{strategy_phrase(strategy, by_month)} of the sizes compared"
        )
    sentence = f"{option.memory_mb} MB: {_versus(option, baseline, by_month)}"
    if not baseline.eligible:
        sentence += f", which is {baseline.excluded_reason}"
    return sentence


def _nothing_qualifies(
    options: Sequence[SizeOption], floor: MemoryFloor | None, max_duration_ms: Decimal | None
) -> str:
    if floor is not None and all(o.memory_mb < floor.floor_mb for o in options):
        return (
            f"no size compared reaches the memory floor ({floor.describe()}); "
            f"compare larger sizes or lower the headroom"
        )
    allowed = [o for o in options if floor is None or o.memory_mb >= floor.floor_mb]
    fastest = min(allowed, key=lambda o: (o.duration_ms, o.memory_mb))
    budget = f"{max_duration_ms.normalize():f}" if max_duration_ms is not None else "?"
    return (
        f"no size meets the {budget} ms budget; the fastest allowed, {fastest.memory_mb} MB, "
        f"takes {fastest.duration_ms.normalize():f} ms"
    )
