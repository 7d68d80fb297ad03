"""Lambda Managed Instances in every output format: the instance price table (`prices
--managed-instances`) and the fleet a load needs (`concurrency --managed-instance`)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lambdacalc.managed_prices import XLARGE_VCPUS, InstanceOffer, InstanceTable
from lambdacalc.render.common import Doc, Table, csv_text, dumps, rate
from lambdacalc.render.report import Report

if TYPE_CHECKING:
    from lambdacalc.concurrency.managed import ManagedFleet
    from lambdacalc.workload import FunctionWorkload

TABLE_COLUMNS = (
    "instance_type",
    "architecture",
    "vcpus",
    "memory_gib",
    "region",
    "on_demand_usd_per_hour",
    "management_fee_usd_per_hour",
    "verified",
    "derived",
)


def _rows(table: InstanceTable, region: str | None) -> list[dict[str, Any]]:
    """Every (instance type, region) the table prices, sizes derived from xlarge."""
    fee = table.management_fee_percent / 100
    rows = []
    for family in table.families.values():
        for size, vcpus in table.sizes.items():
            for code, price in family.xlarge_usd_per_hour.items():
                if region is not None and code != region:
                    continue
                usd = price.usd_per_hour * vcpus / XLARGE_VCPUS
                rows.append(
                    {
                        "instance_type": f"{family.name}.{size}",
                        "architecture": family.architecture.value,
                        "vcpus": vcpus,
                        "memory_gib": family.memory_gib_per_vcpu * vcpus,
                        "region": code,
                        "on_demand_usd_per_hour": usd,
                        "management_fee_usd_per_hour": usd * fee,
                        "verified": price.verified,
                        "derived": "" if vcpus == XLARGE_VCPUS else f"xlarge × {vcpus}/4",
                    }
                )
    return rows


def _cell(value: Any) -> Any:
    return str(value).lower() if isinstance(value, bool) else value


class InstanceTableReport(Report):
    """`prices --managed-instances`: the LMI instance table, one row per type and region."""

    __slots__ = ("region", "table")

    def __init__(self, table: InstanceTable, region: str | None) -> None:
        self.table = table
        self.region = region

    def json(self) -> str:
        t = self.table
        data = {
            "source": t.origin,
            "retrieved": t.retrieved,
            "lambda_source": t.lambda_source,
            "ec2_source": t.ec2_source,
            "request_usd_per_million": t.request_usd_per_million,
            "management_fee_percent": t.management_fee_percent,
            "instances": _rows(t, self.region),
        }
        return dumps(data) + "\n"

    def csv(self) -> str:
        rows = ([_cell(r[c]) for c in TABLE_COLUMNS] for r in self._rows())
        return csv_text(TABLE_COLUMNS, rows)

    def _rows(self) -> list[dict[str, Any]]:
        return _rows(self.table, self.region)

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        t = self.table
        rows = [
            [
                r["instance_type"],
                r["architecture"],
                str(r["vcpus"]),
                f"{Decimal(r['memory_gib']).normalize():f}",
                r["region"],
                rate(r["on_demand_usd_per_hour"]),
                rate(r["management_fee_usd_per_hour"]),
                "yes" if r["verified"] else "no",
            ]
            for r in self._rows()
        ]
        columns = ["Instance", "Arch", "vCPU", "GiB", "Region", "On-demand/h", "Fee/h", "Verified"]
        return Doc(
            "Lambda Managed Instances: instance prices",
            f"{t.origin}, retrieved {t.retrieved}",
            [Table("", columns, rows, right={2, 3, 5, 6}, optional=(7, 1))],
            notes=[
                f"Requests ${t.request_usd_per_million} per million and a "
                f"{t.management_fee_percent}% management fee on the on-demand price "
                f"({t.lambda_source}); no duration charge.",
                f"EC2 on-demand Linux prices ({t.ec2_source}); sizes other than xlarge are "
                "derived as the xlarge price × vCPUs / 4. Unverified prices are marked 'no'.",
            ],
        )


FLEET_COLUMNS = (
    "region",
    "instance_type",
    "instance_vcpus",
    "instance_memory_gib",
    "rps",
    "duration_ms",
    "memory_mb",
    "concurrency",
    "environment_vcpus",
    "environment_max_concurrency",
    "target_utilisation_percent",
    "environments",
    "environments_per_instance",
    "minimum_instances",
    "instances",
    "instance_hours_per_month",
    "on_demand_usd_per_hour",
    "ec2_on_demand_monthly_usd",
    "management_fee_monthly_usd",
)


class ManagedPlan(Report):
    """`concurrency --managed-instance`: the LMI fleet for a load."""

    __slots__ = ("fleet", "fn", "notes", "offer", "region", "rps", "warnings")

    def __init__(
        self,
        fleet: ManagedFleet,
        offer: InstanceOffer,
        rps: Decimal,
        fn: FunctionWorkload,
        region: str,
        warnings: list[str],
        notes: list[str],
    ) -> None:
        self.fleet = fleet
        self.offer = offer
        self.rps = rps
        self.fn = fn
        self.region = region
        self.warnings = warnings
        self.notes = notes

    def _data(self) -> dict[str, Any]:
        from lambdacalc.cost.rules_managed import managed_fee_usd_per_hour

        f, o, mi = self.fleet, self.offer, self.fn.managed_instances
        assert mi is not None
        hours = f.instance_hours_per_month
        return {
            "region": self.region,
            "instance_type": o.instance_type,
            "instance_vcpus": o.vcpus,
            "instance_memory_gib": o.memory_gib,
            "rps": self.rps,
            "duration_ms": self.fn.duration_ms,
            "memory_mb": self.fn.memory_mb,
            "concurrency": f.concurrency,
            "environment_vcpus": f.environment_vcpus,
            "environment_max_concurrency": f.environment_max_concurrency,
            "target_utilisation_percent": mi.target_utilisation_percent,
            "environments": f.environments,
            "environments_per_instance": f.environments_per_instance,
            "minimum_instances": mi.minimum_instances,
            "instances": f.instances,
            "instance_hours_per_month": hours,
            "on_demand_usd_per_hour": o.on_demand_usd_per_hour,
            "ec2_on_demand_monthly_usd": hours * o.on_demand_usd_per_hour,
            "management_fee_monthly_usd": hours
            * managed_fee_usd_per_hour(o.on_demand_usd_per_hour),
        }

    def json(self) -> str:
        return dumps({**self._data(), "warnings": self.warnings, "notes": self.notes}) + "\n"

    def csv(self) -> str:
        data = self._data()
        return csv_text(FLEET_COLUMNS, [[data[c] for c in FLEET_COLUMNS]])

    def csv_warnings(self) -> tuple[str, ...]:
        return tuple(self.warnings)

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        from lambdacalc.render.common import number, usd

        d = self._data()
        rows = [
            ["Load", f"{number(d['rps'], 2)} rps × {number(d['duration_ms'])} ms"],
            ["Concurrency", number(d["concurrency"], 2)],
            [
                "Environment",
                f"{d['memory_mb']:,} MB, {number(d['environment_vcpus'], 2)} vCPU, up to "
                f"{d['environment_max_concurrency']:,} at once (planned at "
                f"{number(d['target_utilisation_percent'])}%)",
            ],
            ["Environments", f"{d['environments']:,}"],
            [
                "Instances",
                f"{d['instances']:,} × {d['instance_type']} ({d['environments_per_instance']} "
                f"environments each; minimum {d['minimum_instances']})",
            ],
            ["Instance-hours a month", number(d["instance_hours_per_month"])],
            ["EC2 on-demand a month", usd(d["ec2_on_demand_monthly_usd"])],
            ["Management fee a month", usd(d["management_fee_monthly_usd"])],
        ]
        return Doc(
            f"Lambda Managed Instances: {d['instances']:,} × {d['instance_type']}",
            f"{self.region} · {d['instance_vcpus']} vCPU, "
            f"{Decimal(d['instance_memory_gib']).normalize():f} GiB, "
            f"{rate(d['on_demand_usd_per_hour'])}/h on demand",
            [Table("", ["", "Value"], rows)],
            warnings=list(self.warnings),
            notes=[
                *self.notes,
                "Requests ($0.20 per million) are extra; plan discounts apply to the EC2 "
                "charge only, never to the 15% fee. See docs/managed-instances.md.",
            ],
        )
