"""The scenario keys of the around-Lambda costs (pydantic), used by lambdacalc.scenario_models.

Only the scenario loader imports this module (through scenario_models), for the same
start-up reason. Field descriptions feed `lambdacalc schema` and docs/around-lambda.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from lambdacalc.around.settings import RETENTION_DAYS

MAX_KB = 10**9  # a payload of a terabyte: far beyond any of these services' limits
MAX_COUNT = 10**15  # as MAX_REQUESTS_PER_MONTH


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class LogsModel(_Strict):
    """The function's CloudWatch log group (or, under `around:`, every function's)."""

    log_class: Literal["standard", "infrequent_access"] | None = Field(
        default=None, description="standard (default) | infrequent_access."
    )
    retention_days: int | None = Field(
        default=None,
        strict=True,
        description="Days kept, one of CloudWatch's retention settings (1, 3, 5, 7, 14, 30, "
        "60, 90, …, 3653); default 30. 'Never expire' has no steady state: give the days.",
    )

    @field_validator("retention_days")
    @classmethod
    def _allowed(cls, days: int | None) -> int | None:
        if days is not None and days not in RETENTION_DAYS:
            allowed = ", ".join(str(d) for d in RETENTION_DAYS)
            raise ValueError(f"{days} is not a CloudWatch Logs retention; choose one of {allowed}")
        return days


class ApiModel(_Strict):
    """API Gateway in front of the function: `api: http`, or a mapping with sizes."""

    type: Literal["rest", "http", "websocket"] = Field(description="rest | http | websocket.")
    kb_per_request: Decimal | None = Field(
        default=None,
        gt=0,
        le=MAX_KB,
        description="HTTP: mean request + response KB; each started 512 KB is one request.",
    )
    messages_per_month: Decimal | None = Field(
        default=None,
        ge=0,
        le=MAX_COUNT,
        description="WebSocket: messages sent and received; default one per invocation.",
    )
    message_kb: Decimal | None = Field(
        default=None,
        gt=0,
        le=128,
        description="WebSocket: mean message KB (at most 128); each started 32 KB is one.",
    )
    connection_minutes_per_month: Decimal | None = Field(
        default=None, ge=0, le=MAX_COUNT, description="WebSocket: required."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"type": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _fits_type(self) -> ApiModel:
        if self.type == "websocket":
            if self.connection_minutes_per_month is None:
                raise ValueError(
                    "a WebSocket API is billed for connection minutes too; add "
                    "connection_minutes_per_month (clients × minutes connected)"
                )
        else:
            given = [
                k
                for k in ("messages_per_month", "message_kb", "connection_minutes_per_month")
                if getattr(self, k) is not None
            ]
            if given:
                raise ValueError(f"{', '.join(given)}: only for type: websocket; remove it")
        if self.type != "http" and self.kb_per_request is not None:
            raise ValueError(
                "kb_per_request: only HTTP APIs are metered by size; remove it, or use "
                "message_kb for a WebSocket API"
            )
        return self


class VpcModel(_Strict):
    """The function runs in a VPC: how it reaches the internet."""

    egress: Literal["nat", "none"] = Field(
        description="nat: through NAT gateways (hours and GB processed); none: no NAT."
    )
    nat_kb_per_request: Decimal | None = Field(
        default=None,
        ge=0,
        le=MAX_KB,
        description="KB through the NAT gateway per invocation, both ways; default "
        "data_out_kb_per_request.",
    )

    endpoint_kb_per_request: Decimal | None = Field(
        default=None,
        ge=0,
        le=MAX_KB,
        description="KB through interface VPC endpoints per invocation (AWS services reached "
        "privately); needs around.interface_endpoints.",
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"egress": value} if isinstance(value, str) else value


class EndpointsModel(_Strict):
    """Interface VPC endpoints (PrivateLink) the functions use, billed all month."""

    count: int = Field(strict=True, ge=1, le=1000, description="Endpoints (one per service).")
    azs: int = Field(
        default=2, strict=True, ge=1, le=10, description="Availability Zones each is in."
    )


class TracingModel(_Strict):
    """X-Ray active tracing: `tracing: true`, or a mapping."""

    enabled: bool = Field(default=True, strict=True)
    sample_percent: Decimal | None = Field(
        default=None,
        gt=0,
        le=100,
        description="Share of invocations traced; default X-Ray's rule, 1 a second + 5%.",
    )
    traces_scanned_per_month: Decimal = Field(
        default=Decimal(0), ge=0, le=MAX_COUNT, description="Traces retrieved or scanned."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"enabled": value} if isinstance(value, bool) else value


class AroundAccountModel(_Strict):
    """Account-wide settings of the costs around Lambda (see docs/around-lambda.md)."""

    logs: LogsModel | None = Field(default=None, description="Every function's log group.")
    vpc: VpcModel | None = Field(
        default=None, description="nat: every function reaches the internet through NAT."
    )
    nat_gateways: int = Field(
        default=1,
        strict=True,
        ge=1,
        le=100,
        description="NAT gateways billed all month (one per Availability Zone).",
    )
    interface_endpoints: EndpointsModel | None = Field(
        default=None, description="Interface VPC endpoints: hours per AZ, and GB processed."
    )
    free_tier: bool = Field(
        default=True,
        strict=True,
        description="The always-free allowances of logs, SQS, data out and X-Ray "
        "(also off with the scenario's free_tier: false).",
    )

    @model_validator(mode="after")
    def _no_nat_size(self) -> AroundAccountModel:
        if self.vpc is not None and (
            self.vpc.nat_kb_per_request is not None or self.vpc.endpoint_kb_per_request is not None
        ):
            raise ValueError(
                "nat_kb_per_request and endpoint_kb_per_request are per function; set them "
                "under the function's vpc:"
            )
        return self


SQS_FIELDS_DOC = {
    "queue_type": "standard (default) | fifo.",
    "message_kb": "Mean message KB (default 1); each started 64 KB is one request.",
    "messages_per_invocation": "Mean batch a function invocation receives (default 1).",
}
