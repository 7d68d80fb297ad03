"""The scenario file schema (pydantic), the one contract between users' YAML and the models.

Only the scenario loader imports this module: pydantic costs start-up time that commands
reading no scenario should not pay. Field descriptions feed `lambdacalc schema` (the JSON
Schema editors use) and docs/scenarios.md's field reference.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from lambdacalc.limits import (
    MAX_COMMITMENT_USD_PER_HOUR,
    MAX_CONCURRENCY,
    MAX_LOG_BYTES_PER_REQUEST,
    MAX_MEMORY_MB,
    MAX_PROFILE_MULTIPLIER,
    MAX_REQUESTS_PER_DAY,
    MAX_REQUESTS_PER_MONTH,
    MAX_REQUESTS_PER_SECOND,
    MAX_STREAMED_BYTES_PER_REQUEST,
    MAX_THREADS,
    MIN_BILLED_MS,
    MIN_MEMORY_MB,
    PROFILE_NAME,
)
from lambdacalc.prices import REGION_PATTERN
from lambdacalc.units import parse_size_bytes

PROFILE_PATTERN = f"^{PROFILE_NAME}$"

ProfileName = Annotated[str, StringConstraints(strict=True, pattern=PROFILE_PATTERN)]
ProfileMultiplier = Annotated[Decimal, Field(gt=0, le=MAX_PROFILE_MULTIPLIER)]

WholeMB = Annotated[int, Field(strict=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
        "(1024-based), e.g. 7MB; at most 1GB. The first 6 MB of each response are free."
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
                f"{value} is more than 1GB a request, the most accepted; give the average "
                "streamed per response"
            )
        return value


class SqsPollersModel(_Strict):
    """SQS provisioned mode: dedicated event pollers, 10 concurrent invokes each."""

    minimum: int = Field(default=2, strict=True, ge=2, le=200, description="2..200 pollers.")
    maximum: int = Field(
        default=200, strict=True, ge=2, le=2000, description="2..2000 pollers (AWS: 200)."
    )

    @model_validator(mode="after")
    def _ordered(self) -> SqsPollersModel:
        if self.minimum > self.maximum:
            raise ValueError(f"minimum {self.minimum} is above maximum {self.maximum}; swap them")
        return self


class SqsModel(_Strict):
    """The function is fed by an SQS standard queue (the concurrency view models its ramp:
    5 concurrent batches, +300 a minute, at most 1,000; or provisioned pollers)."""

    maximum_concurrency: int | None = Field(
        default=None, strict=True, ge=2, le=1000, description="ScalingConfig, 2..1000."
    )
    provisioned_pollers: SqsPollersModel | None = Field(
        default=None, description="Provisioned mode; not with maximum_concurrency."
    )

    @model_validator(mode="after")
    def _one_mode(self) -> SqsModel:
        if self.maximum_concurrency is not None and self.provisioned_pollers is not None:
            raise ValueError(
                "maximum_concurrency and provisioned_pollers cannot be combined (AWS allows "
                "one or the other); keep one"
            )
        return self


class FunctionModel(_Strict):
    """One Lambda function and its monthly traffic."""

    name: str = Field(min_length=1, description="Unique within the file.")
    architecture: Literal["x86_64", "arm64"] = "x86_64"
    memory_mb: WholeMB = Field(
        ge=MIN_MEMORY_MB, le=MAX_MEMORY_MB, description="128..10240, whole MB."
    )
    ephemeral_storage_mb: WholeMB = Field(
        default=512, ge=512, le=10240, description="/tmp size, 512..10240 MB."
    )
    duration_ms: Decimal = Field(
        gt=0, le=900_000, description="Average duration of one invocation, in ms."
    )
    duration_billed: bool = Field(
        default=False,
        strict=True,
        description="duration_ms is the mean of measured Billed Durations (each already "
        "rounded up to 1 ms, INIT included, so at least 1): billed as given, not rounded up "
        "again. "
        "`logs analyze --emit-scenario` sets it.",
    )
    requests_per_month: Decimal | None = Field(
        default=None,
        ge=0,
        le=MAX_REQUESTS_PER_MONTH,
        description="All invocations, PC-served included (at most 10^15).",
    )

    @field_validator("duration_billed")
    @classmethod
    def _billed_at_least_1_ms(cls, billed: bool, info: ValidationInfo) -> bool:
        duration = info.data.get("duration_ms")  # absent when it failed its own checks
        if billed and duration is not None and duration < MIN_BILLED_MS:
            raise ValueError(
                f"duration_ms {duration} is below 1 ms, but Lambda bills every invocation at "
                "least 1 ms, so a mean of Billed Durations is at least 1; give the mean Billed "
                "Duration, or remove duration_billed if duration_ms is a measured Duration"
            )
        return billed

    requests_per_day: Decimal | None = Field(
        default=None, ge=0, le=MAX_REQUESTS_PER_DAY, description="At most 3 × 10^13."
    )
    requests_per_second: Decimal | None = Field(
        default=None, ge=0, le=MAX_REQUESTS_PER_SECOND, description="Average; at most 3 × 10^8."
    )
    peak_requests_per_second: Decimal | None = Field(
        default=None,
        gt=0,
        le=MAX_REQUESTS_PER_SECOND,
        description="For the concurrency model; at most 3 × 10^8.",
    )
    cold_start_percent: Decimal = Field(
        default=Decimal(0),
        ge=0,
        le=100,
        description="Share of on-demand invocations running INIT; needs init_duration_ms.",
    )
    init_duration_ms: Decimal = Field(
        default=Decimal(0), ge=0, le=10_000, description="INIT time (billed since 1 Aug 2025)."
    )
    reserved_concurrency: int | None = Field(default=None, strict=True, ge=0, le=MAX_CONCURRENCY)
    provisioned_concurrency: ProvisionedConcurrencyModel | None = None
    sizing: SizingHintsModel | None = None
    snapstart: SnapStartModel | None = None
    response_streaming: ResponseStreamingModel | None = None
    sqs: SqsModel | None = Field(
        default=None, description="Fed by an SQS queue: its event source mapping's scaling."
    )
    async_event_kb: Decimal | None = Field(
        default=None,
        gt=0,
        le=1024,
        description="Asynchronous event size: above 256 KB each 64 KB counts one more request.",
    )
    edge: bool = Field(
        default=False,
        strict=True,
        description="Lambda@Edge: its own prices, no free tier, no Savings Plan.",
    )
    log_bytes_per_request: Decimal | None = Field(
        default=None,
        ge=0,
        le=MAX_LOG_BYTES_PER_REQUEST,
        description=(
            "Mean bytes of CloudWatch log events one invocation writes (START/END/REPORT "
            "plus the function's own lines); `logs analyze` measures it."
        ),
    )

    @model_validator(mode="after")
    def _one_rate(self) -> FunctionModel:
        given = [
            k
            for k in ("requests_per_month", "requests_per_day", "requests_per_second")
            if getattr(self, k) is not None
        ]
        if len(given) != 1:
            found = f"got {' and '.join(given)}" if given else "got none"
            raise ValueError(
                "give exactly one of requests_per_month, requests_per_day or "
                f"requests_per_second ({found})"
            )
        if self.cold_start_percent > 0 and "init_duration_ms" not in self.model_fields_set:
            raise ValueError(
                f"cold_start_percent {self.cold_start_percent} needs init_duration_ms, the "
                "INIT time of a cold start; add init_duration_ms (e.g. 800) or remove "
                "cold_start_percent"
            )
        if self.edge:
            if self.architecture != "x86_64":
                raise ValueError("Lambda@Edge runs on x86_64 only; remove architecture: arm64")
            if self.provisioned_concurrency is not None:
                raise ValueError("Lambda@Edge has no provisioned concurrency; remove it")
            if self.ephemeral_storage_mb > 512:
                raise ValueError("Lambda@Edge functions have 512 MB of /tmp; remove the extra")
        if self.duration_billed and (self.init_duration_ms or self.cold_start_percent):
            raise ValueError(
                "duration_billed: the mean Billed Duration already holds billed INIT time; "
                "remove init_duration_ms and cold_start_percent"
            )
        if self.snapstart is not None and self.provisioned_concurrency is not None:
            raise ValueError(
                "SnapStart and provisioned concurrency cannot be used together; keep one"
            )
        return self


class SavingsPlanModel(_Strict):
    """A Compute Savings Plan covering Lambda."""

    discount_percent: Decimal = Field(
        gt=0, lt=100, description="Off duration, PC and PC duration; never requests."
    )
    commitment_usd_per_hour: Decimal | None = Field(
        default=None,
        gt=0,
        le=MAX_COMMITMENT_USD_PER_HOUR,
        description="Hourly commitment; eligible usage above it is on-demand.",
    )


class AccountModel(_Strict):
    concurrency_limit: int = Field(
        default=1000, strict=True, ge=1, le=MAX_CONCURRENCY, description="Regional quota."
    )


class ScenarioModel(_Strict):
    """A Lambda workload: one account, one region, its functions."""

    version: Literal[1] = 1
    name: str | None = Field(default=None, description="Defaults to the file name.")
    region: str = Field(default="us-east-1", pattern=REGION_PATTERN)
    free_tier: bool = Field(
        default=True, strict=True, description="1M requests + 400,000 GB-s a month, per account."
    )
    savings_plan: SavingsPlanModel | None = None
    account: AccountModel = AccountModel()
    profiles: dict[ProfileName, ProfileMultiplier] | None = Field(
        default=None,
        min_length=1,
        description="What-if traffic profiles for `cost --profiles`: name → multiplier on every "
        "function's request rates (e.g. low: 0.5, expected: 1, high: 3); above 0, at most 1000.",
    )
    functions: list[FunctionModel] = Field(min_length=1)
