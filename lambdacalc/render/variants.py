"""`cost --profiles` and `cost --compare-arch`: one column per what-if variant, each a bill
of the one cost engine; every format reads the same list of priced variants."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from lambdacalc.render.common import Doc, Table, csv_text, dumps, usd
from lambdacalc.render.diff import signed_usd
from lambdacalc.render.report import Report
from lambdacalc.whatif import PricedVariant
from lambdacalc.workload import Workload


def _heading(v: PricedVariant) -> str:
    if v.variant.multiplier is not None:
        return f"{v.variant.label} (×{v.variant.multiplier.normalize():f})"
    return v.variant.label


def _totals(v: PricedVariant) -> dict[str, Decimal]:
    return {f.name: f.total_usd for f in v.bill.functions}


def to_data(workload: Workload, priced: Sequence[PricedVariant]) -> dict[str, Any]:
    return {
        "scenario": workload.name,
        "region": workload.account.region,
        "variants": [
            {
                "name": v.variant.label,
                "profile": v.variant.profile,
                "request_multiplier": v.variant.multiplier,
                "architecture": None
                if v.variant.architecture is None
                else v.variant.architecture.value,
                "total_monthly_usd": v.bill.total_usd,
                "functions": [
                    {
                        "name": f.name,
                        "architecture": f.architecture.value,
                        "requests_per_month": f.requests,
                        "total_monthly_usd": f.total_usd,
                    }
                    for f in v.bill.functions
                ],
                "warnings": list(v.bill.warnings),
            }
            for v in priced
        ],
    }


def to_json(workload: Workload, priced: Sequence[PricedVariant]) -> str:
    return dumps(to_data(workload, priced)) + "\n"


def to_csv(workload: Workload, priced: Sequence[PricedVariant]) -> str:
    """One row per function and a TOTAL row; one `<variant>_usd` column per variant."""
    header = ["function", *(v.variant.label.replace(" ", "_") + "_usd" for v in priced)]
    totals = [_totals(v) for v in priced]
    rows: list[list[Any]] = [[f.name, *(t[f.name] for t in totals)] for f in workload.functions]
    rows.append(["TOTAL", *(v.bill.total_usd for v in priced)])
    return csv_text(header, rows)


def warnings(priced: Sequence[PricedVariant]) -> list[str]:
    """Each variant's warnings, said once, prefixed with the variant's name."""
    out: list[str] = []
    for v in priced:
        for w in v.bill.warnings:
            line = f"{v.variant.label}: {w}"
            if line not in out:
                out.append(line)
    return out


def to_doc(workload: Workload, priced: Sequence[PricedVariant], title: str) -> Doc:
    totals = [_totals(v) for v in priced]
    pair = len(priced) == 2
    columns = ["Function", "Arch", *(_heading(v) for v in priced)]
    if pair:
        columns.append("Difference")
    rows = []
    for f in workload.functions:
        row = [f.name, f.architecture.value, *(usd(t[f.name]) for t in totals)]
        if pair:
            row.append(signed_usd(totals[1][f.name] - totals[0][f.name]))
        rows.append(row)
    footer = ["Total", "", *(usd(v.bill.total_usd) for v in priced)]
    if pair:
        footer.append(signed_usd(priced[1].bill.total_usd - priced[0].bill.total_usd))
    doc = Doc(
        title=f"{workload.name}: {title}",
        subtitle=f"{workload.account.region} · each column priced as a whole account "
        "(tiers and free tier apply to each)",
    )
    doc.blocks.append(
        Table(
            title="Monthly cost",
            columns=columns,
            rows=rows,
            right=set(range(2, len(columns))),
            footer=footer,
        )
    )
    doc.warnings = warnings(priced)
    return doc


ARCH_NOTE = (
    "Both architectures are priced with the scenario's durations; code often runs faster or "
    "slower on arm64, so measure it there before deciding."
)


class VariantsReport(Report):
    """`cost --profiles` / `--compare-arch`: one bill per variant, one column each."""

    __slots__ = ("by_architecture", "by_profile", "overrides", "priced", "workload")

    def __init__(
        self,
        workload: Workload,
        priced: Sequence[PricedVariant],
        by_profile: bool,
        by_architecture: bool,
        overrides: Sequence[str] = (),
    ) -> None:
        self.workload = workload
        self.priced = priced
        self.by_profile = by_profile
        self.by_architecture = by_architecture
        self.overrides = overrides

    def json(self) -> str:
        return to_json(self.workload, self.priced)

    def csv(self) -> str:
        return to_csv(self.workload, self.priced)

    def csv_warnings(self) -> list[str]:
        return warnings(self.priced)

    def doc(self, width: int | None = None, markdown: bool = False) -> Doc:
        title = " and ".join(
            t
            for t, on in (
                ("by traffic profile", self.by_profile),
                ("x86_64 vs arm64", self.by_architecture),
            )
            if on
        )
        doc = to_doc(self.workload, self.priced, f"monthly cost {title}")
        if self.overrides:
            doc.notes.append("What-if: " + ", ".join(f"--set {o}" for o in self.overrides))
        if self.by_architecture:
            doc.notes.append(ARCH_NOTE)
        return doc
