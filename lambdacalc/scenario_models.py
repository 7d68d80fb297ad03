"""The scenario file schema (pydantic), the one contract between users' YAML and the models.

The function's optional blocks live in scenario_models_compute.py (Lambda's default compute),
scenario_models_sources.py (SQS, Kafka) and scenario_models_features.py (durable, tenant
isolation, Managed Instances); every model is importable from here.

Only the scenario loader imports this module: pydantic costs start-up time that commands
reading no scenario should not pay. Field descriptions feed `lambdacalc schema` (the JSON
Schema editors use) and docs/scenarios.md's field reference.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from lambdacalc.around.models import (
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
    MIN_BILLED_MS,
    MIN_MEMORY_MB,
    PROFILE_NAME,
)
from lambdacalc.prices import REGION_PATTERN
from lambdacalc.scenario_models_base import _Strict
from lambdacalc.scenario_models_compute import (
    ProvisionedConcurrencyModel,
    ResponseStreamingModel,
    SizingHintsModel,
    SnapStartModel,
)
from lambdacalc.scenario_models_features import (
    DurableModel,
    ManagedInstancesModel,
    TenantIsolationModel,
)
from lambdacalc.scenario_models_sources import KafkaModel, SqsModel

# re-exported, for the callers that import every scenario model from here (as the rest are)
from lambdacalc.scenario_models_sources import KafkaPollersModel as KafkaPollersModel
from lambdacalc.scenario_models_sources import SqsPollersModel as SqsPollersModel

PROFILE_PATTERN = f"^{PROFILE_NAME}$"

ProfileName = Annotated[str, StringConstraints(strict=True, pattern=PROFILE_PATTERN)]
ProfileMultiplier = Annotated[Decimal, Field(gt=0, le=MAX_PROFILE_MULTIPLIER)]

WholeMB = Annotated[int, Field(strict=True)]


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
