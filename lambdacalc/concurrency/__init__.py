"""Concurrency planning for AWS Lambda: a pure core with no I/O.

Formulas (units in the names; λ = requests per second, d = mean duration in seconds):

* Little's law: concurrency = rps × effective_duration_s, where
  effective_duration_s = duration_s + (cold_start_percent / 100) × init_duration_s
  (an environment is busy through INIT as well as the invocation).
* Requests-per-second quota: a concurrency quota c admits at most 10 × c synchronous requests
  per second, so serving λ needs max(λ × d, λ / 10) of quota; the second term wins when d < 0.1 s.
* Unreserved minimum: min(100, account limit) always stays unreserved, so reserved concurrency
  plus provisioned concurrency of functions without a reservation may use at most the rest.
* Burst scaling, per function: a token bucket of 1,000 environments refilled at 100 per second,
  so scaling from c0 to n takes max(0, (n − c0 − 1000) / 100) seconds (0 → 5,000 takes 40 s).
* Throttling: Erlang B, the M/G/c/c loss probability B(c, a) with offered load a = λ × d erlangs.
  It depends on the duration only through its mean. Computed in log form for loads up to and
  beyond 1,000,000. The probability is a float (it is not money); loads may be given as Decimal.
* Provisioned concurrency (PC) break-even utilisation u* = r_pc / (r_on_demand − r_pc_duration),
  with the rates in USD per GB-second passed in on the billing engine's rate card
  (`lambdacalc.cost.rates.provisioned_rate_card`), so this module reads no price book.

Every error a user can cause raises lambdacalc.errors.InputError with a one-line message.

The package's modules: `scaling` (limits, Little's law, burst), `sources` (SQS, streams),
`erlang` (throttling), `pc` (provisioned concurrency), `function` (`plan_function`, with
`function_limits` and `function_advice`), `account` (`plan_account`) and `from_workload`
(`plan_workload`, `fit_warning`). The names re-exported here are each imported from their
module when first used (`lambdacalc.lazy_exports`).
"""

from typing import TYPE_CHECKING

from lambdacalc.lazy_exports import exports

if TYPE_CHECKING:
    from lambdacalc.concurrency.account import (
        AccountReport,
        FunctionConcurrency,
        FunctionRow,
        plan_account,
    )
    from lambdacalc.concurrency.erlang import (
        MAX_LOAD_ERLANGS,
        concurrency_for_target,
        erlang_b,
        log_erlang_b,
    )
    from lambdacalc.concurrency.from_workload import (
        fit_warning,
        functions_from_workload,
        plan_workload,
    )
    from lambdacalc.concurrency.function import (
        ConcurrencyReport,
        FunctionInputs,
        plan_function,
        throttle_probability,
    )
    from lambdacalc.concurrency.pc import (
        PcPlan,
        break_even_utilization,
        pc_count,
        pc_plan,
    )
    from lambdacalc.concurrency.scaling import (
        BINDING_LIMITS,
        BURST_ENVIRONMENTS,
        DEFAULT_ACCOUNT_LIMIT,
        DEFAULT_PC_TARGET_UTILIZATION,
        DEFAULT_THROTTLE_TARGET,
        MAX_DURATION_S,
        MAX_ON_DEMAND_INIT_S,
        MAX_PARALLELIZATION_FACTOR,
        MIN_PC_TARGET_UTILIZATION,
        MIN_THROTTLE_TARGET,
        REFILL_ENVIRONMENTS_PER_S,
        RPS_PER_CONCURRENCY,
        UNRESERVED_MINIMUM,
        BindingLimit,
        Ramp,
        effective_duration_s,
        quota_needed,
        ramp,
        required_concurrency,
        rps_limit_rps,
        rps_quota_concurrency,
        seconds_to_scale,
        unreserved_minimum,
        validate_throttle_target,
    )
    from lambdacalc.concurrency.sources import (
        SQS_DEFAULT_MAX_CONCURRENCY,
        SQS_DEFAULT_MAX_POLLERS,
        SQS_INVOKES_PER_POLLER,
        SQS_MAX_MAX_CONCURRENCY,
        SQS_MAX_POLLERS_RANGE,
        SQS_MIN_MAX_CONCURRENCY,
        SQS_MIN_POLLERS_RANGE,
        SQS_PROVISIONED_SCALE_PER_MINUTE,
        SQS_SCALE_PER_MINUTE,
        SQS_START_CONCURRENCY,
        QueueScaling,
        kinesis_max_concurrency,
        queue_ramp,
        sqs_max_concurrency,
        sqs_pollers,
        sqs_scaling,
    )

# submodule -> the names re-exported from it, each imported on first use
# (lambdacalc.lazy_exports: one function's plan need not load the account planner)
_EXPORTS = {
    "account": ("AccountReport", "FunctionConcurrency", "FunctionRow", "plan_account"),
    "erlang": ("MAX_LOAD_ERLANGS", "concurrency_for_target", "erlang_b", "log_erlang_b"),
    "from_workload": ("fit_warning", "functions_from_workload", "plan_workload"),
    "function": ("ConcurrencyReport", "FunctionInputs", "plan_function", "throttle_probability"),
    "pc": ("PcPlan", "break_even_utilization", "pc_count", "pc_plan"),
    "scaling": (
        "BINDING_LIMITS",
        "BURST_ENVIRONMENTS",
        "DEFAULT_ACCOUNT_LIMIT",
        "DEFAULT_PC_TARGET_UTILIZATION",
        "DEFAULT_THROTTLE_TARGET",
        "MAX_DURATION_S",
        "MAX_ON_DEMAND_INIT_S",
        "MAX_PARALLELIZATION_FACTOR",
        "MIN_PC_TARGET_UTILIZATION",
        "MIN_THROTTLE_TARGET",
        "REFILL_ENVIRONMENTS_PER_S",
        "RPS_PER_CONCURRENCY",
        "UNRESERVED_MINIMUM",
        "BindingLimit",
        "Ramp",
        "effective_duration_s",
        "quota_needed",
        "ramp",
        "required_concurrency",
        "rps_limit_rps",
        "rps_quota_concurrency",
        "seconds_to_scale",
        "unreserved_minimum",
        "validate_throttle_target",
    ),
    "sources": (
        "SQS_DEFAULT_MAX_CONCURRENCY",
        "SQS_DEFAULT_MAX_POLLERS",
        "SQS_INVOKES_PER_POLLER",
        "SQS_MAX_MAX_CONCURRENCY",
        "SQS_MAX_POLLERS_RANGE",
        "SQS_MIN_MAX_CONCURRENCY",
        "SQS_MIN_POLLERS_RANGE",
        "SQS_PROVISIONED_SCALE_PER_MINUTE",
        "SQS_SCALE_PER_MINUTE",
        "SQS_START_CONCURRENCY",
        "QueueScaling",
        "kinesis_max_concurrency",
        "queue_ramp",
        "sqs_max_concurrency",
        "sqs_pollers",
        "sqs_scaling",
    ),
}
__getattr__ = exports(__name__, _EXPORTS)

__all__ = [
    "BINDING_LIMITS",
    "BURST_ENVIRONMENTS",
    "DEFAULT_ACCOUNT_LIMIT",
    "DEFAULT_PC_TARGET_UTILIZATION",
    "DEFAULT_THROTTLE_TARGET",
    "MAX_DURATION_S",
    "MAX_LOAD_ERLANGS",
    "MAX_ON_DEMAND_INIT_S",
    "MAX_PARALLELIZATION_FACTOR",
    "MIN_PC_TARGET_UTILIZATION",
    "MIN_THROTTLE_TARGET",
    "REFILL_ENVIRONMENTS_PER_S",
    "RPS_PER_CONCURRENCY",
    "SQS_DEFAULT_MAX_CONCURRENCY",
    "SQS_DEFAULT_MAX_POLLERS",
    "SQS_INVOKES_PER_POLLER",
    "SQS_MAX_MAX_CONCURRENCY",
    "SQS_MAX_POLLERS_RANGE",
    "SQS_MIN_MAX_CONCURRENCY",
    "SQS_MIN_POLLERS_RANGE",
    "SQS_PROVISIONED_SCALE_PER_MINUTE",
    "SQS_SCALE_PER_MINUTE",
    "SQS_START_CONCURRENCY",
    "UNRESERVED_MINIMUM",
    "AccountReport",
    "BindingLimit",
    "ConcurrencyReport",
    "FunctionConcurrency",
    "FunctionInputs",
    "FunctionRow",
    "PcPlan",
    "QueueScaling",
    "Ramp",
    "break_even_utilization",
    "concurrency_for_target",
    "effective_duration_s",
    "erlang_b",
    "fit_warning",
    "functions_from_workload",
    "kinesis_max_concurrency",
    "log_erlang_b",
    "pc_count",
    "pc_plan",
    "plan_account",
    "plan_function",
    "plan_workload",
    "queue_ramp",
    "quota_needed",
    "ramp",
    "required_concurrency",
    "rps_limit_rps",
    "rps_quota_concurrency",
    "seconds_to_scale",
    "sqs_max_concurrency",
    "sqs_pollers",
    "sqs_scaling",
    "throttle_probability",
    "unreserved_minimum",
    "validate_throttle_target",
]
