"""A price book from its mapping form (the parsed data file, see pricing/FORMAT.md): every
key checked, every price a bounded Decimal, errors naming the book and the key
(`parse_price_book`). No I/O: `lambdacalc.pricing_files` reads the files."""

from collections.abc import Iterator, Mapping
from typing import Any

from lambdacalc.currency import SYMBOLS, USD, key_in
from lambdacalc.errors import PricingError
from lambdacalc.prices import (
    SAVINGS_PLAN_PAYMENTS,
    SAVINGS_PLAN_TERMS,
    SCHEMA_VERSION,
    ArchPrices,
    Derivation,
    EdgePrices,
    FreeTier,
    PlanRate,
    PriceBook,
    RegionPrices,
    Tier,
)
from lambdacalc.prices_fields import (
    BOOK_HEADER_KEYS,
    _known_keys,
    _list,
    _mapping,
    _price,
    _text,
    check_schema_version,
    free_amounts,
    tier_pairs,
)

# --- parsing a book from its mapping form ------------------------------------------------------


_BOOK_KEYS = (*BOOK_HEADER_KEYS, "compute_savings_plan", "unpriced_regions")
_FREE_TIER_KEYS = ("requests", "duration_gb_s", "response_streaming_gb")
# Region prices read as plain values: durable functions, event poller units.
_FLAT_PRICE_KEYS = (
    "durable_operation_usd_per_million",
    "durable_written_usd_per_gb",
    "durable_retained_usd_per_gb_month",
    "sqs_epu_usd_per_hour",
    "kafka_epu_usd_per_hour",
)
_REGION_KEYS = (
    "name",
    "confidence",
    "sources",
    "note",
    "ephemeral_storage_usd_per_gb_s",
    "x86_64",
    "arm64",
    "snapstart_cache_usd_per_gb_s",
    "snapstart_restore_usd_per_gb",
    "response_streaming_usd_per_gb",
    "edge",
    "derived",
    *_FLAT_PRICE_KEYS,
)
_ARCH_KEYS = (
    "request_usd_per_million",
    "duration_tiers",
    "provisioned_concurrency_usd_per_gb_s",
    "provisioned_duration_usd_per_gb_s",
    "tenant_environment_usd_per_gb",
)
_EDGE_KEYS = ("request_usd_per_million", "duration_usd_per_gb_s")
_DERIVED_KEYS = ("from", "times", "region", "places", "note")
_PLAN_KEYS = ("discount_percent", "confidence", "sources", "note")


def _tiers(raw: Any, where: str) -> tuple[Tier, ...] | None:
    pairs = tier_pairs(raw, where, "duration_tiers", "up_to_gb_s", "usd_per_gb_s")
    return None if pairs is None else tuple(Tier(bound, rate) for bound, rate in pairs)


def _arch(raw: Any, where: str) -> ArchPrices | None:
    if raw is None:
        return None
    entry = _mapping(raw, where)
    _known_keys(entry, _ARCH_KEYS, where)
    return ArchPrices(
        request_usd_per_million=_price(
            entry.get("request_usd_per_million"), f"{where}.request_usd_per_million"
        ),
        duration_tiers=_tiers(entry.get("duration_tiers"), f"{where}.duration_tiers"),
        provisioned_concurrency_usd_per_gb_s=_price(
            entry.get("provisioned_concurrency_usd_per_gb_s"),
            f"{where}.provisioned_concurrency_usd_per_gb_s",
        ),
        provisioned_duration_usd_per_gb_s=_price(
            entry.get("provisioned_duration_usd_per_gb_s"),
            f"{where}.provisioned_duration_usd_per_gb_s",
        ),
        tenant_environment_usd_per_gb=_price(
            entry.get("tenant_environment_usd_per_gb"), f"{where}.tenant_environment_usd_per_gb"
        ),
    )


def _region(code: str, raw: Any, where: str) -> RegionPrices:
    entry = _mapping(raw, where)
    _known_keys(entry, _REGION_KEYS, where)
    edge_raw = entry.get("edge")
    edge = None
    if edge_raw is not None:
        e = _mapping(edge_raw, f"{where}.edge")
        _known_keys(e, _EDGE_KEYS, f"{where}.edge")
        edge = EdgePrices(
            _price(e.get("request_usd_per_million"), f"{where}.edge.request_usd_per_million"),
            _price(e.get("duration_usd_per_gb_s"), f"{where}.edge.duration_usd_per_gb_s"),
        )
    return RegionPrices(
        code=code,
        name=_text(entry.get("name"), f"{where}.name", code),
        confidence=_text(entry.get("confidence"), f"{where}.confidence", "unknown"),
        sources=tuple(
            _text(s, f"{where}.sources[{i}]", "")
            for i, s in enumerate(_list(entry.get("sources"), f"{where}.sources"))
        ),
        note=_text(entry.get("note"), f"{where}.note", ""),
        ephemeral_storage_usd_per_gb_s=_price(
            entry.get("ephemeral_storage_usd_per_gb_s"), f"{where}.ephemeral_storage_usd_per_gb_s"
        ),
        x86_64=_arch(entry.get("x86_64"), f"{where}.x86_64"),
        arm64=_arch(entry.get("arm64"), f"{where}.arm64"),
        snapstart_cache_usd_per_gb_s=_price(
            entry.get("snapstart_cache_usd_per_gb_s"), f"{where}.snapstart_cache_usd_per_gb_s"
        ),
        snapstart_restore_usd_per_gb=_price(
            entry.get("snapstart_restore_usd_per_gb"), f"{where}.snapstart_restore_usd_per_gb"
        ),
        response_streaming_usd_per_gb=_price(
            entry.get("response_streaming_usd_per_gb"), f"{where}.response_streaming_usd_per_gb"
        ),
        edge=edge,
        derived=_derived(entry.get("derived"), f"{where}.derived"),
        **{key: _price(entry.get(key), f"{where}.{key}") for key in _FLAT_PRICE_KEYS},
    )


def _derived(raw: Any, where: str) -> tuple[Derivation, ...]:
    """The `derived` map: value path -> {from, times, region?, places?, note?}. Whether each
    rule reproduces its value is checked by the book's tests (tests/test_pricing_data.py)."""
    if raw is None:
        return ()
    out = []
    for path, rule_raw in _mapping(raw, where).items():
        at = f"{where}.{path}"
        rule = _mapping(rule_raw, at)
        _known_keys(rule, _DERIVED_KEYS, at)
        times = _price(rule.get("times"), f"{at}.times")
        places = rule.get("places", 10)
        if times is None or not isinstance(rule.get("from"), str):
            raise PricingError(f"{at}: a derivation needs `from` (a value path) and `times`")
        if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 20:
            raise PricingError(f"{at}.places: a whole number of decimals from 0 to 20")
        out.append(
            Derivation(
                str(path),
                rule["from"],
                times,
                _text(rule.get("region"), f"{at}.region", ""),
                places,
                _text(rule.get("note"), f"{at}.note", ""),
            )
        )
    return tuple(out)


def _plan_rates(raw: Any, where: str) -> tuple[PlanRate, ...]:
    """`compute_savings_plan`: "TERM_PAYMENT" (1yr_no_upfront, …) -> {discount_percent,
    confidence, sources, note}; a null discount is one no source gives."""
    if raw is None:
        return ()
    keys = tuple(f"{t}_{p}" for t in SAVINGS_PLAN_TERMS for p in SAVINGS_PLAN_PAYMENTS)
    entries = _mapping(raw, where)
    _known_keys(entries, keys, where)
    out = []
    for key, entry_raw in entries.items():
        at = f"{where}.{key}"
        entry = _mapping(entry_raw, at)
        _known_keys(entry, _PLAN_KEYS, at)
        discount = _price(entry.get("discount_percent"), f"{at}.discount_percent", 100)
        if discount is not None and not 0 < discount < 100:
            raise PricingError(f"{at}.discount_percent: above 0 and below 100, got {discount}")
        term, _, payment = key.partition("_")
        out.append(
            PlanRate(
                term,
                payment,
                discount,
                _text(entry.get("confidence"), f"{at}.confidence", "unknown"),
                tuple(
                    _text(s, f"{at}.sources[{i}]", "")
                    for i, s in enumerate(_list(entry.get("sources"), f"{at}.sources"))
                ),
                _text(entry.get("note"), f"{at}.note", ""),
            )
        )
    return tuple(out)


def book_in_usd_spelling(raw: Mapping[str, Any], currency: str, origin: str) -> dict[str, Any]:
    """A book file's data with its regions' money keys under the engine's (USD) names, for
    code that reads the raw form (`prices diff`); a USD book is returned as it is."""
    if currency == USD or not isinstance(raw.get("regions"), dict):
        return dict(raw)
    return {**raw, "regions": _in_usd_spelling(raw["regions"], currency, f"{origin}: regions")}


def _in_usd_spelling(raw: Any, currency: str, where: str) -> Any:
    """A book in another currency spells its money keys with that currency's code
    (request_cny_per_million); read them under the engine's field names. A key spelt in USD
    there would put yuan under a dollar name: refused."""
    if isinstance(raw, list):
        return [_in_usd_spelling(v, currency, f"{where}[{i}]") for i, v in enumerate(raw)]
    if not isinstance(raw, dict):
        return raw
    code = currency.lower()
    out = {}
    for key, value in raw.items():
        words = str(key).split("_")
        if "usd" in words:
            raise PricingError(
                f"{where}.{key}: this book is in {currency}, so its prices are spelt "
                f"'{key_in(str(key), currency)}' (never _usd)"
            )
        name = "_".join("usd" if w == code else w for w in words) if code in words else key
        out[name] = (
            value
            if name in ("sources", "note", "name", "derived")
            else _in_usd_spelling(value, currency, f"{where}.{key}")
        )
    return out


class _LazyRegions(Mapping[str, RegionPrices]):
    """Regions parsed when first asked for: a command that prices one region should not
    pay for converting every price of the other thirty-odd (about 1 ms of start-up)."""

    def __init__(self, raw: dict[str, Any], origin: str) -> None:
        self._raw = raw
        self._origin = origin
        self._parsed: dict[str, RegionPrices] = {}

    def __getitem__(self, code: str) -> RegionPrices:
        region = self._parsed.get(code)
        if region is None:
            region = _region(code, self._raw[code], f"{self._origin}: regions.{code}")
            self._parsed[code] = region
        return region

    def __contains__(self, code: object) -> bool:
        return code in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def parse_price_book(raw: Any, origin: str, *, lazy: bool = False) -> PriceBook:
    """Build a PriceBook from its parsed data-file form; errors name `origin` and the key.

    With `lazy`, each region is checked and converted when first used (commands that price
    one region); otherwise all of them now (importing and validating books)."""
    book = _mapping(raw, origin)
    _known_keys(book, _BOOK_KEYS, origin)
    check_schema_version(book, SCHEMA_VERSION, origin)
    currency = _text(book.get("currency"), f"{origin}: currency", USD)
    if currency not in SYMBOLS:
        raise PricingError(
            f"{origin}: currency {currency} is not supported; a book is in {' or '.join(SYMBOLS)}"
        )
    free_tier = FreeTier(*free_amounts(book, _FREE_TIER_KEYS, origin))
    regions_raw = _mapping(book.get("regions"), f"{origin}: regions")
    if currency != USD:
        regions_raw = _in_usd_spelling(regions_raw, currency, f"{origin}: regions")
    regions: Mapping[str, RegionPrices] = (
        _LazyRegions(dict(regions_raw), origin)
        if lazy
        else {
            code: _region(code, entry, f"{origin}: regions.{code}")
            for code, entry in regions_raw.items()
        }
    )
    if not regions:
        raise PricingError(f"{origin}: the book lists no regions")
    sources = _mapping(book.get("sources") or {}, f"{origin}: sources")
    notes = _list(book.get("notes"), f"{origin}: notes")
    return PriceBook(
        name=_text(book.get("name"), f"{origin}: name", origin),
        title=_text(book.get("title"), f"{origin}: title", ""),
        effective_date=_text(book.get("effective_date"), f"{origin}: effective_date", "unknown"),
        retrieved=_text(book.get("retrieved"), f"{origin}: retrieved", "unknown"),
        currency=currency,
        origin=origin,
        sources={str(k): _text(v, f"{origin}: sources.{k}", "") for k, v in dict(sources).items()},
        notes=tuple(_text(n, f"{origin}: notes[{i}]", "") for i, n in enumerate(notes)),
        free_tier=free_tier,
        regions=regions,
        savings_plan_rates=_plan_rates(
            book.get("compute_savings_plan"), f"{origin}: compute_savings_plan"
        ),
        unpriced_regions=_unpriced_regions(book.get("unpriced_regions"), regions, origin),
    )


def _unpriced_regions(raw: Any, regions: Mapping[str, Any], origin: str) -> dict[str, str]:
    """`unpriced_regions`: region code -> why the book does not price it."""
    unpriced = _mapping(raw or {}, f"{origin}: unpriced_regions")
    for code in unpriced:
        if code in regions:
            raise PricingError(
                f"{origin}: unpriced_regions.{code}: the book also prices {code}; "
                "remove one of the two"
            )
    return {str(k): _text(v, f"{origin}: unpriced_regions.{k}", "") for k, v in unpriced.items()}
