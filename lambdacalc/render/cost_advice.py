"""The bill's memory advice as lines for people and records for JSON and CSV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdacalc.sizing_advice import SizeAdvice


def advice_lines(advice: Sequence[SizeAdvice]) -> list[str]:
    """One sentence per function that has a memory recommendation."""
    if not advice:
        return []
    from lambdacalc.render.sizing import advice_line

    return [advice_line(a) for a in advice]


def advice_data(advice: Sequence[SizeAdvice]) -> list[dict[str, Any]]:
    if not advice:
        return []
    from lambdacalc.render.sizing import recommendation_data

    return [
        {
            "function": a.function,
            "strategy": a.strategy.value,
            "current_memory_mb": a.current.memory_mb,
            "recommended_memory_mb": a.recommended.memory_mb if a.recommended else None,
            "monthly_saving_usd": a.monthly_saving_usd,
            "reason": a.reason,
            **recommendation_data(a.recommendation),
        }
        for a in advice
    ]
