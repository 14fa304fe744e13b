"""Apps built in one process share their routes: FastAPI resolves an included router's routes
on an app's first request (about a second of CPU for this API), and keeps the result with
the include, so sharing the includes resolves them once per process (api/app.py ``_routes``).
What each route applies must not change with it: the NUL-character refusal and the
idempotency guard every /v1 route carries."""

from __future__ import annotations

import pytest

from api.app import create_app
from core.config import Settings


def test_two_apps_share_their_included_routes() -> None:
    first, second = create_app(Settings()), create_app(Settings())
    theirs = {id(route) for route in second.router.routes}
    shared = [route for route in first.router.routes if id(route) in theirs]
    assert len(shared) > 50
    assert first.openapi() == second.openapi()


@pytest.mark.asyncio
async def test_a_second_app_still_refuses_nul_characters_and_guards_idempotency(
    app_factory, clean_db, org_a
) -> None:
    for _ in range(2):
        api = await app_factory()
        r = await api.get("/v1/artists?starting_after=a%00b", headers=org_a.headers)
        assert r.status_code == 422, r.text
        r = await api.post(
            "/v1/artists",
            json={"name": "Shared Routes"},
            headers={**org_a.headers, "Idempotency-Key": "k" * 300},
        )
        assert r.status_code == 422, r.text
