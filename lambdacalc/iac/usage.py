"""`import --usage USAGE.yaml`: what infrastructure code does not hold (requests, durations,
cold starts), keyed by function (logical ID or Terraform address), in the scenario's own
keys. A scenario file (e.g. from `logs analyze --emit-scenario`) works too: its functions'
usage keys are taken by name.

Besides the scenario's keys, `messages_per_month` gives the traffic of a function fed by a
queue or stream: requests = messages ÷ the event source's batch size (full batches).
"""

from __future__ import annotations

import difflib
from typing import Any, NamedTuple

from lambdacalc.iac.model import TemplateError
from lambdacalc.iac.read import Located, Path, read
from lambdacalc.overrides import RATE_KEYS

USAGE_KEYS = (
    *RATE_KEYS,
    "messages_per_month",
    "duration_ms",
    "duration_billed",
    "peak_requests_per_second",
    "cold_start_percent",
    "init_duration_ms",
    "async_event_kb",
    "response_streaming",
    "sizing",
    "provisioned_concurrency",
    "snapstart",
)


class UsageEntry(NamedTuple):
    settings: dict[str, Any]
    origins: dict[tuple[str, ...], str]  # a setting's path -> FILE:LINE:COL
    where: str  # of the function's entry


def read_usage(path: str, functions: list[str]) -> tuple[dict[str, UsageEntry], list[str]]:
    """Usage by function key, and warnings; unknown functions and keys are errors."""
    located = read(path, "usage")
    data = located.data
    warnings: list[str] = []
    entries: dict[str, tuple[Any, Path]] = {}
    if isinstance(data, dict) and isinstance(data.get("functions"), list):  # a scenario file
        for i, fn in enumerate(data["functions"]):
            if isinstance(fn, dict) and isinstance(fn.get("name"), str):
                taken = {k: v for k, v in fn.items() if k in USAGE_KEYS}
                dropped = sorted(k for k in fn if k not in USAGE_KEYS and k != "name")
                if dropped:
                    warnings.append(
                        f"{located.where(('functions', i))}: {fn['name']}: took its usage only; "
                        f"{', '.join(dropped)} come from the template"
                    )
                entries[fn["name"]] = (taken, ("functions", i))
    elif isinstance(data, dict):
        entries = {str(k): (v, (k,)) for k, v in data.items()}
    else:
        raise TemplateError(
            f"{located.display}: usage should be a mapping of function (logical ID or "
            "Terraform address) to its requests_per_month, duration_ms, …"
        )
    out: dict[str, UsageEntry] = {}
    for key, (settings, at) in entries.items():
        if key not in functions:
            close = difflib.get_close_matches(key, functions, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"functions: {', '.join(functions)}"
            where = located.where(at, key=True)
            raise TemplateError(f"{where}: no function '{key}' in the template; {hint}")
        if not isinstance(settings, dict):
            raise TemplateError(
                f"{located.where(at)}: {key}: expected a mapping such as "
                "{requests_per_month: 1000000, duration_ms: 120}"
            )
        out[key] = _usage(located, key, settings, at)
    return out, warnings


def _usage(located: Located, key: str, settings: dict[str, Any], at: Path) -> UsageEntry:
    origins: dict[tuple[str, ...], str] = {}
    for name, value in settings.items():
        here = (*at, name)
        if name not in USAGE_KEYS:
            close = difflib.get_close_matches(name, USAGE_KEYS, n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "the template sets configuration; usage gives "
                + ", ".join(USAGE_KEYS[:6])
                + ", …"
            )
            where = located.where(here, key=True)
            raise TemplateError(f"{where}: {key}.{name}: not a usage key; {hint}")
        origins[(name,)] = located.where(here)
        if isinstance(value, dict):
            for sub in value:
                origins[(name, str(sub))] = located.where((*here, sub))
    return UsageEntry(dict(settings), origins, located.where(at))
