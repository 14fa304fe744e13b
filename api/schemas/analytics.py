"""Request and response models of ``api/routes/analytics.py``."""

from __future__ import annotations

from api.schemas import RequestBody
from domain.finance import scenarios


class ScenarioBody(scenarios.ScenarioInput, RequestBody):
    pass
