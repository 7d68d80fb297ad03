"""Lambda Managed Instances in every output format: the instance price table (`prices
--managed-instances`) and the fleet a load needs (`concurrency --managed-instance`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lambdacalc.managed_prices import XLARGE_VCPUS, InstanceTable
from lambdacalc.render.common import Doc, Table, csv_text, dumps, rate
from lambdacalc.render.report import Report

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
