"""`lambdacalc prices import` and `lambdacalc prices diff`: refresh a price book from AWS's Price
List offer file, and see what changed between two books.

Registered on the `prices` sub-app; the conversion itself lives in `lambdacalc.pricelist`.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from lambdacalc.cli.common import FormatOption, emit, handle_errors, info, warn, write
from lambdacalc.cli.declare import argument, option
from lambdacalc.cli.prices import prices_app
from lambdacalc.errors import InputError, PricingError
from lambdacalc.render.common import OutputFormat

if TYPE_CHECKING:
    from lambdacalc.pricelist import ImportedBook
    from lambdacalc.prices import PriceBook

DEFAULT_NAME = "aws-lambda-pricelist"
_JSON_SUFFIXES = (".json",)
_YAML_SUFFIXES = (".yaml", ".yml")


MAX_OFFER_BYTES = 512 * 1024 * 1024  # the bulk all-region offer is tens of MB

# the options every `prices import*` command shares (the book ones: import and import-around)
BookOutputOption = Annotated[
    Path | None,
    option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the book here (.json or .yaml) instead of printing JSON to stdout.",
    ),
]
ForceOption = Annotated[bool, option("--force", help="Overwrite FILE if it already exists.")]
BookNameOption = Annotated[
    str | None,
    option("--name", help="The book's name (default: FILE's name without its extension)."),
]


def _read_offer_text(offer: str) -> tuple[str, str]:
    """(text, name for messages) of the offer file, or of standard input for '-'."""
    from lambdacalc.input_files import read_text

    _, text = read_text(offer, "offer", PricingError, MAX_OFFER_BYTES)
    return text, "<stdin>" if offer == "-" else Path(offer).name


def _book_text(
    book: dict[str, Any], suffix: str, source: str, command: str = "prices import"
) -> str:
    import json

    if suffix in _YAML_SUFFIXES:
        import yaml

        header = f"# lambdacalc price book, written by `lambdacalc {command}` from {source}\n"
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
        argument(
            metavar="OFFER.json",
            help="AWS Price List offer for AWSLambda: the bulk index.json, a per-region "
            "index.json, or saved GetProducts output; - reads standard input.",
            show_default=False,
        ),
    ],
    output: BookOutputOption = None,
    force: ForceOption = False,
    name: BookNameOption = None,
) -> None:
    """Build a price book from AWS's Price List offer file, for every region in it."""
    suffix = _import_suffix(offer, output, force, name)
    imported, book, source = _imported(offer, output, name)
    for message in imported.warnings:
        warn(message)
    rendered = _book_text(imported.book, suffix, source)
    if output is None:
        write(rendered)
        return
    from lambdacalc.output_files import check_outputs, write_outputs

    check_outputs([("--output", output)], force, [offer])  # again: time has passed
    write_outputs([(output, rendered)])
    info(
        f"Wrote {output}: {len(book.regions)} region{'s' if len(book.regions) != 1 else ''}, "
        f"effective {book.effective_date}. Use it with --prices {output}"
    )


def _import_suffix(offer: str, output: Path | None, force: bool, name: str | None) -> str:
    """The book's file suffix, once --name and --output are checked (before the slow read)."""
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
    return suffix


def _imported(
    offer: str, output: Path | None, name: str | None
) -> "tuple[ImportedBook, PriceBook, str]":
    """The offer converted to a book, the book as lambdacalc reads it back, the source's name."""
    from lambdacalc.pricelist import import_offer
    from lambdacalc.pricelist_offer import decode_offer_text
    from lambdacalc.prices_parse import parse_price_book

    text, source = _read_offer_text(offer)
    book_name = name or (output.stem if output is not None else DEFAULT_NAME)
    imported = import_offer(decode_offer_text(text, source), source, name=book_name)
    # What lambdacalc writes, lambdacalc must read back: check it before anything is written.
    book = parse_price_book(imported.book, str(output) if output else source)
    return imported, book, source


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
    old: Annotated[Path, argument(metavar="A", help="The older price book (JSON or YAML).")],
    new: Annotated[Path, argument(metavar="B", help="The newer price book (JSON or YAML).")],
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
    if book_old.currency != book_new.currency:
        raise PricingError(
            f"{old} is in {book_old.currency} and {new} in {book_new.currency}: prices in "
            "two currencies are not compared; diff two books of one currency"
        )
    from lambdacalc.currency import key_in, use
    from lambdacalc.prices_parse import book_in_usd_spelling

    currency = book_old.currency
    use(currency)  # the diff's prices print in the books' currency
    changes = diff_books(
        book_in_usd_spelling(raw_old, currency, str(old)),
        book_in_usd_spelling(raw_new, currency, str(new)),
    )
    if currency != "USD":  # name each price as its books spell it
        import dataclasses

        changes = [dataclasses.replace(c, field=key_in(c.field, currency)) for c in changes]
    emit(render.PriceDiffReport(book_old, book_new, changes), fmt)


@prices_app.command(
    "import-ec2",
    epilog=(
        "Examples:\n\n"
        "  lambdacalc prices import-ec2 ec2-us-east-1.json\n\n"
        "Download the AmazonEC2 offer for a region yourself (lambdacalc never goes online), "
        "e.g.\n\n"
        "  curl -o ec2-us-east-1.json https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/"
        "AmazonEC2/current/us-east-1/index.json"
    ),
)
@handle_errors
def import_ec2(
    offer: Annotated[
        str,
        argument(
            metavar="OFFER.json",
            help="AWS Price List offer for AmazonEC2 (a region's index.json, or saved "
            "GetProducts output); - reads standard input.",
            show_default=False,
        ),
    ],
    table: Annotated[
        Path | None,
        option(
            "--table",
            metavar="FILE",
            help="The Lambda Managed Instances table to update (default: the bundled one).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        option("--output", "-o", metavar="FILE", help="Write the table here instead of stdout."),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Update the Lambda Managed Instances table's EC2 prices from AWS's EC2 offer file."""
    if output is not None:
        from lambdacalc.output_files import check_outputs

        check_outputs([("--output", output)], force, [offer])
    rendered, summary = _updated_table(offer, table)
    if output is None:
        write(rendered)
    else:
        from lambdacalc.output_files import write_outputs

        write_outputs([(output, rendered)])
    info(summary)


def _updated_table(offer: str, table: Path | None) -> tuple[str, str]:
    """The Managed Instances table with the offer's EC2 prices, as JSON text, and a line
    saying how many prices came from where."""
    import json

    from lambdacalc.ec2_offer import ec2_prices, update_table
    from lambdacalc.managed_prices import DEFAULT_TABLE, parse_instance_table
    from lambdacalc.pricelist_offer import decode_offer_text
    from lambdacalc.pricing_files import data_dir, read_structured_file

    table_path = table if table is not None else data_dir("pricing") / DEFAULT_TABLE
    raw_table = read_structured_file(table_path, "managed-instances price table")
    current = parse_instance_table(raw_table, str(table_path))
    text, source = _read_offer_text(offer)
    decoded = decode_offer_text(text, source)
    found = ec2_prices(decoded, source, set(current.families))
    if not found:
        raise PricingError(
            f"{source}: no on-demand Linux xlarge price of {', '.join(sorted(current.families))} "
            "in it; pass the AmazonEC2 offer of a region where they run"
        )
    published = decoded.get("publicationDate") if isinstance(decoded, dict) else None
    if published:
        date = str(published)[:10]
    else:
        from datetime import date as today

        date = today.today().isoformat()
    updated = update_table(raw_table, found, source, date)
    parse_instance_table(updated, source)  # what lambdacalc writes, it must read back
    rendered = json.dumps(updated, indent=2, ensure_ascii=False) + "\n"
    regions = sorted({p.region for p in found})
    return rendered, f"{len(found)} xlarge prices from {source} for {', '.join(regions)}"


@prices_app.command(
    "import-around",
    epilog=(
        "Examples:\n\n"
        "  lambdacalc prices import-around sqs.json ec2-us-east-1.json -o my-around.json\n\n"
        "Then price with it: cost x.yaml --around-prices my-around.json. "
        "Download each offer yourself (lambdacalc never goes online), e.g.\n\n"
        "  curl -o sqs.json https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/"
        "AWSQueueService/current/index.json\n\n"
        "  curl -o ec2-us-east-1.json https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/"
        "AmazonEC2/current/us-east-1/index.json (its NAT gateway rows)"
    ),
)
@handle_errors
def import_around(
    offers: Annotated[
        list[str],
        argument(
            metavar="OFFER.json...",
            help="AWS Price List offers of AmazonCloudWatch, AmazonApiGateway, AWSQueueService, "
            "AWSDataTransfer, AmazonEC2 (NAT gateway), AmazonVPC and AWSXRay, any of them: "
            "index.json files or saved GetProducts output.",
            show_default=False,
        ),
    ],
    output: BookOutputOption = None,
    force: ForceOption = False,
    name: BookNameOption = None,
) -> None:
    """Build an around-Lambda book (for --around-prices) from AWS's Price List offers."""
    suffix = _import_suffix(offers[0], output, force, name)
    imported, regions, sources = _imported_around(offers, output, name)
    for message in imported.warnings:
        warn(message)
    rendered = _book_text(imported.book, suffix, sources, "prices import-around")
    if output is None:
        write(rendered)
        return
    from lambdacalc.output_files import check_outputs, write_outputs

    check_outputs([("--output", output)], force, offers)
    write_outputs([(output, rendered)])
    info(
        f"Wrote {output}: {regions} region{'s' if regions != 1 else ''}. "
        f"Use it with --around-prices {output}"
    )


def _imported_around(
    offers: list[str], output: Path | None, name: str | None
) -> "tuple[ImportedBook, int, str]":
    """The offers converted to an around-Lambda book, checked as lambdacalc reads it back;
    with its number of regions and the offers' names."""
    from lambdacalc.around.book import parse_around_book
    from lambdacalc.pricelist_around import import_around_offers
    from lambdacalc.pricelist_offer import decode_offer_text

    decoded = []
    for offer in offers:
        text, source = _read_offer_text(offer)
        decoded.append((decode_offer_text(text, source), source))
    book_name = name or (output.stem if output is not None else "around-lambda-pricelist")
    imported = import_around_offers(decoded, name=book_name)
    book = parse_around_book(imported.book, str(output) if output else "the imported book")
    return imported, len(book.regions), ", ".join(s for _, s in decoded)
