"""The work of `lambdacalc compare-memory`, imported only when the command runs.

Parses the flags (or a scenario's function, or Power Tuning output), builds the pure
`lambdacalc.sizing` inputs, prices them from the price book, and hands the comparison to
`lambdacalc.render.sizing`. Every value the user types is parsed here into an InputError on
failure, so a bad value is one line on stderr and exit code 2.
"""

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from lambdacalc.cli.common import price_book, write
from lambdacalc.errors import InputError
from lambdacalc.limits import MAX_REQUESTS_PER_MONTH, MAX_THREADS
from lambdacalc.render.common import OutputFormat

if TYPE_CHECKING:
    from lambdacalc.prices import Architecture
    from lambdacalc.scenario import LoadedScenario
    from lambdacalc.sizing import Comparison, DurationModel, Point, Strategy
    from lambdacalc.sizing_advice import FunctionInputs
    from lambdacalc.workload import Account, FunctionWorkload

MAX_POWER_TUNING_BYTES = 5 * 1024 * 1024


class Context(NamedTuple):
    """What the report says about where its inputs came from."""

    region: str
    architecture: str
    requests_per_month: Decimal | None
    prices: str
    source: str  # "flags", "scenario api (file.yaml)", "power tuning (results.json)"


def run(
    *,
    scenario: str | None,
    function: str | None,
    duration: str | None,
    memory: str | None,
    cpu_bound: str | None,
    threads: str | None,
    measured: list[str] | None,
    power_tuning: str | None,
    sizes: str | None,
    sweep: bool,
    max_memory_used: str | None,
    headroom: str | None,
    strategy: str | None,
    balanced_weight: str | None,
    max_duration: str | None,
    region: str | None,
    architecture: str | None,
    requests_per_month: str | None,
    prices: Path | None,
    fmt: OutputFormat,
    svg: Path | None,
    html: Path | None,
    force: bool = False,
) -> None:
    """Parse the command's values, compare the sizes and write the report."""
    from lambdacalc import sizing
    from lambdacalc.sizing_advice import SizingHints, pricing_inputs

    # --- where the durations come from ---------------------------------------------------
    points: list[Point] = []
    current_mb = sizing.check_memory_mb(memory, "--memory") if memory is not None else None
    hints = SizingHints()
    requests: Decimal | None = None
    fn_info: FunctionInputs | None = None
    loaded: LoadedScenario | None = None
    index = 0
    scenario_region: str | None = None
    scenario_arch: str | None = None
    sources: list[str] = []

    if function is not None and scenario is None:
        raise InputError("--function needs a SCENARIO file before it")
    if scenario is not None:
        loaded, index = _from_scenario(scenario, function)
        from lambdacalc.sizing_advice import function_inputs

        fn_info = function_inputs(loaded, index)
        if duration is None or (memory is not None and fn_info.point.memory_mb != current_mb):
            points.append(fn_info.point)  # --duration at the scenario's size replaces it
        points.extend(fn_info.hints.measured)
        hints = fn_info.hints
        current_mb = current_mb if current_mb is not None else fn_info.point.memory_mb
        requests = fn_info.requests_per_month
        scenario_region, scenario_arch = fn_info.region, fn_info.architecture.value
        sources.append(f"function {fn_info.name} in {scenario}")
    if duration is not None:
        if current_mb is None:
            raise InputError("--duration needs --memory, the size it was measured at (e.g. 128)")
        duration_ms = _duration(duration, "--duration", bare_unit="s")
        points.append(sizing.Point(current_mb, duration_ms))
        sources.append(f"{current_mb} MB at {_plain(duration_ms)} ms")
    for text in measured or []:
        points.append(sizing.parse_measured(text))
    if measured:
        sources.append(f"{len(measured)} measured point(s)")
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

    # --- the model, the candidates, the floor ----------------------------------------------
    share = _decimal(cpu_bound, "--cpu-bound") if cpu_bound is not None else hints.cpu_bound
    thread_count = (
        _int(threads, "--threads", MAX_THREADS) if threads is not None else (hints.threads or 1)
    )
    model = sizing.DurationModel.build(points, cpu_bound=share, threads=thread_count)
    explicit = _sizes(sizes) if sizes is not None else None
    candidates = sizing.candidate_sizes(
        current_mb=current_mb,
        measured_mb=[p.memory_mb for p in model.points],
        explicit_mb=explicit,
        sweep=sweep,
    )
    used = (
        _decimal(max_memory_used, "--max-memory-used", unit="MB")
        if max_memory_used is not None
        else hints.max_memory_used_mb
    )
    floor = None
    if used is not None:
        room = _headroom(headroom) if headroom is not None else sizing.DEFAULT_HEADROOM
        floor = sizing.MemoryFloor(used, room)
    elif headroom is not None:
        raise InputError("--headroom needs --max-memory-used (the MB the function uses)")

    budget = _duration(max_duration, "--max-duration", bare_unit="s") if max_duration else None
    chosen = _strategy(strategy, budget is not None)
    weight = (
        _decimal(balanced_weight, "--balanced-weight")
        if balanced_weight is not None
        else sizing.DEFAULT_BALANCED_WEIGHT
    )

    # --- prices and workload: the function as `lambdacalc cost` prices it ------------------
    book = price_book(prices)
    region_code = region or scenario_region or "us-east-1"
    arch = _architecture(architecture or scenario_arch or "x86_64")
    if requests_per_month is not None:
        requests = _decimal(
            requests_per_month,
            "--requests-per-month",
            integral=True,
            maximum=MAX_REQUESTS_PER_MONTH,
        )
    base_mb = current_mb if current_mb is not None else model.points[0].memory_mb
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

        check_region(loaded, book, (index, fn))
    rates, workload = pricing_inputs(fn, account, book, model.predict(base_mb)[0])

    comparison = sizing.compare(
        model,
        candidates,
        rates,
        workload,
        strategy=chosen,
        balanced_weight=weight,
        max_duration_ms=budget,
        floor=floor,
        baseline_mb=current_mb,
    )
    if fn_info is not None and fn_info.functions_in_scenario > 1:
        others = fn_info.functions_in_scenario - 1
        alone = (
            f"Monthly prices {fn.name} alone; in `lambdacalc cost` it shares the free tier and "
            f"the volume tiers with the scenario's {others} other function"
            + ("s." if others > 1 else ".")
        )
        comparison = replace(comparison, notes=(*comparison.notes, alone))
    context = Context(region_code, arch.value, requests, book.describe(), "; ".join(sources))
    _emit(comparison, context, fmt, svg, html, force, [scenario, prices, power_tuning])


# --- inputs --------------------------------------------------------------------------------


def _billing(
    fn_info: "FunctionInputs | None", base_mb: int, model: "DurationModel"
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
        return loaded, 0
    if name not in names:
        raise InputError(f"{path} has no function '{name}'; its functions: {', '.join(names)}")
    return loaded, names.index(name)


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


def _duration(text: str, flag: str, bare_unit: str) -> Decimal:
    from lambdacalc.sizing import check_duration_ms
    from lambdacalc.units import parse_duration_ms

    try:
        value = parse_duration_ms(text, bare_unit=bare_unit)
    except ValueError as exc:
        raise InputError(f"{flag}: {exc}") from None
    return check_duration_ms(value, f"{flag} {text}")


def _decimal(
    text: str, flag: str, unit: str = "", integral: bool = False, maximum: int | None = None
) -> Decimal:
    cleaned = text.strip().replace("_", "").replace(",", "")
    if unit and cleaned.upper().endswith(unit.upper()):
        cleaned = cleaned[: -len(unit)].strip()
    from lambdacalc.structured import NumberError, to_decimal

    try:
        value = to_decimal(cleaned)
    except InvalidOperation:
        raise InputError(f"{flag} '{text}' is not a number") from None
    except NumberError as exc:
        raise InputError(f"{flag}: {exc}") from None
    if not value.is_finite() or value < 0:
        raise InputError(f"{flag} '{text}' must be a finite number, 0 or more")
    if integral and value != value.to_integral_value():
        raise InputError(f"{flag} '{text}' must be a whole number")
    if maximum is not None and value > maximum:
        raise InputError(
            f"{flag} {text} is above {maximum:,}, the most lambdacalc accepts; check the value"
        )
    return value


def _int(text: str, flag: str, maximum: int) -> int:
    value = _decimal(text, flag, integral=True, maximum=maximum)
    if value < 1:
        raise InputError(f"{flag} {text} must be from 1 to {maximum}")
    return int(value)


def _sizes(text: str) -> tuple[int, ...]:
    """--sizes, each item checked; an empty item (128,,256 or a trailing comma) is a typo
    to point out, not to skip."""
    from lambdacalc.sizing import parse_sizes

    items = [item.strip() for item in text.split(",")]
    if any(items) and not all(items):
        raise InputError(
            f"--sizes '{text}' has an empty item; list MB values separated by single commas, "
            "such as 128,512,1024"
        )
    return parse_sizes(text)


def _headroom(text: str) -> Decimal:
    stripped = text.strip()
    number = stripped[:-1] if stripped.endswith("%") else stripped
    try:
        value = _decimal(number, "--headroom")
    except InputError:
        raise InputError(f"--headroom '{text}' must be a share such as 20% or 0.2") from None
    if stripped.endswith("%"):
        if value > 100:
            raise InputError(f"--headroom {text} is above 100%; give e.g. 20%")
        return value / 100
    if value > 1:
        raise InputError(f"--headroom {text} is above 1; write 20% or 0.2 for twenty per cent")
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


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


# --- output --------------------------------------------------------------------------------


def _emit(
    comparison: "Comparison",
    context: Context,
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
    if fmt is OutputFormat.JSON:
        write(render.to_json(comparison, context))
    elif fmt is OutputFormat.CSV:
        write(render.to_csv(comparison, context))
    elif fmt is OutputFormat.MARKDOWN:
        write(render.to_markdown(comparison, context))
    else:
        render.print_table(comparison, context)
