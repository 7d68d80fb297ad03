"""The China regions' CNY book, derived values said per value, and Savings Plans by term.

Numbers are worked by hand in the comments from the bundled books' rates.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.cost import price
from lambdacalc.cost.plans import GIVEN, resolve_plan
from lambdacalc.currency import csv_in, json_in, key_in, money_in, symbol
from lambdacalc.errors import PricingError
from lambdacalc.prices import parse_price_book
from lambdacalc.pricing_files import bundled_book, load_price_book
from lambdacalc.scenario import load
from lambdacalc.scenario.fast import quick_workload
from lambdacalc.units import to_cents
from lambdacalc.workload import Account, FunctionWorkload, SavingsPlan, Workload

ROOT = Path(__file__).resolve().parent.parent
BOOKS = sorted((ROOT / "pricing").glob("aws-lambda*.json"))
CN = json.loads((ROOT / "pricing" / "aws-lambda-cn.json").read_text())
D = Decimal


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


# --- derived values: each recomputed from its rule ------------------------------------------


def value_at(region: dict[str, Any], path: str) -> Any:
    """`x86_64.duration_tiers[1].usd_per_gb_s` in a region of the raw book."""
    node: Any = region
    for part in path.split("."):
        name, _, index = part.partition("[")
        node = node[name]
        if index:
            node = node[int(index.rstrip("]"))]
    return node


def recompute(book: dict[str, Any], code: str, rule: dict[str, Any]) -> Decimal:
    source = book["regions"][rule.get("region", code)]
    places = rule.get("places", 10)
    exact = D(value_at(source, rule["from"])) * D(rule["times"])
    return exact.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


def derivations(book: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (code, path, rule)
        for code, region in book["regions"].items()
        for path, rule in region.get("derived", {}).items()
    ]


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.name)
def test_every_derived_value_is_its_rule(path: Path) -> None:
    book = json.loads(path.read_text())
    rules = derivations(book)
    assert rules, "the book says which of its values are derived"
    for code, value_path, rule in rules:
        stated = value_at(book["regions"][code], value_path)
        assert stated is not None, (code, value_path)
        assert D(stated) == recompute(book, code, rule), (code, value_path, rule)


def test_the_rules_the_readme_states_are_in_the_usd_book() -> None:
    book = json.loads((ROOT / "pricing" / "aws-lambda.json").read_text())
    rules = {(code, p): r for code, p, r in derivations(book)}
    # eu-south-1 x86_64: tier 2 = 0.0000195172 × 0.9 = 0.00001756548 → 0.0000175655
    eu = rules[("eu-south-1", "x86_64.duration_tiers[1].usd_per_gb_s")]
    assert (eu["from"], eu["times"]) == ("x86_64.duration_tiers[0].usd_per_gb_s", "0.9")
    assert recompute(book, "eu-south-1", eu) == D("0.0000175655")
    # eu-west-1 arm64 PC = x86_64 PC 0.0000046460 × 0.8 = 0.0000037168
    pc = rules[("eu-west-1", "arm64.provisioned_concurrency_usd_per_gb_s")]
    assert recompute(book, "eu-west-1", pc) == D("0.0000037168")
    # us-east-1 publishes everything; ap-east-1's arm64 PC is null (the rule fails there)
    assert not any(code == "us-east-1" for code, _ in rules)
    assert ("ap-east-1", "arm64.provisioned_concurrency_usd_per_gb_s") not in rules
    # Tokyo's Lambda@Edge request price is AWS's one published price, copied
    assert ("ap-northeast-1", "edge.request_usd_per_million") in rules


def test_a_wrong_derived_value_is_caught() -> None:
    book = json.loads((ROOT / "pricing" / "aws-lambda.json").read_text())
    book["regions"]["eu-west-1"]["x86_64"]["duration_tiers"][1]["usd_per_gb_s"] = "0.0000150001"
    rule = book["regions"]["eu-west-1"]["derived"]["x86_64.duration_tiers[1].usd_per_gb_s"]
    # 0.0000166667 × 0.9 = 0.00001500003 → 0.0000150000, not the 0.0000150001 written
    assert recompute(book, "eu-west-1", rule) != D("0.0000150001")


def test_prices_shows_each_derivation() -> None:
    result = run("prices", "--region", "eu-south-1")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "Derived values" in text
    assert (
        "x86_64.duration_tiers[1].usd_per_gb_s = x86_64.duration_tiers[0].usd_per_gb_s × 0.9, "
        "rounded to 10 decimals" in text
    )
    data = json.loads(run("prices", "--region", "eu-south-1", "-f", "json").stdout)
    derived = data["regions"]["eu-south-1"]["derived"]
    assert derived["arm64.duration_tiers[2].usd_per_gb_s"]["times"] == "0.8"


def test_a_derivation_needs_from_and_times() -> None:
    book = json.loads((ROOT / "pricing" / "aws-lambda.json").read_text())
    book["regions"]["eu-west-1"]["derived"] = {"x86_64.request_usd_per_million": {"times": "1"}}
    with pytest.raises(PricingError, match=r"regions\.eu-west-1\.derived.*needs `from`"):
        parse_price_book(book, "b.json")


# --- the CNY book ------------------------------------------------------------------------------


def test_china_regions_load_the_cny_book() -> None:
    assert bundled_book("cn-north-1") == bundled_book("cn-northwest-1") == "aws-lambda-cn.json"
    assert bundled_book("eu-west-1") == bundled_book(None) == "aws-lambda.json"
    book = load_price_book(region="cn-northwest-1")
    assert book.currency == "CNY" and book.origin == "pricing/aws-lambda-cn.json"
    region = book.region("cn-northwest-1")
    assert region.x86_64 is not None and region.x86_64.duration_tiers is not None
    # one rate, no volume tiers in China (CN2)
    assert [(t.up_to_gb_s, t.usd_per_gb_s) for t in region.x86_64.duration_tiers] == [
        (None, D("0.000113477"))
    ]
    assert book.free_tier.requests == book.free_tier.duration_gb_s == 0
    assert all(p.discount_percent is None for p in book.savings_plan_rates)
    # every source tag the CNY book uses is explained in it, with a URL
    used = {t for r in CN["regions"].values() for t in r["sources"]}
    used |= {t for p in CN["compute_savings_plan"].values() for t in p["sources"]}
    used |= {t for t in CN["sources"] if any(f"({t})" in note for note in CN["notes"])}
    assert used == set(CN["sources"]) and all("https://" in s for s in CN["sources"].values())


def test_a_cny_book_spells_its_prices_in_cny() -> None:
    bad = json.loads(json.dumps(CN))
    region = bad["regions"]["cn-north-1"]
    region["x86_64"]["request_usd_per_million"] = region["x86_64"].pop("request_cny_per_million")
    with pytest.raises(PricingError, match="spelt 'request_cny_per_million' \\(never _usd\\)"):
        parse_price_book(bad, "cn.json").region("cn-north-1")
    with pytest.raises(PricingError, match="currency EUR is not supported"):
        parse_price_book({**CN, "currency": "EUR"}, "eur.json")


def fn(name: str, **kw: Any) -> FunctionWorkload:
    base: dict[str, Any] = {"memory_mb": 1024, "duration_ms": D(100), "requests_per_month": D(0)}
    return FunctionWorkload(name=name, **{**base, **kw})


def test_a_china_bill_by_hand() -> None:
    book = load_price_book(region="cn-north-1")
    workload = Workload(
        "cn",
        Account(region="cn-north-1"),
        (fn("api", memory_mb=2048, duration_ms=D(250), requests_per_month=D(4_000_000)),),
    )
    bill = price(workload, book)
    items = {i.component.value: i.cost_usd for i in bill.functions[0].items}
    # requests: 4,000,000 × ¥1.36 / 1,000,000 = ¥5.44 (no free tier in the CNY book)
    assert items["requests"] == D("5.44")
    # duration: 4,000,000 × 0.25 s × 2 GB = 2,000,000 GB-s × ¥0.000113477 = ¥226.954
    assert items["duration"] == D("226.954")
    assert bill.total_usd == D("232.394")  # ¥5.44 + ¥226.954, in yuan
    assert bill.free_tier.credit_usd == 0
    assert any("Amounts are in CNY (¥)" in a for a in bill.assumptions)


def test_the_bundled_china_scenario_in_every_format() -> None:
    path = "scenarios/china-beijing.yaml"
    table = run("cost", path)
    assert table.exit_code == 0, table.stderr
    assert "¥94.68 a month" in table.stdout and "$" not in table.stdout
    data = json.loads(run("cost", path, "-f", "json").stdout, parse_float=D)
    assert data["currency"] == "CNY"
    # ¥4.08 + ¥61.27758 + ¥2.72 + ¥36.32 + ¥0.04606 − ¥9.759758 = ¥94.683882 (header)
    assert data["total_monthly_cny"] == D("94.683882")

    def keys(node: Any) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {k for v in node.values() for k in keys(v)}
        if isinstance(node, list):
            return {k for v in node for k in keys(v)}
        return set()

    assert not any("usd" in k for k in keys(data)), "yuan under a dollar name"
    assert {"total_monthly_cny", "monthly_cny", "unit_price_cny"} <= keys(data)
    rows = list(csv.DictReader(io.StringIO(run("cost", path, "-f", "csv").stdout)))
    assert to_cents(D(rows[-1]["total_monthly_cny"])) == D("94.68")


def test_currency_is_the_commands_own() -> None:
    """A China command does not leave ¥ behind for the next command in the process."""
    assert "¥" in run("cost", "scenarios/china-beijing.yaml").stdout
    after = run("cost", "scenarios/mobile-backend.yaml")
    assert "$2.73" in after.stdout and "¥" not in after.stdout
    assert symbol() == "$"


def test_money_keys_and_text_in_a_currency() -> None:
    assert key_in("commitment_usd_per_hour", "CNY") == "commitment_cny_per_hour"
    assert key_in("monthly_usd", "USD") == "monthly_usd"
    assert key_in("busd_total", "CNY") == "busd_total"  # only the word usd
    text = '{\n  "monthly_usd": 1,\n  "name": "x_usd\\": 2",\n  "list": [\n    "a_usd"\n  ]\n}'
    assert json_in(text, "CNY") == text.replace('"monthly_usd"', '"monthly_cny"')
    assert csv_in("name,total_monthly_usd\nfoo_usd,1\n", "CNY") == (
        "name,total_monthly_cny\nfoo_usd,1\n"
    )
    with money_in("CNY"):
        assert symbol() == "¥"
    assert symbol() == "$"


def test_a_usd_commitment_is_refused_in_china(tmp_path: Path) -> None:
    path = tmp_path / "cn.yaml"
    path.write_text(
        "region: cn-northwest-1\n"
        "savings_plan:\n"
        "  discount_percent: 5\n"
        "  commitment_usd_per_hour: 1\n"
        "functions:\n"
        "  - {name: a, memory_mb: 128, duration_ms: 10, requests_per_month: 1}\n"
    )
    result = run("cost", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}:4:28: savings_plan.commitment_usd_per_hour:")
    assert "priced in CNY" in result.stderr and len(result.stderr.splitlines()) == 1


# --- Compute Savings Plans by term and payment ------------------------------------------------


def plan_file(tmp_path: Path, plan: str, free_tier: str = "false") -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(
        f"free_tier: {free_tier}\n"
        f"savings_plan:\n{plan}"
        "functions:\n"
        "  - name: batch\n"
        "    memory_mb: 3008\n"
        "    duration_ms: 800\n"
        "    requests_per_month: 20000000\n"
    )
    return path


def test_a_plan_by_term_prices_as_its_discount(tmp_path: Path) -> None:
    # 3yr all_upfront is 17% in the book, so the bundled savings-plan scenario (17%, $0.80/h)
    # prices the same: $783.3349 + $4.00 + ($584.00 − $584 / 0.83) = $667.72
    path = plan_file(
        tmp_path, "  term: 3yr\n  payment: all_upfront\n  commitment_usd_per_hour: 0.80\n"
    )
    data = json.loads(run("cost", str(path), "-f", "json").stdout, parse_float=D)
    assert to_cents(data["total_monthly_usd"]) == D("667.72")
    sp = data["savings_plan"]
    assert (sp["discount_percent"], sp["term"], sp["payment"]) == (17, "3yr", "all_upfront")
    assert sp["discount_source"].startswith(
        "aws-lambda compute_savings_plan.3yr_all_upfront: medium confidence (S3"
    )
    text = run("cost", str(path)).stdout
    assert "17% (3yr, all_upfront)" in text
    assert "Savings Plan discount from: aws-lambda compute_savings_plan" in text


def test_a_one_year_no_upfront_plan_by_hand(tmp_path: Path) -> None:
    path = plan_file(tmp_path, "  term: 1yr\n  payment: no_upfront\n")
    data = json.loads(run("cost", str(path), "-f", "json").stdout, parse_float=D)
    # duration: 20,000,000 × 0.8 s × 3008/1024 GB = 47,000,000 GB-s × $0.0000166667 = $783.3349
    # 11.8% off it: −0.118 × $783.3349 = −$92.4335182; requests $4.00 (never discounted)
    # total: $783.3349 + $4.00 − $92.4335182 = $694.9013818
    assert data["savings_plan"]["discount_percent"] == D("11.8")
    assert data["total_monthly_usd"] == D("694.9013818")


def test_the_fast_path_reads_a_plan_by_term_as_the_models_do(tmp_path: Path) -> None:
    path = plan_file(tmp_path, "  term: 1yr\n  payment: all_upfront\n")
    data = {
        "free_tier": False,
        "savings_plan": {"term": "1yr", "payment": "all_upfront"},
        "functions": [
            {
                "name": "batch",
                "memory_mb": 3008,
                "duration_ms": 800,
                "requests_per_month": 20000000,
            }
        ],
    }
    quick = quick_workload(data, "plan")
    assert quick is not None
    assert quick.account == load(str(path)).workload.account
    assert quick.account.savings_plan == SavingsPlan(None, None, "1yr", "all_upfront")


@pytest.mark.parametrize(
    ("plan", "where", "message"),
    [
        (
            "  discount_percent: 10\n  term: 1yr\n  payment: no_upfront\n",
            ":3:3: savings_plan:",
            "give discount_percent or term and payment, not both",
        ),
        ("  term: 3yr\n", ":3:3: savings_plan:", "term and payment go together: add payment"),
        ("  payment: all_upfront\n", ":3:3: savings_plan:", "add term"),
        ("  term: 3yr\n  payment: upfront\n", ":4:12: savings_plan.payment:", "no_upfront"),
        (
            "  term: 1yr\n  payment: partial_upfront\n",
            ":3:9: savings_plan.term:",
            "no published Compute Savings Plan discount on Lambda for term 1yr, payment "
            "partial_upfront; give savings_plan.discount_percent instead",
        ),
    ],
)
def test_a_bad_plan_is_one_line_at_its_place(
    tmp_path: Path, plan: str, where: str, message: str
) -> None:
    path = plan_file(tmp_path, plan)
    result = run("cost", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"Error: {path}{where}"), result.stderr
    assert message in result.stderr


def test_resolve_plan_says_where_the_discount_came_from() -> None:
    book = load_price_book()
    given = resolve_plan(SavingsPlan(D(12)), book)
    assert given is not None and (given.percent, given.source) == (D(12), GIVEN)
    looked_up = resolve_plan(SavingsPlan(None, None, "1yr", "all_upfront"), book)
    assert looked_up is not None and looked_up.percent == D(15)
    assert "low confidence (SP3, SP1)" in looked_up.source
    with pytest.raises(PricingError, match="term 3yr, payment partial_upfront"):
        resolve_plan(SavingsPlan(None, None, "3yr", "partial_upfront"), book)
    with pytest.raises(PricingError, match="aws-lambda-cn"):
        resolve_plan(
            SavingsPlan(None, None, "3yr", "all_upfront"), load_price_book(region="cn-north-1")
        )


def test_prices_lists_the_savings_plan_table() -> None:
    text = " ".join(run("prices").stdout.split())
    assert "Compute Savings Plan discount on Lambda" in text
    assert "3yr all_upfront 17% medium S3, SP3, SP2" in text


def test_diff_compares_bills_of_one_currency() -> None:
    same = run("diff", "scenarios/china-beijing.yaml", "scenarios/china-beijing.yaml")
    assert same.exit_code == 0, same.stderr
    assert "Monthly total: ¥94.68 → ¥94.68 a month (¥0.00, 0.0%)" in same.stdout
    mixed = run("diff", "scenarios/mobile-backend.yaml", "scenarios/china-beijing.yaml")
    assert mixed.exit_code == 2 and mixed.stdout == ""
    assert mixed.stderr == (
        "Error: BASE (us-east-1) and NEW (cn-north-1) are priced in different currencies "
        "(USD and CNY), and a diff never mixes them; compare scenarios in regions of one "
        "currency\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["cost", "scenarios/china-beijing.yaml", "--compare-arch"],
        ["compare-memory", "scenarios/china-beijing.yaml", "--function", "api"],
        ["concurrency", "--rps", "10", "--duration", "1", "--region", "cn-northwest-1"],
        ["cost", "scenarios/mobile-backend.yaml", "--set", "region=cn-northwest-1"],
    ],
    ids=["compare-arch", "compare-memory", "concurrency", "set-region"],
)
def test_no_dollar_in_a_china_command(args: list[str]) -> None:
    """Every command priced from the CNY book shows yuan, in text and in JSON keys."""
    text = run(*args)
    assert text.exit_code == 0, text.stderr
    assert "$" not in text.stdout
    # (concurrency prints no money here: China's provisioned-concurrency rates are unknown)
    assert "¥" in text.stdout or args[0] == "concurrency"
    data = run(*args, "-f", "json")
    assert '_usd"' not in data.stdout and '"usd_' not in data.stdout


def test_prices_diff_keeps_to_one_currency(tmp_path: Path) -> None:
    mixed = run("prices", "diff", "pricing/aws-lambda.json", "pricing/aws-lambda-cn.json")
    assert mixed.exit_code == 2 and "in USD and pricing/aws-lambda-cn.json in CNY" in mixed.stderr
    changed = json.loads(json.dumps(CN))
    changed["regions"]["cn-north-1"]["x86_64"]["request_cny_per_million"] = "1.50"
    path = tmp_path / "cn-2027.json"
    path.write_text(json.dumps(changed))
    result = run("prices", "diff", "pricing/aws-lambda-cn.json", str(path))
    assert result.exit_code == 0, result.stderr
    assert "¥1.36" in result.stdout and "¥1.50" in result.stdout and "$" not in result.stdout


def test_the_cny_book_round_trips_through_prices_json(tmp_path: Path) -> None:
    """`prices --format json` writes a CNY book in its own spelling, usable as --prices."""
    out = run("prices", "--region", "cn-north-1", "--format", "json")
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["currency"] == "CNY"
    assert data["regions"]["cn-north-1"]["x86_64"]["request_cny_per_million"] == "1.36"
    path = tmp_path / "cn.json"
    path.write_text(out.stdout)
    again = run("cost", "scenarios/china-beijing.yaml", "--prices", str(path))
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith("china-beijing: ¥94.68 a month")
