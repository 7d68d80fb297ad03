"""The Lambda Managed Instances (LMI) price table: `pricing/managed-instances.json`.

Lambda's own LMI charges (requests, the management fee percentage) and the EC2 on-demand
prices of the instance families lambdacalc bundles. Parsing and lookup are plain functions;
`load_instance_table` is the one function that reads a file.

Only each family's xlarge price is stored per region; other sizes are derived as
xlarge price × vCPUs / 4 (EC2 prices these families linearly in size), and the lookup says so.
Sources: https://aws.amazon.com/lambda/pricing/ (LMI charges) and
https://aws.amazon.com/ec2/pricing/on-demand/ (instance prices).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from lambdacalc.errors import PricingError
from lambdacalc.prices import Architecture

DEFAULT_TABLE = "managed-instances.json"
XLARGE_VCPUS = 4
INSTANCE_TYPE_PATTERN = re.compile(r"^([a-z][a-z0-9-]*)\.([a-z0-9]+)$")


class RegionPrice(NamedTuple):
    usd_per_hour: Decimal
    verified: bool
    note: str


class Family(NamedTuple):
    name: str
    description: str
    architecture: Architecture
    memory_gib_per_vcpu: Decimal
    xlarge_usd_per_hour: dict[str, RegionPrice]


class InstanceTable(NamedTuple):
    origin: str  # the file it came from, for messages
    retrieved: str
    lambda_source: str
    ec2_source: str
    request_usd_per_million: Decimal
    management_fee_percent: Decimal
    sizes: dict[str, int]  # size name → vCPUs
    families: dict[str, Family]


class InstanceOffer(NamedTuple):
    """One instance type in one region, as the cost and concurrency models need it."""

    instance_type: str
    architecture: Architecture
    vcpus: int
    memory_gib: Decimal
    on_demand_usd_per_hour: Decimal
    verified: bool
    derived: str  # "" when the table states the price itself


def _decimal(value: Any, where: str, origin: str) -> Decimal:
    try:
        out = Decimal(str(value))
    except InvalidOperation:
        raise PricingError(f"{origin}: {where}: {value!r} is not a number") from None
    if not out.is_finite() or out < 0:
        raise PricingError(f"{origin}: {where}: {value!r} is not a price of 0 or more")
    return out


def _field(data: Any, key: str, where: str, origin: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise PricingError(f"{origin}: {where}: missing key '{key}'; see pricing/FORMAT.md")
    return data[key]


def parse_instance_table(raw: Any, origin: str) -> InstanceTable:
    """The table from parsed JSON; any structural problem is one PricingError line."""
    lam = _field(raw, "lambda", "top level", origin)
    ec2 = _field(raw, "ec2", "top level", origin)
    sizes_raw = _field(ec2, "sizes", "ec2", origin)
    if not isinstance(sizes_raw, dict) or not sizes_raw:
        raise PricingError(f"{origin}: ec2.sizes: expected a mapping of size name to vCPUs")
    sizes: dict[str, int] = {}
    for size, vcpus in sizes_raw.items():
        if isinstance(vcpus, bool) or not isinstance(vcpus, int) or vcpus < 1:
            raise PricingError(f"{origin}: ec2.sizes.{size}: expected a whole number of vCPUs")
        sizes[str(size)] = vcpus
    families: dict[str, Family] = {}
    families_raw = _field(ec2, "families", "ec2", origin)
    if not isinstance(families_raw, dict):
        raise PricingError(f"{origin}: ec2.families: expected a mapping")
    for name, fam in families_raw.items():
        where = f"ec2.families.{name}"
        arch = _field(fam, "architecture", where, origin)
        try:
            architecture = Architecture(arch)
        except ValueError:
            raise PricingError(
                f"{origin}: {where}.architecture: {arch!r} is not x86_64 or arm64"
            ) from None
        regions: dict[str, RegionPrice] = {}
        prices_raw = _field(fam, "xlarge_usd_per_hour", where, origin)
        if not isinstance(prices_raw, dict):
            raise PricingError(f"{origin}: {where}.xlarge_usd_per_hour: expected a mapping")
        for region, entry in prices_raw.items():
            at = f"{where}.xlarge_usd_per_hour.{region}"
            usd = _decimal(_field(entry, "usd_per_hour", at, origin), at, origin)
            regions[str(region)] = RegionPrice(
                usd, bool(entry.get("verified", False)), str(entry.get("note", ""))
            )
        families[str(name)] = Family(
            str(name),
            str(fam.get("description", "")),
            architecture,
            _decimal(_field(fam, "memory_gib_per_vcpu", where, origin), where, origin),
            regions,
        )
    return InstanceTable(
        origin,
        str(raw.get("retrieved", "")),
        str(lam.get("source", "")),
        str(ec2.get("source", "")),
        _decimal(_field(lam, "request_usd_per_million", "lambda", origin), "lambda", origin),
        _decimal(_field(lam, "management_fee_percent", "lambda", origin), "lambda", origin),
        sizes,
        families,
    )


def offer(table: InstanceTable, instance_type: str, region: str) -> InstanceOffer:
    """One instance type's shape and on-demand price in `region`; a PricingError saying what
    the table has when it lacks it."""
    match = INSTANCE_TYPE_PATTERN.match(instance_type)
    family = table.families.get(match.group(1)) if match else None
    if match is None or family is None:
        known = ", ".join(sorted(table.families))
        raise PricingError(
            f"instance type '{instance_type}' is not in {table.origin} (families: {known}); "
            "use one of them, or give on_demand_usd_per_hour, vcpus and memory_gib for it"
        )
    size = match.group(2)
    vcpus = table.sizes.get(size)
    if vcpus is None:
        raise PricingError(
            f"instance size '{size}' of '{instance_type}' is not in {table.origin} (sizes: "
            f"{', '.join(table.sizes)}); use one of them, or give on_demand_usd_per_hour, "
            "vcpus and memory_gib"
        )
    price = family.xlarge_usd_per_hour.get(region)
    if price is None:
        raise PricingError(
            f"{table.origin} has no {family.name} price for {region} (it has "
            f"{', '.join(family.xlarge_usd_per_hour)}); give on_demand_usd_per_hour"
        )
    derived = ""
    usd = price.usd_per_hour
    if vcpus != XLARGE_VCPUS:
        usd = usd * vcpus / XLARGE_VCPUS
        derived = f"{family.name}.xlarge × {vcpus}/{XLARGE_VCPUS}"
    return InstanceOffer(
        instance_type,
        family.architecture,
        vcpus,
        family.memory_gib_per_vcpu * vcpus,
        usd,
        price.verified,
        derived,
    )


def load_instance_table(path: str | Path | None = None) -> InstanceTable:
    """The bundled table, or the user's file at `path` (same format, JSON or YAML)."""
    from lambdacalc.pricing_files import data_dir, read_structured_file

    table_path = Path(path) if path is not None else data_dir("pricing") / DEFAULT_TABLE
    raw = read_structured_file(table_path, "managed-instances price table")
    origin = str(path) if path is not None else f"pricing/{DEFAULT_TABLE}"
    return parse_instance_table(raw, origin)
