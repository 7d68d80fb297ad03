"""Lambda Managed Instances (LMI): the price table, the three charges and the fleet a load
needs, with every number worked by hand in a comment."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lambdacalc.cli import app
from lambdacalc.concurrency.managed import average_rps, fleet, scaling_warning
from lambdacalc.cost import Component, price
from lambdacalc.errors import InputError, PricingError
from lambdacalc.managed_prices import load_instance_table, offer
from lambdacalc.prices import REQUEST, Architecture
from lambdacalc.pricing_files import load_price_book
from lambdacalc.scenario import load
from lambdacalc.workload import Account, FunctionWorkload, ManagedInstances, Workload

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "managed-instances.yaml"
D = Decimal


def _fn(mi: ManagedInstances, **kw: object) -> FunctionWorkload:
    base: dict[str, object] = {
        "name": "api",
        "memory_mb": 2048,
        "duration_ms": D(100),
        "requests_per_month": D(100_000_000),
        "architecture": Architecture.ARM64,
        "managed_instances": mi,
    }
    base.update(kw)
    return FunctionWorkload(**base)  # type: ignore[arg-type]


M7G_XL = ManagedInstances(
    "m7g.xlarge", vcpus=4, memory_gib=D(16), on_demand_usd_per_hour=D("0.1632")
)


def _bill(fn: FunctionWorkload, account: Account | None = None):  # type: ignore[no-untyped-def]
    return price(Workload("t", account or Account(), (fn,)), load_price_book())


def test_awss_worked_example_to_the_cent() -> None:
    # 100M × $0.20/M = $20.00; 2,000 h × $0.0457 = $91.40; 2,000 h × 0.15 × $0.1632 = $48.96
    bill = price(load(str(EXAMPLE)).workload, load_price_book())
    (f,) = bill.functions
    assert f.component_usd(Component.REQUESTS) == D("20.00")
    assert f.component_usd(Component.MANAGED_INSTANCES) == D("91.40")
    assert f.component_usd(Component.MANAGED_FEE) == D("48.96")
    assert f.component_usd(Component.DURATION) == 0
    assert bill.total_usd == D("160.36")


def test_a_discount_percent_discounts_the_instance_but_never_the_fee() -> None:
    # 2,000 h × $0.1632 × (1 − 0.72) = 2,000 × $0.045696 = $91.392 (AWS rounds the rate to
    # $0.0457, giving $91.40); the fee stays 2,000 × $0.02448 = $48.96
    mi = M7G_XL._replace(instance_hours_per_month=D(2000), savings_plan_discount_percent=D(72))
    f = _bill(_fn(mi)).functions[0]
    assert f.component_usd(Component.MANAGED_INSTANCES) == D("91.392")
    assert f.component_usd(Component.MANAGED_FEE) == D("48.96")
    assert f.total_usd == D("160.352")


def test_on_demand_instances_pay_the_fee_on_the_same_price() -> None:
    # 730 h × $0.1632 = $119.136; fee 730 × $0.02448 = $17.8704
    mi = M7G_XL._replace(instance_hours_per_month=D(730))
    f = _bill(_fn(mi, requests_per_month=D(0))).functions[0]
    assert f.component_usd(Component.MANAGED_INSTANCES) == D("119.136")
    assert f.component_usd(Component.MANAGED_FEE) == D("17.8704")


def test_no_free_tier_and_no_lambda_savings_plan_for_lmi() -> None:
    from lambdacalc.workload import SavingsPlan

    mi = M7G_XL._replace(instance_hours_per_month=D(2000), instance_usd_per_hour=D("0.0457"))
    account = Account(free_tier=True, savings_plan=SavingsPlan(D(17)))
    bill = _bill(_fn(mi), account)
    assert bill.total_usd == D("160.36")  # neither 1M free requests nor 17% off anything
    assert bill.free_tier.requests_used == 0
    assert any("Lambda Managed Instances" in a for a in bill.assumptions)


def test_the_table_prices_sizes_linearly_and_says_it_derived_them() -> None:
    table = load_instance_table()
    xl = offer(table, "m7g.xlarge", "us-east-1")
    assert (xl.vcpus, xl.memory_gib, xl.on_demand_usd_per_hour) == (4, 16, D("0.1632"))
    assert xl.derived == "" and xl.verified
    big = offer(table, "m7g.2xlarge", "us-east-1")  # $0.1632 × 8 / 4 = $0.3264
    assert (big.vcpus, big.memory_gib, big.on_demand_usd_per_hour) == (8, 32, D("0.3264"))
    assert big.derived
    with pytest.raises(PricingError, match="no m7g price for sa-east-1"):
        offer(table, "m7g.xlarge", "sa-east-1")


def test_the_table_covers_the_issues_regions_and_lambdas_request_price() -> None:
    table = load_instance_table()
    for family in table.families.values():
        assert {"us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"} <= set(
            family.xlarge_usd_per_hour
        )
    assert table.management_fee_percent == 15
    book = load_price_book()
    per_million = book.lookup("us-east-1", REQUEST[Architecture.ARM64])
    assert table.request_usd_per_million == per_million == D("0.20")
    raw = json.loads((ROOT / "pricing" / "managed-instances.json").read_text())
    assert raw["lambda"]["source"] == "https://aws.amazon.com/lambda/pricing/"


def test_the_fleet_a_load_needs() -> None:
    # Python: 16 per vCPU; 2,048 MB at 2 GiB/vCPU = 1 vCPU → 16 at once per environment.
    # 1,000 rps × 0.1 s = 100 concurrent → ceil(100 / 16) = 7 environments; an m7g.xlarge
    # holds min(4 / 1, 16 / 2) = 4 → ceil(7 / 4) = 2 instances, below the minimum of 3.
    mi = M7G_XL._replace(runtime="python")
    small = fleet(_fn(mi), D(1000))
    assert (small.concurrency, small.environment_max_concurrency) == (100, 16)
    assert (small.environments, small.environments_per_instance) == (7, 4)
    assert (small.instances, small.minimum_binds) == (3, True)
    assert small.instance_hours_per_month == 3 * 730
    # 10,000 rps → 1,000 concurrent → 63 environments → ceil(63 / 4) = 16 instances
    big = fleet(_fn(mi), D(10_000))
    assert (big.environments, big.instances, big.minimum_binds) == (63, 16, False)
    # at 50% target utilisation each environment plans for 8: ceil(1000 / 8) = 125 → 32
    half = fleet(_fn(mi._replace(target_utilisation_percent=D(50))), D(10_000))
    assert (half.environments, half.instances) == (125, 32)


def test_the_derived_hours_are_billed() -> None:
    # 100M a month ÷ 2,628,000 s = 38.05 rps × 0.1 s = 3.8 concurrent → 3 environments (the
    # minimum) → 3 instances × 730 h = 2,190 h × $0.1632 = $357.408; fee × 0.15 = $53.6112
    mi = M7G_XL._replace(runtime="nodejs")
    fn = _fn(mi)
    assert fleet(fn, average_rps(fn)).instances == 3
    f = _bill(fn).functions[0]
    assert f.component_usd(Component.MANAGED_INSTANCES) == D("357.408")
    assert f.component_usd(Component.MANAGED_FEE) == D("53.6112")


def test_an_environment_too_big_for_the_instance_is_an_error() -> None:
    mi = M7G_XL._replace(runtime="java")
    with pytest.raises(InputError, match=r"does not fit on m7g\.xlarge"):
        fleet(_fn(mi, memory_mb=10240), D(10))  # 10 GiB at 2 GiB/vCPU = 5 vCPU > 4


def test_traffic_doubling_within_five_minutes_warns() -> None:
    assert scaling_warning(D(100), D(201), D(5)) is not None
    assert scaling_warning(D(100), D(200), D(5)) is None  # doubling exactly is not "more"
    assert scaling_warning(D(100), D(300), D(6)) is None


def test_cost_cli_shows_the_three_line_items_in_csv_and_json() -> None:
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["cost", str(EXAMPLE), "-f", "json"]).stdout)
    assert data["functions"][0]["components"] == {
        "requests": 20,
        "managed_instances": 91.4,
        "managed_instances_fee": 48.96,
    }
    csv_text = runner.invoke(app, ["cost", str(EXAMPLE), "-f", "csv"]).stdout
    header, first = csv_text.splitlines()[:2]
    row = dict(zip(header.split(","), first.split(","), strict=True))
    assert row["components.managed_instances"] == "91.4"
    assert row["components.managed_instances_fee"] == "48.96"
    assert row["total_monthly_usd"] == "160.36"


def test_the_fee_matches_the_per_instance_fees_published_for_c7g_and_c7i() -> None:
    # 15% × $0.145 = $0.02175 (c7g.xlarge); 15% × $0.1785 = $0.026775 (c7i.xlarge)
    from lambdacalc.cost.rules_managed import managed_fee_usd_per_hour

    table = load_instance_table()
    for instance, fee in (("c7g.xlarge", "0.02175"), ("c7i.xlarge", "0.026775")):
        on_demand = offer(table, instance, "us-east-1").on_demand_usd_per_hour
        assert managed_fee_usd_per_hour(on_demand) == D(fee)


def test_prices_shows_the_managed_instances_table() -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["prices", "--managed-instances", "-r", "us-east-1", "-f", "csv"])
    assert out.exit_code == 0, out.stderr
    assert "m7g.xlarge,arm64,4,16,us-east-1,0.1632,0.02448,true," in out.stdout
    data = json.loads(runner.invoke(app, ["prices", "--managed-instances", "-f", "json"]).stdout)
    assert data["management_fee_percent"] == 15
    assert len({r["region"] for r in data["instances"]}) == 4


def test_break_even_with_the_hours_given() -> None:
    # on-demand duration per request: 0.1 s × 2 GB × $0.0000133334 = $0.00000266668;
    # LMI's hour: $0.0457 + $0.02448 = $0.07018; 2,000 h × $0.07018 = $140.36
    # → $140.36 / $0.00000266668 = 52,634,736.8 requests a month
    from lambdacalc.cost.managed_compare import break_even_requests

    even = break_even_requests(D("0.00000266668"), D("0.07018"), instance_hours=D(2000))
    assert even is not None and even.quantize(D("0.1")) == D("52634736.8")


def test_break_even_with_the_fleet_derived() -> None:
    # on-demand m7g.xlarge: $0.1632 + $0.02448 = $0.18768 an hour; k = 730 × $0.18768 /
    # $0.00000266668 = 51,377,143.1 requests a month per instance; one instance serves
    # cap = 4 environments × 64 × 2,628,000 s / 0.1 s = 6,727,680,000 ≥ k, so LMI wins above
    # 3 × k = 154,131,429.3 (3 instances' month = 3 × 730 × $0.18768 = $411.02 = 154.1M × d)
    from lambdacalc.cost.managed_compare import break_even_requests, requests_per_instance_month

    cap = requests_per_instance_month(4, D(64), D("0.1"))
    assert cap == D(6_727_680_000)
    even = break_even_requests(
        D("0.00000266668"), D("0.18768"), floor_instances=3, requests_per_instance_month=cap
    )
    assert even is not None and even.quantize(D("0.1")) == D("154131429.3")
    # an instance that serves less than its own month's worth (k = 730 > cap = 700): never
    assert (
        break_even_requests(D(1), D(1), floor_instances=3, requests_per_instance_month=D(700))
        is None
    )


def test_cost_compares_the_three_options_for_an_lmi_function() -> None:
    # on-demand: 100M × 0.1 s × 2 GB = 20,000,000 GB-s × $0.0000133334 = $266.668 + $20.00
    # requests = $286.67; LMI $160.36 (AWS's example); break-even 52.6M as above
    from lambdacalc.cost.managed_compare import compare

    fn = load(str(EXAMPLE)).workload.functions[0]
    c = compare(fn, load_price_book(), "us-east-1")
    assert c.on_demand_usd == D("286.668")
    assert c.managed_usd == D("160.36")
    assert c.provisioned_environments == 6  # 38.05 rps × 0.1 s = 3.8 / 0.7 → 6
    assert c.cheapest == "LMI"
    out = " ".join(CliRunner().invoke(app, ["cost", str(EXAMPLE)]).stdout.split())
    assert "LMI is cheaper than on-demand above 52.6 million requests a month" in out


LMI_FLAGS = [
    "concurrency", "--rps", "2000", "--peak-rps", "5000", "--duration", "100ms",
    "--memory", "2048", "--architecture", "arm64", "--managed-instance", "m7g.xlarge",
    "--runtime", "nodejs",
]  # fmt: skip


def test_concurrency_plans_the_lmi_fleet_in_every_format() -> None:
    # peak 5,000 rps × 0.1 s = 500 concurrent; Node.js 64 per vCPU × 1 vCPU = 64 each →
    # ceil(500 / 64) = 8 environments; 4 per m7g.xlarge → 2 instances, the minimum 3 binds:
    # 3 × 730 = 2,190 h × $0.1632 = $357.408 EC2, × 15% = $53.6112 fee
    runner = CliRunner()
    data = json.loads(runner.invoke(app, [*LMI_FLAGS, "-f", "json"]).stdout)
    assert (data["concurrency"], data["environments"], data["instances"]) == (500, 8, 3)
    assert data["instance_hours_per_month"] == 2190
    assert data["ec2_on_demand_monthly_usd"] == 357.408
    assert data["management_fee_monthly_usd"] == 53.6112
    assert any("more than doubles within 5 minutes" in w for w in data["warnings"])
    result = runner.invoke(app, [*LMI_FLAGS, "-f", "csv"])
    header, row = result.stdout.splitlines()
    assert dict(zip(header.split(","), row.split(","), strict=True))["instances"] == "3"
    assert "more than doubles" in result.stderr  # the CSV has no room for warnings
    text = runner.invoke(app, LMI_FLAGS).stdout
    assert "3 × m7g.xlarge" in text


def test_concurrency_lmi_without_memory_or_architecture_says_what_it_chose() -> None:
    # No error about flags the user did not give: memory is LMI's smallest (2,048 MB) and
    # the architecture is the instance's (m7g: arm64), and the notes say so.
    flags = [f for f in LMI_FLAGS if f not in ("--memory", "2048", "--architecture", "arm64")]
    result = CliRunner().invoke(app, [*flags, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["environments"], data["instances"]) == (8, 3)  # as with the flags given
    assert any("memory 2,048 MB, the smallest function" in n for n in data["notes"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--memory", "1024"], "smallest function on Lambda Managed Instances is 2048 MB"),
        (["--architecture", "x86_64"], "pass --architecture arm64"),
        (["--per-env-concurrency", "2000"], "outside 1..1600"),
        (["--memory-per-vcpu", "9"], "--memory-per-vcpu 9 is above 8"),
        (["--runtime", "cobol"], "--runtime 'cobol' is not known"),
        (["--managed-instance", "z9.large"], "instance type 'z9.large' is not in"),
    ],
)
def test_concurrency_lmi_flags_are_checked(change: list[str], message: str) -> None:
    result = CliRunner().invoke(app, [*LMI_FLAGS, *change])
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr


def test_concurrency_of_a_scenario_shows_each_lmi_functions_fleet() -> None:
    # 100M a month = 38.05 rps × 0.1 s = 3.81 at once → 3 environments (Node.js, 64 each)
    # → 3 × m7g.xlarge, the minimum
    data = json.loads(CliRunner().invoke(app, ["concurrency", str(EXAMPLE), "-f", "json"]).stdout)
    line = next(w for w in data["warnings"] if "Lambda Managed Instances" in w)
    assert "3.81 at once" in line and "3 environments" in line
    assert "3 × m7g.xlarge, the minimum" in line


def test_compare_memory_refuses_an_lmi_function() -> None:
    result = CliRunner().invoke(app, ["compare-memory", str(EXAMPLE)])
    assert result.exit_code == 2
    assert "runs on Lambda Managed Instances, where memory does not set the price" in result.stderr


@settings(max_examples=60, deadline=None)
@given(
    discount=st.integers(min_value=0, max_value=99),
    hours=st.integers(min_value=1, max_value=100_000),
)
def test_the_fee_never_depends_on_the_plan(discount: int, hours: int) -> None:
    mi = M7G_XL._replace(
        instance_hours_per_month=D(hours), savings_plan_discount_percent=D(discount)
    )
    f = _bill(_fn(mi)).functions[0]
    assert f.component_usd(Component.MANAGED_FEE) == hours * D("0.02448")
    assert f.component_usd(Component.MANAGED_INSTANCES) <= hours * D("0.1632")
    assert f.total_usd == sum((i.cost_usd for i in f.items), D(0))


@settings(max_examples=60, deadline=None)
@given(
    low=st.integers(min_value=0, max_value=50_000),
    extra=st.integers(min_value=0, max_value=50_000),
    per_env=st.integers(min_value=1, max_value=1600),
)
def test_more_traffic_never_needs_fewer_instances(low: int, extra: int, per_env: int) -> None:
    fn = _fn(M7G_XL._replace(per_environment_max_concurrency=per_env))
    a, b = fleet(fn, D(low)), fleet(fn, D(low + extra))
    assert a.instances <= b.instances and a.environments <= b.environments
    assert a.instances >= 3 and a.environments <= a.instances * a.environments_per_instance


def test_prices_import_ec2_updates_the_table_from_an_offer(tmp_path: Path) -> None:
    # the fixture's prices are made up: m7g.xlarge eu-west-1 Linux $0.178 is the one row that
    # counts (Windows, 2xlarge, dedicated tenancy and t3 are not taken)
    out = tmp_path / "table.json"
    result = CliRunner().invoke(
        app,
        ["prices", "import-ec2", "tests/fixtures/ec2/ec2-offer-small.json", "-o", str(out)],
    )
    assert result.exit_code == 0, result.stderr
    table = load_instance_table(out)
    eu = table.families["m7g"].xlarge_usd_per_hour["eu-west-1"]
    assert (eu.usd_per_hour, eu.verified) == (D("0.178"), True)
    assert table.families["c7g"].xlarge_usd_per_hour["eu-west-1"].verified is False  # untouched
    assert table.retrieved == "2026-12-01"
    assert offer(table, "m7g.2xlarge", "eu-west-1").on_demand_usd_per_hour == D("0.356")


def test_prices_import_ec2_rejects_an_offer_without_those_families(tmp_path: Path) -> None:
    offer_path = tmp_path / "lambda.json"
    offer_path.write_text('{"products": {}, "terms": {"OnDemand": {}}}')
    result = CliRunner().invoke(app, ["prices", "import-ec2", str(offer_path)])
    assert result.exit_code == 2
    assert "no on-demand Linux xlarge price of" in result.stderr


def test_compare_arch_keeps_an_lmi_function_on_its_instances_architecture() -> None:
    from lambdacalc.whatif import on_architecture

    workload = load(str(EXAMPLE)).workload
    moved = on_architecture(workload, Architecture.X86_64)
    assert moved.functions[0].architecture is Architecture.ARM64  # m7g is Graviton


def test_cost_reads_another_managed_instances_table(tmp_path: Path) -> None:
    # the table's m7g.xlarge at $0.20/h: 100 h × $0.20 = $20.00, fee 100 × $0.03 = $3.00
    raw = json.loads((ROOT / "pricing" / "managed-instances.json").read_text())
    raw["ec2"]["families"]["m7g"]["xlarge_usd_per_hour"]["us-east-1"]["usd_per_hour"] = "0.20"
    table = tmp_path / "table.json"
    table.write_text(json.dumps(raw))
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "functions:\n  - {name: api, architecture: arm64, memory_mb: 2048, duration_ms: 100,\n"
        "     requests_per_month: 1000000,\n"
        "     managed_instances: {instance_type: m7g.xlarge, instance_hours_per_month: 100}}\n"
    )
    result = CliRunner().invoke(
        app, ["cost", str(scenario), "--managed-prices", str(table), "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    components = json.loads(result.stdout)["functions"][0]["components"]
    assert (components["managed_instances"], components["managed_instances_fee"]) == (20, 3)
