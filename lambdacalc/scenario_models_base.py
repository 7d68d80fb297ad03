"""The scenario schema's strict base model, in its own module so that every scenario_models
module can derive from it without importing scenario_models (no cycle)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
