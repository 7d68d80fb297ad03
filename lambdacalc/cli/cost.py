"""`lambdacalc cost SCENARIO`: the monthly bill of a scenario file."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from lambdacalc.cli.common import (
    FormatOption,
    PricesOption,
    emit_doc,
    handle_errors,
    price_book,
    warn,
    write,
)
from lambdacalc.cli.root import app
from lambdacalc.render.common import OutputFormat


@app.command(
    epilog=(
        "Examples:\n\n"
        "  lambdacalc cost scenarios/api-backend.yaml\n\n"
        "  lambdacalc cost scenarios/api-backend.yaml --format json | jq .total_monthly_usd\n\n"
        "  cat workload.yaml | lambdacalc cost - --format csv > bill.csv"
    )
)
@handle_errors
def cost(
    scenario: Annotated[
        str,
        typer.Argument(metavar="SCENARIO", help="Scenario file (YAML or JSON), or - for stdin."),
    ],
    fmt: FormatOption = OutputFormat.TABLE,
    prices: PricesOption = None,
) -> None:
    """Price a scenario: the monthly bill per function and for the account."""
    from lambdacalc.cli.startup import collector_paused

    with collector_paused():
        _cost(scenario, fmt, prices)


def _cost(scenario: str, fmt: OutputFormat, prices: Path | None) -> None:
    from lambdacalc.cost import price
    from lambdacalc.scenario import check_region, load

    loaded = load(scenario)
    book = price_book(prices)
    check_region(loaded, book)
    from lambdacalc.concurrency import fit_warning

    # does it fit the account's concurrency? one line; planned before pricing, so that
    # the plan's temporaries and the bill are never in memory at once (a fleet's peak)
    fit = fit_warning(loaded.workload)
    bill = price(loaded.workload, book)
    if fit is not None:
        bill = bill._replace(warnings=(fit, *bill.warnings))
    advice = []
    if loaded.model is not None and any(f.sizing for f in loaded.model.functions):
        from lambdacalc.sizing_advice import scenario_advice

        advice = scenario_advice(loaded, book)

    from lambdacalc.render import cost as render

    if fmt is OutputFormat.JSON:
        render.write_json_to(sys.stdout, bill, advice)
        sys.stdout.flush()
    elif fmt is OutputFormat.CSV:
        write(render.to_csv(bill))
        for w in bill.warnings:
            warn(w)
        for line in render.advice_lines(advice):
            typer.echo(f"Memory: {line}", err=True)
    else:
        emit_doc(render.to_doc(bill, advice), fmt)
