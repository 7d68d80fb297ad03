"""`lambdacalc prices`: show the price book (and, as subcommands, work with books)."""

from typing import Annotated

import typer

from lambdacalc.cli.common import (
    AroundPricesOption,
    FormatOption,
    PricesOption,
    emit,
    handle_errors,
    price_book,
)
from lambdacalc.cli.declare import option
from lambdacalc.cli.root import app
from lambdacalc.render.common import OutputFormat

prices_app = typer.Typer(
    invoke_without_command=True,
    no_args_is_help=False,
    help="Show the price book: every region, or one region in full.",
    epilog=(
        "Examples:\n\n"
        "  lambdacalc prices\n\n"
        "  lambdacalc prices --region eu-west-1\n\n"
        "  lambdacalc prices --format json --prices my-negotiated-prices.json\n\n"
        "  lambdacalc prices --managed-instances --region us-east-1"
    ),
)
app.add_typer(prices_app, name="prices")


@prices_app.callback()
@handle_errors
def prices(
    ctx: typer.Context,
    region: Annotated[
        str | None, option("--region", "-r", help="Show one region in full, e.g. eu-west-1.")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    prices: PricesOption = None,
    around_prices: AroundPricesOption = None,
    managed_instances: Annotated[
        bool,
        option(
            "--managed-instances",
            help="Show the Lambda Managed Instances table instead: EC2 instance prices and the "
            "15% management fee (pricing/managed-instances.json).",
        ),
    ] = False,
) -> None:
    """Show the price book: every region, or one region in full (with the around-Lambda
    rates in text and Markdown)."""
    if ctx.invoked_subcommand is not None:
        return
    if managed_instances:
        from lambdacalc.managed_prices import load_instance_table
        from lambdacalc.render.managed import InstanceTableReport

        emit(InstanceTableReport(load_instance_table(prices), region), fmt)
        return
    from lambdacalc.render import prices as render

    book = price_book(prices, region)
    if region is not None:
        book.region(region)  # an unknown region fails here, with suggestions
    around = None
    if fmt in (OutputFormat.TABLE, OutputFormat.MARKDOWN) or around_prices is not None:
        from lambdacalc.around.files import load_around_book

        around = load_around_book(around_prices)
    emit(render.PricesReport(book, region, around), fmt)
