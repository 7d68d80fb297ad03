"""Power Tuning output: results.stats, the visualization URL, and what is not its format."""

from __future__ import annotations

import base64
import json
import struct
from decimal import Decimal
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambdacalc.errors import InputError
from lambdacalc.powertuning import (
    PowerTuningFormat,
    decode_visualization,
    float32_to_decimal,
    parse_power_tuning,
)
from lambdacalc.sizing import Point

D = Decimal

SIZES_MB = [128, 256, 512, 1024]
# durations and costs chosen to be exact in float32 (sums of powers of two)
DURATIONS_MS = [2500.0, 1250.5, 625.25, 300.0]
COSTS_USD = [2**-17, 2**-17, 2**-16, 2**-15]


def encode_hash(sizes: list[int], durations: list[float], costs: list[float]) -> str:
    """Power Tuning's encoding: base64 of int16 LE sizes; float32 LE durations; float32 costs."""
    parts = (
        struct.pack(f"<{len(sizes)}h", *sizes),
        struct.pack(f"<{len(durations)}f", *durations),
        struct.pack(f"<{len(costs)}f", *costs),
    )
    return ";".join(base64.b64encode(p).decode("ascii") for p in parts)


HASH = encode_hash(SIZES_MB, DURATIONS_MS, COSTS_USD)
URL = f"https://lambda-power-tuning.show/#{HASH}"


def stats_output() -> str:
    return json.dumps(
        {
            "results": {
                "power": "1024",
                "cost": 0.0000052,
                "duration": 300.0,
                "stateMachine": {"executionCost": 0.00045, "visualization": URL},
                "stats": [
                    {"averagePrice": 0.0000054083, "averageDuration": 2500.0, "value": 128},
                    {"averagePrice": 0.0000052, "averageDuration": 300.0, "value": 1024},
                    {"averagePrice": 0.0000053, "averageDuration": 1242.9, "value": "256"},
                ],
            }
        }
    )


def test_stats_are_read_when_present() -> None:
    result = parse_power_tuning(stats_output())
    assert result.source is PowerTuningFormat.STATS
    assert [s.memory_mb for s in result.sizes] == [128, 256, 1024]  # sorted by memory
    assert result.sizes[1].average_duration_ms == D("1242.9")  # exact, not a float
    assert result.sizes[0].average_price_usd == D("0.0000054083")
    assert result.points() == (
        Point(128, D("2500.0")),
        Point(256, D("1242.9")),
        Point(1024, D("300.0")),
    )


def test_stats_at_the_top_level_are_read_too() -> None:
    data = json.loads(stats_output())["results"]
    result = parse_power_tuning(json.dumps(data))
    assert result.source is PowerTuningFormat.STATS
    assert len(result.sizes) == 3


def test_zero_or_missing_durations_are_dropped() -> None:
    text = json.dumps(
        {"stats": [
            {"value": 128, "averageDuration": 0, "averagePrice": 0},
            {"value": 256},
            {"value": 512, "averageDuration": 10.5, "averagePrice": 0.000001},
        ]}
    )  # fmt: skip
    result = parse_power_tuning(text)
    assert [s.memory_mb for s in result.sizes] == [512]
    assert result.dropped == 2


def test_visualization_url_in_the_output_when_stats_are_absent() -> None:
    text = json.dumps({"results": {"power": "128", "stateMachine": {"visualization": URL}}})
    result = parse_power_tuning(text)
    assert result.source is PowerTuningFormat.VISUALIZATION
    assert [s.memory_mb for s in result.sizes] == SIZES_MB
    assert [s.average_duration_ms for s in result.sizes] == [
        D("2500"), D("1250.5"), D("625.25"), D("300"),
    ]  # fmt: skip
    # 2**-17 = 0.00000762939453125, shortest float32 form 7.6293945e-06
    assert result.sizes[0].average_price_usd == D("0.0000076293945")


@pytest.mark.parametrize(
    "text",
    [URL, HASH, f"  {URL}\n", f"https://lambda-power-tuning.show/#{quote(HASH, safe='')}"],
    ids=["url", "fragment", "padded", "percent-encoded"],
)
def test_the_url_itself_is_accepted(text: str) -> None:
    result = parse_power_tuning(text)
    assert result.source is PowerTuningFormat.VISUALIZATION
    assert [s.memory_mb for s in result.sizes] == SIZES_MB


def test_base64_without_padding() -> None:
    unpadded = ";".join(p.rstrip("=") for p in HASH.split(";"))
    assert [s.memory_mb for s in decode_visualization(unpadded).sizes] == SIZES_MB


def test_float32_reads_back_as_the_shortest_decimal() -> None:
    # Power Tuning's README shows 2.9066666666666667 ms; as float32 it is 2.90666676...,
    # whose shortest round-tripping form has 8 significant digits
    stored = struct.unpack("<f", struct.pack("<f", 2.9066666666666667))[0]
    assert float32_to_decimal(stored) == D("2.9066668")
    assert float32_to_decimal(0.0) == 0


@given(st.floats(min_value=2**-10, max_value=2**20, width=32))
def test_float32_round_trip(value: float) -> None:
    back = float(float32_to_decimal(value))
    assert struct.unpack("<f", struct.pack("<f", back))[0] == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not an object"),
        ('{"results": 3}', "'results' is not an object"),
        ('{"results": {"power": "128"}}', "neither results.stats nor a visualization URL"),
        ('{"stats": {"value": 128}}', "not a list"),
        ('{"stats": [5]}', "expected an object"),
        ('{"stats": [{"averageDuration": 3}]}', "no 'value'"),
        ('{"stats": [{"value": 64, "averageDuration": 3}]}', "not a Lambda memory size"),
        ('{"stats": [{"value": 128.5, "averageDuration": 3}]}', "not a Lambda memory size"),
        ('{"stats": [{"value": 128, "averageDuration": "fast"}]}', "not a number"),
        ('{"stats": [{"value": 128, "averageDuration": -3}]}', "≥ 0"),
        ('{"stats": [{"value": 128, "averageDuration": 0}]}', "no memory size has"),
        ('{"stats": []}', "no memory size has"),
        ("https://lambda-power-tuning.show/", "no '#' data fragment"),
        ("https://lambda-power-tuning.show/#abc", "three base64 arrays"),
        ("https://x/#a;b;c;d;e;f;g;h", "comparison URL"),
        ("https://x/#!!!;AAAA;AAAA", "sizes array is not base64"),
        ("hello world", "three base64 arrays"),
    ],
)
def test_not_power_tuning_output(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_power_tuning(text, "results.json")


def test_arrays_of_different_lengths() -> None:
    text = encode_hash([128, 256], [100.0], [0.5])
    with pytest.raises(InputError, match="one entry per size"):
        parse_power_tuning(text)


def test_arrays_of_the_wrong_width() -> None:
    sizes = base64.b64encode(b"\x80").decode()  # one byte: not int16
    durations = base64.b64encode(struct.pack("<f", 1.0)).decode()
    with pytest.raises(InputError, match="int16"):
        parse_power_tuning(f"{sizes};{durations};{durations}")


def test_bad_sizes_and_numbers_in_the_url() -> None:
    with pytest.raises(InputError, match="not a Lambda memory size"):
        parse_power_tuning(encode_hash([64], [100.0], [0.1]))
    with pytest.raises(InputError, match="not a number"):
        parse_power_tuning(encode_hash([128], [float("nan")], [0.1]))


def test_duplicate_sizes_with_different_durations() -> None:
    with pytest.raises(InputError, match="appears twice"):
        parse_power_tuning(encode_hash([128, 128], [100.0, 200.0], [0.1, 0.2]))
    same = parse_power_tuning(encode_hash([128, 128], [100.0, 100.0], [0.1, 0.1]))
    assert len(same.sizes) == 1


def test_error_messages_are_one_line() -> None:
    with pytest.raises(InputError) as info:
        parse_power_tuning("{\n  bad", "results.json")
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("results.json:2:")
