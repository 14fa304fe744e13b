"""Creators as a booking coordinator adds them through the API."""

from __future__ import annotations

from typing import Any

import httpx

ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def creator_body(name: str, **fields: Any) -> dict[str, Any]:
    """A creator in Berlin at 80 EUR an hour who works around the clock, with ``fields`` on top."""
    return {
        "name": name,
        "timezone": "Europe/Berlin",
        "currency": "EUR",
        "hourly_rate": "80.00",
        "working_hours": ALL_DAY,
        **fields,
    }


async def add_creator(api: httpx.AsyncClient, tenant: Any, name: str, **fields: Any) -> str:
    response = await api.post(
        "/v1/creators", json=creator_body(name, **fields), headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    creator_id: str = response.json()["id"]
    return creator_id
