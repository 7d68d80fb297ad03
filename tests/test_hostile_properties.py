"""Random text and random nested JSON/YAML values fed to every reader (issue 18).

Whatever the input, a reader returns its result or raises a LambdacalcError (which the CLI
prints as `Error:` lines, exit 2): never another exception, which would be a traceback.
Values mix the shapes the readers expect (mappings with their keys) with junk: huge and
tiny numbers, deep nesting, control characters, markup, lone surrogates.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambdacalc import insights, powertuning, pricelist, pricelist_offer, scenario
from lambdacalc.errors import LambdacalcError
from lambdacalc.pricing_files import load_price_book
from lambdacalc.printable import printable

KEYS = [
    "functions",
    "name",
    "memory_mb",
    "duration_ms",
    "requests_per_month",
    "region",
    "schema_version",
    "regions",
    "x86_64",
    "request_usd_per_million",
    "duration_tiers",
    "usd_per_gb_s",
    "up_to_gb_s",
    "free_tier",
    "sources",
    "notes",
    "results",
    "stats",
    "value",
    "averageDuration",
    "products",
    "terms",
    "PriceList",
    "memory_size",
    "invocations",
    "@log",
    "[/]",
    "a\nb",
    "\x1b[31m",
]
NUMBERS = st.sampled_from(
    ["1e400", "1e-999999999", "1" + "0" * 5000, "-0", "NaN", "Infinity", "0x10", "017"]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.decimals(allow_nan=False, allow_infinity=False).map(str)
    | NUMBERS
    | st.text(max_size=20)
    | st.sampled_from(["\ud800", "[link=https://x]y[/link]", "\x9b2J", "yes", "12:30:00"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)
TEXT = st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1"))

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _json(value: Any) -> str:
    return json.dumps(value, default=str)


def _yaml(value: Any) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _only_clean_errors(read: Any, text: str) -> None:
    try:
        read(text)
    except LambdacalcError as exc:
        for message in exc.messages:
            assert "\n" not in printable(message)
        assert len(exc.messages) <= 6


def _scenario(tmp: Path, suffix: str) -> Any:
    def read(text: str) -> None:
        path = tmp / f"s{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        loaded = scenario.load(str(path))
        from lambdacalc.pricing_files import load_price_book

        scenario.check_region(loaded, load_price_book())

    return read


def _book(tmp: Path, suffix: str) -> Any:
    def read(text: str) -> None:
        path = tmp / f"b{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        book = load_price_book(path)
        for code in list(book.regions):
            book.region(code)

    return read


def _offer(text: str) -> None:
    pricelist.import_offer(pricelist_offer.decode_offer_text(text, "offer"), "offer")


def _power_tuning(text: str) -> None:
    powertuning.parse_power_tuning(text, "pt")


def _insights(text: str) -> None:
    insights.read_export(text)


@SETTINGS
@given(value=VALUES, text=TEXT)
def test_every_reader_takes_any_value_or_text(tmp_path: Path, value: Any, text: str) -> None:
    readers = [
        (_scenario(tmp_path, ".json"), _json),
        (_scenario(tmp_path, ".yaml"), _yaml),
        (_book(tmp_path, ".json"), _json),
        (_book(tmp_path, ".yaml"), _yaml),
        (_offer, _json),
        (_power_tuning, _json),
        (_insights, _json),
    ]
    for read, encode in readers:
        _only_clean_errors(read, encode(value))
        _only_clean_errors(read, encode({"functions": [value], "regions": {"us-east-1": value}}))
        _only_clean_errors(read, text)


@SETTINGS
@given(depth=st.integers(min_value=1, max_value=40_000), wrap=st.sampled_from(KEYS))
def test_every_reader_takes_any_nesting(tmp_path: Path, depth: int, wrap: str) -> None:
    deep = "{" + json.dumps(wrap) + ": " + _deep(depth) + "}"
    for read in (
        _scenario(tmp_path, ".json"),
        _scenario(tmp_path, ".yaml"),
        _book(tmp_path, ".json"),
        _book(tmp_path, ".yaml"),
        _offer,
        _power_tuning,
        _insights,
    ):
        _only_clean_errors(read, deep)


def test_the_number_bounds_hold_in_every_syntax() -> None:
    from lambdacalc.structured import NumberError, to_decimal

    assert to_decimal("1e1000") == Decimal("1e1000")
    for text in ("1e1001", "1e-1001", "1e-999999999", "1" * 101):
        try:
            to_decimal(text)
        except NumberError:
            continue
        raise AssertionError(text)


# --- issue 16's readers: templates, plans, usage files, --set ---------------------------------

_RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
TEMPLATE_OK = Path(__file__).parent / "corpus" / "hostile" / "template-ok.yaml"
SCENARIO_OK = Path(__file__).parent / "corpus" / "hostile" / "ok.yaml"
PROPERTY_KEYS = st.sampled_from(
    [
        "MemorySize",
        "Architectures",
        "EphemeralStorage",
        "ReservedConcurrentExecutions",
        "SnapStart",
        "Events",
        "ProvisionedConcurrencyConfig",
        "AutoPublishAlias",
        "Runtime",
    ]
)


def _import(tmp: Path, name: str, usage: str | None = None) -> Any:
    def read(text: str) -> None:
        from lambdacalc.iac.convert import convert, load_converted

        path = tmp / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        usage_path = None
        if usage is not None:
            (tmp / "usage.yaml").write_text(usage, encoding="utf-8", errors="surrogatepass")
            usage_path = str(tmp / "usage.yaml")
        converted = convert(str(path), usage_path)
        # what import writes is printable and reads back as a scenario
        assert _RAW.search(converted.text) is None, converted.text
        scenario.parse(scenario.Source("s.yaml", converted.text, False))
        load_converted(converted, "s.yaml")

    return read


def _template(value: Any, properties: Any) -> str:
    props = properties if isinstance(properties, dict) else {"MemorySize": value}
    return _json(
        {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": props}, "X": value},
            "Parameters": value,
        }
    )


def _plan(value: Any) -> str:
    resource = {"address": "aws_lambda_function.f", "type": "aws_lambda_function", "values": value}
    return _json(
        {"format_version": "1.2", "planned_values": {"root_module": {"resources": [resource]}}}
    )


@SETTINGS
@given(
    value=VALUES,
    properties=st.dictionaries(PROPERTY_KEYS | st.text(max_size=8), VALUES, max_size=5),
    name=st.text(max_size=12),
    text=TEXT,
)
def test_import_takes_any_template_plan_or_usage(
    tmp_path: Path, value: Any, properties: dict[str, Any], name: str, text: str
) -> None:
    template = _import(tmp_path, "t.json")
    _only_clean_errors(template, _template(value, properties))
    _only_clean_errors(template, _template(value, properties).replace('"Fn"', _json(name or "F")))
    _only_clean_errors(_import(tmp_path, "t.yaml"), _yaml(value))
    _only_clean_errors(_import(tmp_path, "t.yaml"), text)
    _only_clean_errors(_import(tmp_path, "p.json"), _plan(value))
    _only_clean_errors(
        _import(tmp_path, "p.json"), _plan({"memory_size": value, "function_name": name})
    )
    ok = TEMPLATE_OK.read_text(encoding="utf-8")
    for usage in (_yaml({"Fn": value}), _yaml({name: value}), text):
        _only_clean_errors(_import(tmp_path, "t.yaml", usage), ok)


@SETTINGS
@given(
    key=st.lists(st.sampled_from(KEYS) | st.text(max_size=6), min_size=1, max_size=4),
    value=st.text(max_size=60) | VALUES.map(lambda v: _json(v)),
)
def test_set_takes_any_key_and_value(key: list[str], value: str) -> None:
    def read(text: str) -> None:
        scenario.load(str(SCENARIO_OK), overrides=[text])

    _only_clean_errors(read, ".".join(key) + "=" + value)
    _only_clean_errors(read, "functions.api." + ".".join(key) + "=" + value)


# --- logs analyze: random lines through the real command in every format ---------------------

REPORT = (
    "REPORT RequestId: 0b9f6a2e-1c3d-4e5f-8a9b-0c1d2e3f4a01 Duration: {d} ms Billed Duration: "
    "{b} ms Memory Size: {m} MB Max Memory Used: {u} MB"
)
NUMBER_TEXT = st.sampled_from(["1.00", "0", "-1", "1e400", "1" * 5000, "NaN", "", "12:30"]) | (
    st.decimals(allow_nan=False, allow_infinity=False).map(str)
)
LOG_LINES = st.lists(
    st.binary(max_size=120)
    | st.text(max_size=120).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | st.builds(
        lambda d, b, m, u, stamp: (stamp + REPORT.format(d=d, b=b, m=m, u=u)).encode(
            "utf-8", "surrogatepass"
        ),
        NUMBER_TEXT,
        NUMBER_TEXT,
        NUMBER_TEXT,
        NUMBER_TEXT,
        st.sampled_from(
            ["", "2026-11-20T10:00:00.000000+00:00 x ", "2-01-01T00:00:00Z ", "\x1b[31m "]
        ),
    )
    | st.builds(
        lambda record, when: _json(
            {"time": when, "type": "platform.report", "record": record}
        ).encode("utf-8", "surrogatepass"),
        VALUES
        | st.fixed_dictionaries(
            {
                "requestId": st.text(max_size=10),
                "metrics": st.dictionaries(
                    st.sampled_from(
                        [
                            "durationMs",
                            "billedDurationMs",
                            "memorySizeMB",
                            "maxMemoryUsedMB",
                            "initDurationMs",
                        ]
                    ),
                    VALUES,
                ),
            }
        ),
        st.sampled_from(["2026-10-08T07:30:28.000Z", "2024-99-99", "1999-01-01T00:00:00Z"])
        | st.text(max_size=10),
    ),
    max_size=12,
)


@SETTINGS
@given(lines=LOG_LINES, function=st.none() | st.text(max_size=12))
def test_logs_analyze_takes_any_lines(lines: list[bytes], function: str | None) -> None:
    from typer.testing import CliRunner

    from lambdacalc.cli import app

    data = b"\n".join(lines) + b"\n"
    extra = [] if function is None else ["--function", function]
    for fmt in ("table", "json", "csv", "markdown"):
        result = CliRunner().invoke(app, ["logs", "analyze", "-", "-f", fmt, *extra], input=data)
        assert result.exit_code in (0, 2), (result.exit_code, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        out = result.stdout
        err = result.stderr
        assert "Traceback" not in err
        for shown in (out, err):
            raw = _RAW.search(shown)
            assert raw is None, f"raw {raw.group()!r} in {fmt} output"
        if result.exit_code == 2:
            assert out == ""
            errors = err.splitlines()
            assert len(errors) == 1 and errors[0].startswith("Error: "), err
