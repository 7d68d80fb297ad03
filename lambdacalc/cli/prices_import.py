"""`lambdacalc prices import` and `lambdacalc prices diff`: refresh a price book from AWS's Price
List offer file, and see what changed between two books.

Registered on the `prices` sub-app; the conversion itself lives in `lambdacalc.pricelist`.
"""

from pathlib import Path
from typing import Annotated, Any

import typer

from lambdacalc.cli.common import FormatOption, emit, handle_errors, info, warn, write
from lambdacalc.cli.prices import prices_app
from lambdacalc.errors import InputError, PricingError
from lambdacalc.render.common import OutputFormat

DEFAULT_NAME = "aws-lambda-pricelist"
_JSON_SUFFIXES = (".json",)
_YAML_SUFFIXES = (".yaml", ".yml")


MAX_OFFER_BYTES = 512 * 1024 * 1024  # the bulk all-region offer is tens of MB


def _read_offer_text(offer: str) -> tuple[str, str]:
    """(text, name for messages) of the offer file, or of standard input for '-'."""
    from lambdacalc.input_files import read_text

    _, text = read_text(offer, "offer", PricingError, MAX_OFFER_BYTES)
    return text, "<stdin>" if offer == "-" else Path(offer).name


def _book_text(book: dict[str, Any], suffix: str, source: str) -> str:
    import json

    if suffix in _YAML_SUFFIXES:
        import yaml

        header = f"# lambdacalc price book, written by `lambdacalc prices import` from {source}\n"
        return header + yaml.safe_dump(
            book, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
        )
    return json.dumps(book, indent=2, ensure_ascii=False) + "\n"


@prices_app.command(
    "import",
    epilog=(
        "Examples:\n\n"
        "  lambdacalc prices import index.json -o pricing/aws-2026-11.json\n\n"
        "  lambdacalc prices import getproducts.json -o my-prices.yaml --force\n\n"
        "  lambdacalc prices import index.json | jq '.regions[\"eu-west-1\"]'\n\n"
        "Download the offer yourself (lambdacalc never goes online), e.g.\n\n"
        "  curl -o index.json https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/"
        "AWSLambda/current/index.json"
    ),
)
@handle_errors
def import_(
    offer: Annotated[
        str,
        typer.Argument(
            metavar="OFFER.json",
            help="AWS Price List offer for AWSLambda: the bulk index.json, a per-region "
            "index.json, or saved GetProducts output; - reads standard input.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the book here (.json or .yaml) instead of printing JSON to stdout.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite FILE if it already exists.")
    ] = False,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help="The book's name (default: FILE's name without its extension)."
        ),
    ] = None,
) -> None:
    """Build a price book from AWS's Price List offer file, for every region in it."""
    from lambdacalc.pricelist import import_offer
    from lambdacalc.pricelist_offer import decode_offer_text
    from lambdacalc.prices_parse import parse_price_book

    if name is not None and not name.strip():
        raise InputError(
            "--name is empty; give the book a name, e.g. --name tokyo-edge, or leave --name out"
        )
    suffix = output.suffix.lower() if output is not None else ".json"
    if suffix not in _JSON_SUFFIXES + _YAML_SUFFIXES:
        raise InputError(f"{output}: the book must be a .json or .yaml file")
    if output is not None:
        from lambdacalc.output_files import check_outputs

        check_outputs([("--output", output)], force, [offer])  # a refusal should be instant

    text, source = _read_offer_text(offer)
    book_name = name or (output.stem if output is not None else DEFAULT_NAME)
    imported = import_offer(decode_offer_text(text, source), source, name=book_name)
    # What lambdacalc writes, lambdacalc must read back: check it before anything is written.
    book = parse_price_book(imported.book, str(output) if output else source)

    for message in imported.warnings:
        warn(message)
    rendered = _book_text(imported.book, suffix, source)
    if output is None:
        write(rendered)
        return
    from lambdacalc.output_files import write_outputs

    check_outputs([("--output", output)], force, [offer])  # again: time has passed
    write_outputs([(output, rendered)])
    info(
        f"Wrote {output}: {len(book.regions)} region{'s' if len(book.regions) != 1 else ''}, "
        f"effective {book.effective_date}. Use it with --prices {output}"
    )


def _read_book(path: Path) -> Any:
    from lambdacalc.pricing_files import read_structured_file

    raw = read_structured_file(path, "price book")
    if isinstance(raw, dict) and ("offerCode" in raw or "PriceList" in raw):
        raise PricingError(
            f"{path}: an AWS Price List offer, not a price book; make it one with "
            f"`lambdacalc prices import {path} -o BOOK.json`"
        )
    return raw


@prices_app.command(
    "diff",
    epilog=(
        "Examples:\n\n"
        "  lambdacalc prices diff pricing/aws-lambda.json pricing/aws-2026-11.json\n\n"
        "  lambdacalc prices diff old.yaml new.json --format csv > changes.csv"
    ),
)
@handle_errors
def diff(
    old: Annotated[Path, typer.Argument(metavar="A", help="The older price book (JSON or YAML).")],
    new: Annotated[Path, typer.Argument(metavar="B", help="The newer price book (JSON or YAML).")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show every price that differs between two price books, and regions added or removed."""
    from lambdacalc.pricelist_diff import diff_books
    from lambdacalc.prices_parse import parse_price_book
    from lambdacalc.render import pricediff as render

    raw_old = _read_book(old)
    raw_new = _read_book(new)
    book_old = parse_price_book(raw_old, str(old))  # both must be valid books to compare
    book_new = parse_price_book(raw_new, str(new))
    changes = diff_books(raw_old, raw_new)
    emit(render.PriceDiffReport(book_old, book_new, changes), fmt)
