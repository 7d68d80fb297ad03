"""What every command shares: the output-format and price-book options, writing results,
and the single place where a LambdacalcError becomes `Error: …` on stderr and exit code 2.
"""

import contextvars
import decimal
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, assert_never

from lambdacalc.cli.declare import option
from lambdacalc.errors import ExitCode, LambdacalcError, name_fields
from lambdacalc.render.common import OutputFormat

if TYPE_CHECKING:
    from lambdacalc.prices import PriceBook
    from lambdacalc.render.report import Report

F = TypeVar("F", bound=Callable[..., Any])

FormatOption = Annotated[
    OutputFormat,
    option(
        "--format",
        "-f",
        case_sensitive=False,
        # One word: the choice list as metavar is 25 columns wide and made rich's help
        # table cut the option names at 80 columns; the help text lists the choices.
        metavar="FORMAT",
        help="Output format: table (for people), json, csv or markdown.",
    ),
]

AroundPricesOption = Annotated[
    Path | None,
    option(
        "--around-prices",
        metavar="FILE",
        help="Around-Lambda price book (logs, API Gateway, SQS, data transfer, NAT, X-Ray) "
        "instead of the bundled pricing/around-lambda.json (see docs/around-lambda.md).",
    ),
]
PricesOption = Annotated[
    Path | None,
    option(
        "--prices",
        metavar="FILE",
        help="Price book to use instead of the bundled one (JSON or YAML; see pricing/FORMAT.md).",
    ),
]


# The flag that sets each input field the core names in its errors (`errors.field`): the core
# says `reserved_concurrency`, the user reads `--reserved`.
FLAG_OF_FIELD = {
    "account_limit": "--limit",
    "balanced_weight": "--balanced-weight",
    "cold_start_percent": "--cold-start-percent",
    "cpu_bound": "--cpu-bound",
    "duration_ms": "--duration",
    "duration_s": "--duration",
    "emit_scenario": "--emit-scenario",
    "fail_above": "--fail-above",
    "headroom": "--headroom",
    "init_duration_s": "--init-duration",
    "kinesis_shards": "--kinesis-shards",
    "max_duration_ms": "--max-duration",
    "max_memory_used_mb": "--max-memory-used",
    "measured": "--measured",
    "memory_mb": "--memory",
    "other_usage_concurrency": "--other-usage",
    "parallelization_factor": "--parallelization-factor",
    "pc_target_utilization": "--pc-target-utilization",
    "peak_rps": "--peak-rps",
    "provisioned_concurrency": "--provisioned",
    "requests_per_month": "--requests-per-month",
    "reserved_concurrency": "--reserved",
    "rps": "--rps",
    "sizes_mb": "--sizes",
    "sqs": "--sqs",
    "sqs_max_concurrency": "--sqs-max-concurrency",
    "sqs_provisioned_pollers": "--sqs-provisioned-pollers",
    "strategy": "--strategy",
    "sweep": "--sweep",
    "threads": "--threads",
    "throttle_target": "--throttle-target",
    "window_s": "--window",
}


def in_flags(text: str) -> str:
    """A message of the core's (an error, a warning) with each input field it names shown
    as the flag that sets it. A scenario's keys are the fields' own names: there the same
    text reads `errors.name_fields(text)`."""
    return name_fields(text, FLAG_OF_FIELD)


NUMBER_OUT_OF_RANGE = (
    "a number is out of the range lambdacalc can work with ({kind}); check the values "
    "given for a typo such as 1e400 or a value far beyond any real workload"
)


def handle_errors(fn: F) -> F:
    """Turn the user's mistakes into one line on stderr and exit code 2; never a traceback.

    Inputs are bounded where they are read, so arithmetic should never fail; if an absurd
    value still gets through, its symptom (decimal Overflow or InvalidOperation, float
    OverflowError: a number too large to compute with) is reported the same way, not as a
    crash. A division by zero is not a matter of size but a bug: exit 1 with its traceback.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from lambdacalc.input_files import release_stdin

        release_stdin()  # each command run reads standard input at most once
        try:
            # in a context of its own: the currency it sets (price_book) ends with it
            return contextvars.copy_context().run(fn, *args, **kwargs)
        except LambdacalcError as exc:
            for message in exc.said(FLAG_OF_FIELD):
                error_line(message)
            raise SystemExit(ExitCode.BAD_INPUT) from None
        except (decimal.Overflow, decimal.InvalidOperation, OverflowError) as exc:
            kind = type(exc).__name__
            error_line(NUMBER_OUT_OF_RANGE.format(kind=kind))
            raise SystemExit(ExitCode.BAD_INPUT) from None

    return wrapper  # type: ignore[return-value]


def price_book(path: Path | None, region: str | None = None) -> "PriceBook":
    """The book the command prices with (the user's, or the bundled one for `region`: the
    China regions have a CNY book); the command's money is in its currency from here on."""
    from lambdacalc.currency import use
    from lambdacalc.pricing_files import load_price_book

    book = load_price_book(path, region)
    use(book.currency)
    return book


def write(text: str) -> None:
    from lambdacalc.printable import json_safe

    sys.stdout.write(json_safe(text))  # other formats escaped their text already
    sys.stdout.flush()


def error_line(message: str) -> None:
    """One `Error:` line on stderr; user text in it cannot break the line or the terminal."""
    from lambdacalc.printable import printable

    sys.stderr.write(f"Error: {printable(message)}\n")


def info(message: str) -> None:
    """A line for the user on stderr (what was written, advice), made printable."""
    from lambdacalc.printable import printable

    sys.stderr.write(f"{printable(message)}\n")


def warn(message: str) -> None:
    from lambdacalc.printable import printable

    sys.stderr.write(f"Warning: {printable(message)}\n")


def emit(report: "Report", fmt: OutputFormat) -> None:
    """Write `report` to stdout in the format asked for: the one place formats are told apart."""
    from lambdacalc.currency import USD, csv_in, current, json_in

    currency = current()  # the book's: a CNY book's money keys say cny, never usd
    match fmt:
        case OutputFormat.JSON if currency != USD:
            import io

            buffer = io.StringIO()
            report.write_json(buffer)
            sys.stdout.write(json_in(buffer.getvalue(), currency))
            sys.stdout.flush()
        case OutputFormat.JSON:
            report.write_json(sys.stdout)
            sys.stdout.flush()
        case OutputFormat.CSV:
            write(csv_in(report.csv(), currency))
            for w in report.csv_warnings():
                warn(w)
        case OutputFormat.MARKDOWN:
            from lambdacalc.render.common import to_markdown

            write(to_markdown(report.doc(markdown=True)))
        case OutputFormat.TABLE:
            from lambdacalc.render.common import make_console, print_rich

            console = make_console()
            print_rich(report.doc(width=console.width), console)
        case _:
            assert_never(fmt)
