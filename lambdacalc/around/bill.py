"""The around-Lambda bill's structure: line items per function, service and component.

A leaf module (no imports from the cost engine), so that Lambda's Bill can name it.
"""

from decimal import Decimal
from typing import NamedTuple

from lambdacalc.units import ZERO

# services, as JSON/CSV keys and as people read them
LOGS = "logs"
API_GATEWAY = "api_gateway"
SQS = "sqs"
DATA_TRANSFER = "data_transfer"
NAT_GATEWAY = "nat_gateway"
XRAY = "xray"
VPC_ENDPOINTS = "vpc_endpoints"
SERVICES = {
    LOGS: "CloudWatch Logs",
    API_GATEWAY: "API Gateway",
    SQS: "SQS",
    DATA_TRANSFER: "Data transfer",
    NAT_GATEWAY: "NAT gateway",
    XRAY: "X-Ray",
    VPC_ENDPOINTS: "VPC endpoints",
}
ACCOUNT = ""  # the `function` of an account-level line


class AroundLine(NamedTuple):
    function: str  # "" for the account's lines (NAT hours, free allowances)
    service: str  # a SERVICES key
    component: str  # e.g. "ingestion (Standard)", "HTTP requests", "free tier (out)"
    unit: str
    quantity: Decimal
    unit_price_usd: Decimal | None  # None where tiers blend, or for a credit
    cost_usd: Decimal
    detail: str = ""

    @property
    def service_label(self) -> str:
        return SERVICES[self.service]


class AroundBill(NamedTuple):
    lines: tuple[AroundLine, ...]
    assumptions: tuple[str, ...]
    book_name: str
    effective_date: str

    @property
    def total_usd(self) -> Decimal:
        return sum((line.cost_usd for line in self.lines), ZERO)

    def function_usd(self, name: str) -> Decimal:
        return sum((x.cost_usd for x in self.lines if x.function == name), ZERO)

    def service_usd(self, service: str) -> Decimal:
        return sum((x.cost_usd for x in self.lines if x.service == service), ZERO)

    def function_service_usd(self, name: str, service: str) -> Decimal:
        return sum(
            (x.cost_usd for x in self.lines if x.function == name and x.service == service),
            ZERO,
        )
