"""Scenario keys of a function on Lambda's default compute: PC, sizing, SnapStart, streaming."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from lambdacalc.limits import (
    MAX_CONCURRENCY,
    MAX_REQUESTS_PER_MONTH,
    MAX_STREAMED_BYTES_PER_REQUEST,
    MAX_THREADS,
)
from lambdacalc.scenario_models_base import _Strict
from lambdacalc.units import parse_size_bytes


class ProvisionedConcurrencyModel(_Strict):
    """Provisioned concurrency configured on the function."""

    count: int = Field(
        strict=True, ge=1, le=MAX_CONCURRENCY, description="Environments kept initialised."
    )
    hours_per_month: Decimal = Field(
        default=Decimal(730),
        gt=0,
        le=730,
        description="Hours a month it is enabled (a month is 730 hours in lambdacalc).",
    )
    requests_per_month: Decimal | None = Field(
        default=None,
        ge=0,
        le=MAX_REQUESTS_PER_MONTH,
        description="Invocations meant for it; default: the traffic that arrives while it "
        "is enabled. Either way it serves at most count × enabled time ÷ duration (one "
        "request at a time per environment); the rest is billed on demand, with a warning "
        "when a number given here is cut.",
    )
    duration_ms: Decimal | None = Field(
        default=None,
        gt=0,
        le=900_000,
        description="Average duration of those invocations; default: the function's.",
    )


class SizingHintsModel(_Strict):
    """What lambdacalc may use to recommend a memory size."""

    max_memory_used_mb: int | None = Field(
        default=None, strict=True, ge=1, le=10240, description="Max Memory Used from the logs."
    )
    cpu_bound: Decimal | None = Field(
        default=None, ge=0, le=1, description="Share of the duration that scales with CPU."
    )
    threads: int | None = Field(default=None, strict=True, ge=1, le=MAX_THREADS)
    measured_durations_ms: dict[int, Decimal] | None = Field(
        default=None, description="Measured average duration (ms) by memory size (MB)."
    )


class SnapStartModel(_Strict):
    """SnapStart on published versions (Python and .NET are charged; Java is not)."""

    runtime: Literal["python", "dotnet", "java"] = Field(
        description="python | dotnet | java (Java managed runtimes pay no SnapStart fees)."
    )
    active_hours_per_month: Decimal = Field(
        default=Decimal(730),
        gt=0,
        le=744,
        description="Hours a month the versions are active (cache charged for at least 3).",
    )
    restore_percent: Decimal = Field(
        default=Decimal(0), ge=0, le=100, description="Share of invocations restored."
    )


class ResponseStreamingModel(_Strict):
    """Responses streamed to the caller (InvokeWithResponseStream, function URLs)."""

    bytes_per_request: int | str = Field(
        description="Average streamed per request: bytes, or with a unit B, KB, MB, GB "
        "(1024-based), e.g. 7MB; at most 200MB (AWS's limit). The first 6 MB of each "
        "response are free; beyond them Lambda streams at most 2 MB/s, so the duration is "
        "at least what the bytes need at that rate."
    )

    @field_validator("bytes_per_request", mode="before")
    @classmethod
    def _one_kind(cls, value: object) -> object:
        """One message for a wrong kind of value, not one per branch of `int | str`."""
        if isinstance(value, Decimal) and value.is_finite() and value == int(value):
            return int(value)
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError(
                "expected a whole number of bytes or a size with a unit, such as 7MB or 1.5KB"
            )
        return value

    @field_validator("bytes_per_request")
    @classmethod
    def _size(cls, value: int | str) -> int | str:
        if isinstance(value, bool):
            raise ValueError("expected a size such as 7MB")
        try:
            size = parse_size_bytes(value)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
        if size < 0:
            raise ValueError("a size cannot be negative")
        if size > MAX_STREAMED_BYTES_PER_REQUEST:
            raise ValueError(
                f"{value} is more than 200MB, the most Lambda streams in one response; "
                "give the average streamed per response, at most 200MB"
            )
        return value
