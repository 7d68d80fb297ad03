"""Scenario keys of a function's event sources (SQS, Kafka) and their provisioned pollers."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from lambdacalc.around.models import SQS_FIELDS_DOC
from lambdacalc.scenario_models_base import _Strict


def _check_epu_hours(
    minimum: int, maximum: int, per_epu: int, hours: Decimal, measured: Decimal | None
) -> None:
    """Measured EPU-hours lie between the minimum pollers' and the maximum's over the hours."""
    if measured is None:
        return
    from lambdacalc.cost.rules_extras import epu_hours  # the billing rule, deferred for start-up

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
