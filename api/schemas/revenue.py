"""Request and response models of ``api/routes/revenue.py``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from domain.finance import statement_rows


class RevenueStatementJson(BaseModel):
    model_config = {"extra": "forbid"}

    source_name: str = Field(default="", max_length=200)
    rows: list[dict[str, Any]] = Field(max_length=statement_rows.MAX_ROWS)
