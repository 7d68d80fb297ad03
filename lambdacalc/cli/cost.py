"""`lambdacalc cost SCENARIO`: the monthly bill of a scenario file."""

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
        "  cat workload.yaml | lambdacalc cost - --format csv > bill.csv\n\n"
        "  lambdacalc cost scenarios/api-backend.yaml --set functions.api.memory_mb=1024 "
        "--set region=eu-west-1"
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
    overrides: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="What-if: change a scenario setting before it is checked and priced, e.g. "
            "functions.api.memory_mb=1024 or region=eu-west-1 (repeatable).",
        ),
    ] = None,
) -> None:
    """Price a scenario: the monthly bill per function and for the account."""
    from lambdacalc.cost import price
    from lambdacalc.scenario import check_region, load

    loaded = load(scenario, overrides or ())
    book = price_book(prices)
    check_region(loaded, book)
    bill = price(loaded.workload, book)
    if overrides:
        what_if = "What-if: " + ", ".join(f"--set {o}" for o in overrides)
        bill = bill._replace(assumptions=(what_if, *bill.assumptions))
    from lambdacalc.concurrency import fit_warning

    fit = fit_warning(loaded.workload)  # does it fit the account's concurrency? one line
    if fit is not None:
        bill = bill._replace(warnings=(fit, *bill.warnings))
    advice = []
    if loaded.model is not None and any(f.sizing for f in loaded.model.functions):
        from lambdacalc.sizing_advice import scenario_advice

        advice = scenario_advice(loaded, book)

    from lambdacalc.render import cost as render

    if fmt is OutputFormat.JSON:
        write(render.to_json(bill, advice))
    elif fmt is OutputFormat.CSV:
        write(render.to_csv(bill))
        for w in bill.warnings:
            warn(w)
        for line in render.advice_lines(advice):
            typer.echo(f"Memory: {line}", err=True)
    else:
        emit_doc(render.to_doc(bill, advice), fmt)
