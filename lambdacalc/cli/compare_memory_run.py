"""The work of `lambdacalc compare-memory`, imported only when the command runs.

Parses the flags (or a scenario's function, or Power Tuning output), builds the pure
`lambdacalc.sizing` inputs, prices them from the price book, and hands the comparison to
`lambdacalc.render.sizing`. Every value the user types is parsed here into an InputError on
failure, so a bad value is one line on stderr and exit code 2.
"""

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from lambdacalc.cli.common import emit, price_book
from lambdacalc.errors import InputError
from lambdacalc.render.common import OutputFormat, counted, digits, plain

if TYPE_CHECKING:
    from lambdacalc.cli.params import Measured, Sizes
    from lambdacalc.cost.rates import RateCard
    from lambdacalc.prices import Architecture, PriceBook
    from lambdacalc.scenario import LoadedScenario
    from lambdacalc.sizing import (
        Comparison,
        DurationModel,
        MemoryFloor,
        Point,
        Provenance,
        Strategy,
    )
    from lambdacalc.sizing_advice import SizingInputs
    from lambdacalc.workload import Account, FunctionWorkload, SizingHints

MAX_POWER_TUNING_BYTES = 5 * 1024 * 1024


def run(
    *,
    scenario: str | None,
    function: str | None,
    duration: Decimal | None,
    memory: int | None,
    cpu_bound: Decimal | None,
    threads: int | None,
    measured: "list[Measured] | None",
    power_tuning: str | None,
    sizes: "Sizes | None",
    sweep: bool,
    max_memory_used: Decimal | None,
    headroom: Decimal | None,
    strategy: str | None,
    balanced_weight: Decimal | None,
    max_duration: Decimal | None,
    region: str | None,
    architecture: str | None,
    requests_per_month: int | None,
    prices: Path | None,
    fmt: OutputFormat,
    svg: Path | None,
    html: Path | None,
    force: bool = False,
) -> None:
    """Compare the sizes and write the report. Unit-bearing values arrive parsed by
    lambdacalc.cli.params (durations in ms, sizes in MB, shares as fractions)."""
    from lambdacalc import sizing

    # --- where the durations come from ---------------------------------------------------
    got = _durations(scenario, function, duration, memory, measured, power_tuning)

    # --- the model, the candidates, the floor ----------------------------------------------
    model, candidates = _model(got, cpu_bound, threads, sizes, sweep)
    floor = _floor(max_memory_used, headroom, got.hints)
    budget = _budget(max_duration)
    chosen = _strategy(strategy, budget is not None)
    weight = balanced_weight if balanced_weight is not None else sizing.DEFAULT_BALANCED_WEIGHT

    # --- prices and workload: the function as `lambdacalc cost` prices it ------------------
    requests = Decimal(requests_per_month) if requests_per_month is not None else got.requests
    fn, card, region_code, book = _priced(got, model, prices, region, architecture, requests)

    comparison = sizing.compare(
        model,
        candidates,
        card,
        fn,
        strategy=chosen,
        balanced_weight=weight,
        max_duration_ms=budget,
        floor=floor,
        baseline_mb=got.current_mb,
    )
    comparison = _alone(comparison, got.fn_info, fn.name)
    context = sizing.Provenance(
        region_code, fn.architecture.value, requests, book.describe(), "; ".join(got.sources)
    )
    _emit(comparison, context, fmt, svg, html, force, [scenario, prices, power_tuning])


def _model(
    got: "_Durations",
    cpu_bound: Decimal | None,
    threads: int | None,
    sizes: "Sizes | None",
    sweep: bool,
) -> "tuple[DurationModel, tuple[int, ...]]":
    """The duration model (flags over the scenario's hints) and the sizes to compare."""
    from lambdacalc import sizing

    hints, current_mb = got.hints, got.current_mb
    share = cpu_bound if cpu_bound is not None else hints.cpu_bound
    thread_count = threads if threads is not None else (hints.threads or 1)
    model = sizing.DurationModel.build(got.points, cpu_bound=share, threads=thread_count)
    explicit = None if sizes is None else sizes.sizes_mb
    candidates = sizing.candidate_sizes(
        current_mb=current_mb,
        measured_mb=[p.memory_mb for p in model.points],
        explicit_mb=explicit,
        sweep=sweep,
    )
    return model, candidates


def _budget(max_duration: Decimal | None) -> Decimal | None:
    """--max-duration, checked as a duration Lambda can run."""
    from lambdacalc import sizing

    return (
        sizing.check_duration_ms(max_duration, f"--max-duration {digits(max_duration)} ms")
        if max_duration is not None
        else None
    )


# --- inputs --------------------------------------------------------------------------------


class _Durations(NamedTuple):
    """The measured durations and where they come from: flags, Power Tuning, a scenario."""

    points: "list[Point]"
    current_mb: int | None
    hints: "SizingHints"
    requests: Decimal | None  # the scenario function's requests a month
    fn_info: "SizingInputs | None"  # the scenario's function
    loaded: "LoadedScenario | None"
    function_index: int  # of that function in the scenario
    sources: list[str]


def _durations(
    scenario: str | None,
    function: str | None,
    duration: Decimal | None,
    memory: int | None,
    measured: "list[Measured] | None",
    power_tuning: str | None,
) -> _Durations:
    """The points to fit the duration model to, each source checked in turn."""
    from lambdacalc import sizing
    from lambdacalc.workload import SizingHints

    points: list[Point] = []
    current_mb = memory
    hints = SizingHints()
    requests: Decimal | None = None
    fn_info: SizingInputs | None = None
    loaded: LoadedScenario | None = None
    index = 0
    sources: list[str] = []

    if function is not None and scenario is None:
        raise InputError("--function needs a SCENARIO file before it")
    if scenario is not None:
        loaded, index = _from_scenario(scenario, function)
        from lambdacalc.sizing_advice import function_inputs

        fn_info = function_inputs(loaded.workload, index, loaded.source.display)
        if duration is None or (memory is not None and fn_info.point.memory_mb != current_mb):
            points.append(fn_info.point)  # --duration at the scenario's size replaces it
        points.extend(fn_info.measured)
        hints = fn_info.hints
        current_mb = current_mb if current_mb is not None else fn_info.point.memory_mb
        requests = fn_info.requests_per_month
        sources.append(f"function {fn_info.name} in {scenario}")
    if duration is not None:
        if current_mb is None:
            raise InputError("--duration needs --memory, the size it was measured at (e.g. 128)")
        duration_ms = sizing.check_duration_ms(duration, f"--duration {digits(duration)} ms")
        points.append(sizing.Point(current_mb, duration_ms))
        sources.append(f"{current_mb:,} MB at {plain(duration_ms)} ms")
    for mb, ms in measured or []:
        points.append(sizing.Point(mb, ms))
    if measured:
        sources.append(counted(len(measured), "measured point"))
    if power_tuning is not None:
        from lambdacalc.powertuning import parse_power_tuning

        origin, text = _read_power_tuning(power_tuning)
        tuned = parse_power_tuning(text, origin)
        points.extend(tuned.points())
        sources.append(f"Power Tuning {tuned.source.value} ({origin})")
    if not points:
        raise InputError(
            "nothing to size: give --duration with --memory, --measured MB=DURATION, "
            "--power-tuning FILE, or a SCENARIO"
        )
    return _Durations(points, current_mb, hints, requests, fn_info, loaded, index, sources)


def _floor(
    max_memory_used: Decimal | None, headroom: Decimal | None, hints: "SizingHints"
) -> "MemoryFloor | None":
    """The memory floor: the MB the function uses (flag or scenario) plus headroom."""
    from lambdacalc import sizing

    used = max_memory_used if max_memory_used is not None else hints.max_memory_used_mb
    if used is not None:
        room = _headroom(headroom) if headroom is not None else sizing.DEFAULT_HEADROOM
        return sizing.MemoryFloor(used, room)
    if headroom is not None:
        raise InputError("--headroom needs --max-memory-used (the MB the function uses)")
    return None


def _priced(
    got: _Durations,
    model: "DurationModel",
    prices: Path | None,
    region: str | None,
    architecture: str | None,
    requests: Decimal | None,
) -> "tuple[FunctionWorkload, RateCard, str, PriceBook]":
    """The function as `lambdacalc cost` prices it at the current size, its rate card, the
    region priced in, and the book (the region's: a China region is priced in CNY)."""
    from lambdacalc.cost.rates import rate_card

    fn_info, loaded = got.fn_info, got.loaded
    scenario_region = fn_info.region if fn_info is not None else None
    scenario_arch = fn_info.architecture.value if fn_info is not None else None
    region_code = region or scenario_region or "us-east-1"
    book = price_book(prices, region_code)
    arch = _architecture(architecture or scenario_arch or "x86_64")
    base_mb = got.current_mb if got.current_mb is not None else model.points[0].memory_mb
    fn, account = _billing(fn_info, base_mb, model)
    if fn.edge and architecture is not None and arch.value != "x86_64":
        raise InputError(
            f"--architecture {architecture}: function {fn.name} is Lambda@Edge, which runs on "
            f"x86_64 only; leave --architecture out"
        )
    fn = fn._replace(
        architecture=arch, requests_per_month=requests if requests is not None else Decimal(0)
    )
    account = account._replace(region=region_code)
    if loaded is not None and region_code == loaded.workload.account.region:
        # a price the book lacks is located in the file, as `lambdacalc cost` does (a
        # --region of the user's own is not in the file: the plain error names it)
        from lambdacalc.scenario import check_region

        check_region(loaded, book, (got.function_index, fn))
    fn = fn._replace(duration_ms=model.predict(base_mb)[0])  # the current duration
    return fn, rate_card(fn, account, book), region_code, book


def _alone(comparison: "Comparison", fn_info: "SizingInputs | None", name: str) -> "Comparison":
    """For one function of several in a scenario: a note that it is priced alone."""
    if fn_info is None or fn_info.functions_in_scenario <= 1:
        return comparison
    others = fn_info.functions_in_scenario - 1
    alone = (
        f"Monthly prices {name} alone; in `lambdacalc cost` it shares the free tier and "
        f"the volume tiers with the scenario's {others} other function"
        + ("s." if others > 1 else ".")
    )
    return comparison._replace(notes=(*comparison.notes, alone))


def _billing(
    fn_info: "SizingInputs | None", base_mb: int, model: "DurationModel"
) -> "tuple[FunctionWorkload, Account]":
    """The scenario's function and account, or for flags alone a plain function at the
    current size (traffic, region and architecture are set from the flags afterwards)."""
    if fn_info is not None:
        return fn_info.billing()
    from lambdacalc.workload import Account, FunctionWorkload

    return FunctionWorkload("function", base_mb, model.predict(base_mb)[0], Decimal(0)), Account()


def _from_scenario(path: str, name: str | None) -> "tuple[LoadedScenario, int]":
    """The loaded scenario and the index of the function to size."""
    from lambdacalc.scenario import load

    loaded = load(path)
    names = [f.name for f in loaded.workload.functions]
    if name is None:
        if len(names) != 1:
            raise InputError(
                f"{path} has {len(names)} functions; choose one with --function "
                f"({', '.join(names)})"
            )
        return _not_managed(loaded, 0, path)
    if name not in names:
        raise InputError(f"{path} has no function '{name}'; its functions: {', '.join(names)}")
    return _not_managed(loaded, names.index(name), path)


def _not_managed(loaded: "LoadedScenario", index: int, path: str) -> "tuple[LoadedScenario, int]":
    """A function on Lambda Managed Instances is billed by its instances, not its memory."""
    fn = loaded.workload.functions[index]
    if fn.managed_instances is not None:
        raise InputError(
            f"{path}: function '{fn.name}' runs on Lambda Managed Instances, where memory does "
            "not set the price (the instances do); size its fleet with `lambdacalc concurrency "
            "--managed-instance`, or compare it with on-demand in `lambdacalc cost`"
        )
    return loaded, index


def _is_file(value: str) -> bool:
    """Whether `value` names something on disk; a fragment too long to be a file name is not."""
    try:
        return Path(value).exists()
    except (OSError, ValueError):
        return False


def _read_power_tuning(value: str) -> tuple[str, str]:
    """(origin, text): a URL or fragment is the text itself; `-` is stdin; else a file."""
    stripped = value.strip()
    if stripped.startswith(("http://", "https://")) or ("#" in stripped and not _is_file(value)):
        return "--power-tuning URL", stripped
    from lambdacalc.input_files import read_text

    return read_text(value, "Power Tuning output", InputError, MAX_POWER_TUNING_BYTES)


def _headroom(value: Decimal) -> Decimal:
    """--headroom as a fraction (params.share read 20% as 0.2): 0 to 1."""
    if not 0 <= value <= 1:
        raise InputError(
            f"--headroom {digits(value * 100)}% is outside 0% to 100%; give e.g. 20% or 0.2"
        )
    return value


def _strategy(text: str | None, has_budget: bool) -> "Strategy":
    from lambdacalc.sizing import Strategy

    if text is None:
        return Strategy.MAX_DURATION if has_budget else Strategy.COST
    try:
        return Strategy(text.strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in Strategy)
        raise InputError(f"--strategy '{text}' is not one of {choices}") from None


def _architecture(text: str) -> "Architecture":
    from lambdacalc.prices import Architecture

    aliases = {"x86": "x86_64", "x86-64": "x86_64", "amd64": "x86_64", "arm": "arm64"}
    value = text.strip().lower()
    try:
        return Architecture(aliases.get(value, value))
    except ValueError:
        raise InputError(f"--architecture '{text}' is not x86_64 or arm64") from None


# --- output --------------------------------------------------------------------------------


def _emit(
    comparison: "Comparison",
    context: "Provenance",
    fmt: OutputFormat,
    svg: Path | None,
    html: Path | None,
    force: bool,
    inputs: list[str | Path | None],
) -> None:
    from lambdacalc.output_files import check_outputs, write_outputs
    from lambdacalc.render import sizing as render

    # files first, all checked before any is written: a path that cannot be written fails
    # before anything reaches stdout
    outputs = [("--svg", svg), ("--html", html)]
    check_outputs(outputs, force, inputs)
    write_outputs(
        [
            (path, render.export(comparison, context, kind))
            for path, kind in ((svg, render.ExportKind.SVG), (html, render.ExportKind.HTML))
            if path is not None
        ]
    )
    emit(render.ComparisonReport(comparison, context), fmt)
