"""Whether a scenario asks for any cost around Lambda: the one test the engine and the CLI
share, in a module of its own so that pricing a scenario without such costs loads none of
the around-Lambda book, rules or engine."""

from lambdacalc.around.settings import AroundAccount
from lambdacalc.workload import FunctionWorkload, Workload


def uses_around(workload: Workload) -> bool:
    """Whether the scenario asks for any around-Lambda cost."""
    return any(has_around(fn, workload.account.around) for fn in workload.functions)


def has_around(fn: FunctionWorkload, account: AroundAccount | None) -> bool:
    return (
        fn.log_bytes_per_request is not None
        or fn.around is not None
        or fn.sqs is not None
        or (account is not None and (account.vpc_nat or account.interface_endpoints > 0))
    )
