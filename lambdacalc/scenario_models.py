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

from lambdacalc.around.models import (
    SQS_FIELDS_DOC,
    ApiModel,
    AroundAccountModel,
    LogsModel,
    TracingModel,
    VpcModel,
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


def _check_epu_hours(
    minimum: int, maximum: int, per_epu: int, hours: Decimal, measured: Decimal | None
) -> None:
    """Measured EPU-hours lie between the minimum pollers' and the maximum's over the hours."""
    if measured is None:
        return
    from lambdacalc.cost.rules import epu_hours  # the billing rule, deferred for start-up

    low, high = epu_hours(minimum, per_epu, hours), epu_hours(maximum, per_epu, hours)
    if not low <= measured <= high:
        raise ValueError(
            f"epu_hours {measured} is outside what {minimum}..{maximum} pollers use in "
            f"{hours} hours ({low.normalize():f}..{high.normalize():f} EPU-hours); give the "
            "EPU-hours billed, or the hours the mapping is on"
        )


class SqsPollersModel(_Strict):
    """SQS provisioned mode: dedicated event pollers, 10 concurrent invokes each, billed in
    event poller units (one poller an EPU) per hour."""

    minimum: int = Field(default=2, strict=True, ge=2, le=200, description="2..200 pollers.")
    maximum: int = Field(
        default=200, strict=True, ge=2, le=2000, description="2..2000 pollers (AWS: 200)."
    )
    hours_per_month: Decimal = Field(
        default=Decimal(730),
        gt=0,
        le=744,
        description="Hours a month provisioned mode is on (billed per second, at least a "
        "minute); default 730.",
    )
    epu_hours: Decimal | None = Field(
        default=None,
        ge=0,
        le=10**9,
        description="EPU-hours billed in the month (autoscaling above the minimum); default: "
        "the minimum pollers' for the hours.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> SqsPollersModel:
        if self.minimum > self.maximum:
            raise ValueError(f"minimum {self.minimum} is above maximum {self.maximum}; swap them")
        _check_epu_hours(self.minimum, self.maximum, 1, self.hours_per_month, self.epu_hours)
        return self


class KafkaPollersModel(_Strict):
    """Kafka provisioned mode: event pollers (5 MB/s each), grouped into event poller units
    (EPUs, 10 pollers each by default) billed per hour."""

    minimum: int = Field(default=1, strict=True, ge=1, le=200, description="1..200 pollers.")
    maximum: int = Field(default=200, strict=True, ge=1, le=2000, description="1..2000 pollers.")
    pollers_per_epu: int = Field(
        default=10,
        strict=True,
        ge=1,
        le=10,
        description="Pollers an EPU holds: 10 by default, fewer when each uses more compute.",
    )
    hours_per_month: Decimal = Field(
        default=Decimal(730),
        gt=0,
        le=744,
        description="Hours a month the mapping is on (billed per second, at least a minute).",
    )
    epu_hours: Decimal | None = Field(
        default=None,
        ge=0,
        le=10**9,
        description="EPU-hours billed in the month; default: the minimum pollers' EPUs for "
        "the hours.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> KafkaPollersModel:
        if self.minimum > self.maximum:
            raise ValueError(f"minimum {self.minimum} is above maximum {self.maximum}; swap them")
        _check_epu_hours(
            self.minimum, self.maximum, self.pollers_per_epu, self.hours_per_month, self.epu_hours
        )
        return self


class KafkaModel(_Strict):
    """The function is fed by a Kafka event source mapping (Amazon MSK or self-managed) in
    provisioned mode; its event poller units are billed. Several mappings grouped to share
    EPUs: give their pollers together."""

    provisioned_pollers: KafkaPollersModel = Field(description="Provisioned mode's pollers.")


class DurableModel(_Strict):
    """A durable function: its operations and the data they checkpoint are billed besides
    the usual compute (requests_per_month counts every invocation, replays included)."""

    invocations_per_execution: Decimal = Field(
        default=Decimal(1),
        ge=1,
        le=10**6,
        description="Invocations an execution makes (the first, then one per resume, replay "
        "or retry); requests_per_month counts them all.",
    )
    operations_per_execution: Decimal = Field(
        ge=1,
        le=10**6,
        description="Durable operations an execution runs (its start, steps, waits, "
        "callbacks, ...): $8.00 per million in us-east-1.",
    )
    data_per_operation_kb: Decimal = Field(
        default=Decimal(0),
        ge=0,
        le=10**6,
        description="Average KB an operation writes (1 GB = 1,000,000 KB, as AWS's example "
        "counts).",
    )
    execution_days: Decimal = Field(
        default=Decimal(0),
        ge=0,
        le=366,
        description="How long an execution lasts, waits included: its data is retained meanwhile.",
    )
    retention_days: Decimal = Field(
        default=Decimal(14),
        ge=1,
        le=90,
        description="Days the data is kept after the execution completes: 1..90, default 14.",
    )

    @model_validator(mode="after")
    def _whole_days(self) -> DurableModel:
        if self.retention_days != self.retention_days.to_integral_value():
            raise ValueError(
                f"retention_days {self.retention_days} is not a whole number of days; give 1..90"
            )
        return self


class TenantIsolationModel(_Strict):
    """Tenant isolation mode: each new tenant-isolated execution environment is billed by
    the function's memory."""

    environments_per_month: Decimal = Field(
        ge=0,
        le=MAX_REQUESTS_PER_MONTH,
        description="New tenant-isolated environments a month (tenants × environments each).",
    )


class SqsModel(_Strict):
    """The function is fed by an SQS standard queue (the concurrency view models its ramp:
    5 concurrent batches, +300 a minute, at most 1,000; or provisioned pollers)."""

    maximum_concurrency: int | None = Field(
        default=None, strict=True, ge=2, le=1000, description="ScalingConfig, 2..1000."
    )
    provisioned_pollers: SqsPollersModel | None = Field(
        default=None, description="Provisioned mode; not with maximum_concurrency."
    )
    # the queue's own requests, priced around Lambda (docs/around-lambda.md)
    queue_type: Literal["standard", "fifo"] = Field(
        default="standard", description=SQS_FIELDS_DOC["queue_type"]
    )
    message_kb: Decimal = Field(
        default=Decimal(1), gt=0, le=1024 * 1024, description=SQS_FIELDS_DOC["message_kb"]
    )
    messages_per_invocation: Decimal = Field(
        default=Decimal(1),
        ge=1,
        le=10_000,
        description=SQS_FIELDS_DOC["messages_per_invocation"],
    )

    @model_validator(mode="after")
    def _one_mode(self) -> SqsModel:
        if self.maximum_concurrency is not None and self.provisioned_pollers is not None:
            raise ValueError(
                "maximum_concurrency and provisioned_pollers cannot be combined (AWS allows "
                "one or the other); keep one"
            )
        if self.queue_type == "fifo" and self.messages_per_invocation > 10:
            raise ValueError(
                f"messages_per_invocation {self.messages_per_invocation}: a FIFO queue's "
                "batch is at most 10 messages"
            )
        return self


class ManagedInstancesModel(_Strict):
    """Lambda Managed Instances: the function runs on EC2 instances of a capacity provider.
    Give instance_hours_per_month, or let lambdacalc derive the instances from the load."""

    instance_type: str = Field(
        pattern=r"^[a-z][a-z0-9-]*\.[a-z0-9]+$",
        description="EC2 instance type, e.g. m7g.xlarge (see `lambdacalc prices`).",
    )
    instance_hours_per_month: Decimal | None = Field(
        default=None,
        gt=0,
        le=10_000_000,
        description="Instance-hours a month, given directly; default: derived from the load.",
    )
    runtime: Literal["nodejs", "python", "java", "dotnet", "rust"] | None = Field(
        default=None, description="Sets the default per-environment concurrency per vCPU."
    )
    per_environment_max_concurrency: int | None = Field(
        default=None, strict=True, ge=1, le=1600, description="1..1600 invocations at once."
    )
    memory_gib_per_vcpu: Decimal = Field(
        default=Decimal(2), ge=2, le=8, description="2..8 GiB of memory per vCPU."
    )
    target_utilisation_percent: Decimal = Field(
        default=Decimal(100),
        gt=0,
        le=100,
        description="Share of each environment's maximum concurrency to plan for.",
    )
    minimum_instances: int = Field(
        default=3, strict=True, ge=1, le=15000, description="AWS starts 3 (AZ resiliency)."
    )
    savings_plan_discount_percent: Decimal | None = Field(
        default=None,
        ge=0,
        lt=100,
        description="EC2 Savings Plan / Reserved Instance discount off the instance charge "
        "(never off the 15% management fee).",
    )
    instance_usd_per_hour: Decimal | None = Field(
        default=None, gt=0, le=1000, description="The plan's hourly rate for the instance."
    )
    on_demand_usd_per_hour: Decimal | None = Field(
        default=None,
        gt=0,
        le=1000,
        description="On-demand price; default: pricing/managed-instances.json.",
    )
    vcpus: int | None = Field(default=None, strict=True, ge=1, le=896)
    memory_gib: Decimal | None = Field(default=None, gt=0, le=32768)

    @model_validator(mode="after")
    def _consistent(self) -> ManagedInstancesModel:
        if self.savings_plan_discount_percent is not None and self.instance_usd_per_hour:
            raise ValueError(
                "give savings_plan_discount_percent or instance_usd_per_hour, not both"
            )
        if self.instance_hours_per_month is not None:
            derived = [
                k
                for k in (
                    "per_environment_max_concurrency",
                    "target_utilisation_percent",
                    "minimum_instances",
                )
                if k in self.model_fields_set
            ]
            if derived:
                raise ValueError(
                    f"instance_hours_per_month is given, so {', '.join(derived)} would be "
                    "unused; remove one or the other"
                )
        if (self.vcpus is None) != (self.memory_gib is None):
            raise ValueError("give vcpus and memory_gib together (the instance's shape)")
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
    # the costs around the function, beside Lambda's bill (docs/around-lambda.md)
    logs: LogsModel | None = Field(
        default=None, description="Its log group's class and retention (needs log bytes)."
    )
    api: ApiModel | None = Field(
        default=None, description="API Gateway in front: rest | http | websocket, or a mapping."
    )
    data_out_kb_per_request: Decimal | None = Field(
        default=None, ge=0, le=10**9, description="KB sent out to the internet per invocation."
    )
    vpc: VpcModel | None = Field(
        default=None, description="nat | none: how the VPC function reaches the internet."
    )
    tracing: TracingModel | None = Field(
        default=None, description="X-Ray active tracing: true, or a mapping."
    )
    durable: DurableModel | None = Field(default=None, description="A durable function.")
    tenant_isolation: TenantIsolationModel | None = Field(
        default=None, description="Tenant isolation mode."
    )
    kafka: KafkaModel | None = Field(
        default=None, description="Fed by a Kafka event source mapping in provisioned mode."
    )
    managed_instances: ManagedInstancesModel | None = Field(
        default=None,
        description="Runs on Lambda Managed Instances (EC2): requests, instance-hours and a "
        "15% management fee instead of duration.",
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
        if self.tenant_isolation is not None:
            self._tenant_isolation_alone()
        if self.managed_instances is not None:
            _managed_alone(self)
        return self

    @model_validator(mode="after")
    def _around_needs(self) -> FunctionModel:
        if self.logs is not None and self.log_bytes_per_request is None:
            raise ValueError(
                "logs: prices the log bytes an invocation writes; add log_bytes_per_request "
                "(`logs analyze` measures it) or remove logs"
            )
        return self

    def _tenant_isolation_alone(self) -> None:
        """AWS's tenant isolation mode works without provisioned concurrency, SnapStart,
        function URLs or event sources other than API Gateway (TenancyConfig in the AWS CDK
        reference: https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda.TenancyConfig.html)."""
        for key, what in (
            ("provisioned_concurrency", "provisioned concurrency"),
            ("snapstart", "SnapStart"),
            ("sqs", "an SQS event source"),
            ("kafka", "a Kafka event source"),
        ):
            if getattr(self, key) is not None:
                raise ValueError(
                    f"tenant isolation mode cannot be combined with {what} (AWS does not "
                    f"support it there); remove {key} or tenant_isolation"
                )


def _managed_alone(fn: FunctionModel) -> None:
    """Settings of Lambda's default compute that an LMI function has no use for. AWS's LMI
    pages (https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances.html) describe
    environments kept running with no cold starts and neither PC nor SnapStart; an explicit
    statement that the combinations are refused was not found, so they are rejected as
    meaningless rather than as AWS errors."""
    for key in ("provisioned_concurrency", "snapstart", "response_streaming", "sizing"):
        if getattr(fn, key) is not None:
            raise ValueError(
                f"managed_instances and {key} cannot be combined (Lambda Managed Instances "
                f"keeps its environments running and has no {key}); remove one"
            )
    if fn.edge:
        raise ValueError("Lambda@Edge functions cannot run on Lambda Managed Instances")
    if fn.memory_mb < 2048:
        raise ValueError(
            f"memory_mb {fn.memory_mb}: the smallest function on Lambda Managed Instances is "
            "2048 MB (2 GB, 1 vCPU); raise memory_mb"
        )
    if fn.cold_start_percent:
        raise ValueError(
            "Lambda Managed Instances has no cold starts on invocation; remove cold_start_percent"
        )


class SavingsPlanModel(_Strict):
    """A Compute Savings Plan covering Lambda: its discount, or its term and payment option
    for lambdacalc to look the discount up in the price book."""

    discount_percent: Decimal | None = Field(
        default=None,
        gt=0,
        lt=100,
        description="Off duration, PC and PC duration; never requests. Or term and payment.",
    )
    term: Literal["1yr", "3yr"] | None = Field(
        default=None, description="1yr or 3yr: with payment, the book's discount for the plan."
    )
    payment: Literal["no_upfront", "partial_upfront", "all_upfront"] | None = Field(
        default=None, description="no_upfront, partial_upfront or all_upfront; with term."
    )
    commitment_usd_per_hour: Decimal | None = Field(
        default=None,
        gt=0,
        le=MAX_COMMITMENT_USD_PER_HOUR,
        description="Hourly commitment; eligible usage above it is on-demand.",
    )

    @model_validator(mode="after")
    def _one_discount(self) -> SavingsPlanModel:
        terms = (self.term is not None) + (self.payment is not None)
        if self.discount_percent is not None and terms:
            raise ValueError(
                "give discount_percent or term and payment, not both: remove one of them"
            )
        if terms == 1:
            missing = "payment" if self.payment is None else "term"
            raise ValueError(
                f"term and payment go together: add {missing} (term: 1yr or 3yr; payment: "
                "no_upfront, partial_upfront or all_upfront)"
            )
        if self.discount_percent is None and not terms:
            raise ValueError(
                "a Savings Plan needs discount_percent, or term and payment for the price "
                "book's discount: add one"
            )
        return self


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
    around: AroundAccountModel | None = Field(
        default=None, description="Account-wide settings of the costs around Lambda."
    )
