"""The codec server (/codec/encode, /codec/decode) as the Temporal UI and CLI call it: who may
use it, whose payloads they may open, what a browser of the UI's origin is allowed, and what a
destroyed key answers."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.contrib.pydantic import pydantic_data_converter

from core.payload_codec import ENCODING
from domain.audit.service import Actor
from domain.keys.service import destroy_keys
from domain.keys.store import KeyStore
from tests.support.harness import Tenant, issue_api_key

OPERATOR_TOKEN = "operator-token-for-the-codec-server-0123456789"
UI = "http://temporal-ui.example:8080"


@pytest.fixture
async def codec_api(app_factory: Callable[..., Awaitable[httpx.AsyncClient]]) -> httpx.AsyncClient:
    return await app_factory(codec_operator_token=OPERATOR_TOKEN, codec_cors_origins=(UI,))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def protocol(*values: Any) -> dict[str, Any]:
    """Values as the UI sends them: the project's JSON payloads, base64 in the protocol."""
    return {
        "payloads": [
            {
                "metadata": {k: base64.b64encode(v).decode() for k, v in p.metadata.items()},
                "data": base64.b64encode(p.data).decode(),
            }
            for p in pydantic_data_converter.payload_converter.to_payloads(list(values))
        ]
    }


def metadata(body: dict[str, Any], index: int, name: str) -> str:
    return base64.b64decode(body["payloads"][index]["metadata"][name]).decode()


def data(body: dict[str, Any], index: int) -> Any:
    return json.loads(base64.b64decode(body["payloads"][index]["data"]))


async def sealed_by(api: httpx.AsyncClient, tenant: Tenant, *values: Any) -> dict[str, Any]:
    r = await api.post("/codec/encode", json=protocol(*values), headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def test_an_organization_seals_and_opens_its_own_payloads(
    codec_api: httpx.AsyncClient, org_a: Tenant
) -> None:
    sealed = await sealed_by(codec_api, org_a, {"title": "Track 7 vocals"}, "second")
    assert metadata(sealed, 0, "encoding") == ENCODING.decode()
    assert metadata(sealed, 1, "organization-id") == org_a.id
    assert "Track 7" not in json.dumps(sealed)

    r = await codec_api.post("/codec/decode", json=sealed, headers=org_a.headers)
    assert r.status_code == 200, r.text
    opened = r.json()
    assert metadata(opened, 0, "encoding") == "json/plain"
    assert [data(opened, 0), data(opened, 1)] == [{"title": "Track 7 vocals"}, "second"]


async def test_plain_payloads_come_back_unchanged(
    codec_api: httpx.AsyncClient, org_a: Tenant
) -> None:
    plain = protocol({"recorded": "before encryption"})
    r = await codec_api.post("/codec/decode", json=plain, headers=org_a.headers)
    assert r.status_code == 200 and r.json() == plain


async def test_another_organizations_payloads_are_refused_without_opening_anything(
    codec_api: httpx.AsyncClient, org_a: Tenant, org_b: Tenant
) -> None:
    sealed = await sealed_by(codec_api, org_a, "Northstar's secret session")
    mixed = {"payloads": [*protocol("harmless")["payloads"], *sealed["payloads"]]}
    for body in (sealed, mixed):
        r = await codec_api.post("/codec/decode", json=body, headers=org_b.headers)
        assert r.status_code == 404, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert "secret session" not in r.text and "okey_" not in r.text

    # A sub-organization cannot read its parent's either.
    child = await codec_api.post(
        "/v1/organizations", json={"name": "Imprint"}, headers=org_a.headers
    )
    assert child.status_code == 201, child.text
    as_child = {**org_a.headers, "AuditoryX-Organization": child.json()["id"]}
    r = await codec_api.post("/codec/decode", json=sealed, headers=as_child)
    assert r.status_code == 404


async def test_the_operator_opens_every_organizations_payloads(
    codec_api: httpx.AsyncClient, org_a: Tenant, org_b: Tenant
) -> None:
    a = await sealed_by(codec_api, org_a, "from a")
    b = await sealed_by(codec_api, org_b, "from b")
    both = {"payloads": [*a["payloads"], *b["payloads"]]}
    r = await codec_api.post("/codec/decode", json=both, headers=bearer(OPERATOR_TOKEN))
    assert r.status_code == 200, r.text
    assert [data(r.json(), 0), data(r.json(), 1)] == ["from a", "from b"]

    # To seal, the operator names the organization.
    r = await codec_api.post("/codec/encode", json=protocol("x"), headers=bearer(OPERATOR_TOKEN))
    assert r.status_code == 422 and r.json()["code"] == "organization_required"
    r = await codec_api.post(
        "/codec/encode",
        json=protocol("x"),
        headers={**bearer(OPERATOR_TOKEN), "AuditoryX-Organization": org_b.id},
    )
    assert r.status_code == 200 and metadata(r.json(), 0, "organization-id") == org_b.id


async def test_who_may_call_the_codec_server(
    codec_api: httpx.AsyncClient,
    org_a: Tenant,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    sealed = await sealed_by(codec_api, org_a, "x")
    for headers in ({}, bearer("not-the-operator-token"), bearer(OPERATOR_TOKEN[:-1])):
        r = await codec_api.post("/codec/decode", json=sealed, headers=headers)
        assert r.status_code == 401, headers
    reader = await issue_api_key(
        sessionmaker, org_a.id, created_by=None, permissions=["bookings:read", "audit:read"]
    )
    r = await codec_api.post("/codec/decode", json=sealed, headers=bearer(reader))
    assert r.status_code == 403 and r.json()["code"] == "missing_permission"


async def test_without_an_operator_token_configured_no_token_is_the_operator(
    app_factory: Callable[..., Awaitable[httpx.AsyncClient]], org_a: Tenant
) -> None:
    api = await app_factory()
    r = await api.post("/codec/decode", json=protocol("x"), headers=bearer(""))
    assert r.status_code == 401


async def test_bad_input_is_a_clear_problem(codec_api: httpx.AsyncClient, org_a: Tenant) -> None:
    r = await codec_api.post(
        "/codec/decode",
        json={"payloads": [{"metadata": {"encoding": "%%%"}, "data": ""}]},
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["code"] == "invalid_payloads"
    assert r.json()["param"] == "payloads"
    r = await codec_api.post("/codec/decode", json={"nothing": []}, headers=org_a.headers)
    assert r.status_code == 422

    sealed = await sealed_by(codec_api, org_a, "x")
    tampered = base64.b64decode(sealed["payloads"][0]["data"])
    sealed["payloads"][0]["data"] = base64.b64encode(tampered[:-1] + b"\0").decode()
    r = await codec_api.post("/codec/decode", json=sealed, headers=org_a.headers)
    assert r.status_code == 422 and r.json()["code"] == "payload_corrupt"


async def test_a_destroyed_key_says_so_and_other_organizations_carry_on(
    app_factory: Callable[..., Awaitable[httpx.AsyncClient]],
    org_a: Tenant,
    org_b: Tenant,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    # Nothing cached: the destruction is seen at once (else within PAYLOAD_KEY_CACHE_SECONDS).
    api = await app_factory(codec_operator_token=OPERATOR_TOKEN, payload_key_cache_seconds=0)
    shredded = await sealed_by(api, org_a, "gone")
    kept = await sealed_by(api, org_b, "kept")
    await destroy_keys(
        sessionmaker, organization_id=org_a.id, actor=Actor.system("test"), store=keystore
    )

    r = await api.post("/codec/decode", json=shredded, headers=org_a.headers)
    assert r.status_code == 422 and r.json()["code"] == "payload_key_unavailable"
    assert f"of organization {org_a.id} was destroyed at" in r.json()["detail"]
    r = await api.post("/codec/encode", json=protocol("new"), headers=org_a.headers)
    assert r.status_code == 422 and r.json()["code"] == "payload_key_unavailable"

    r = await api.post("/codec/decode", json=kept, headers=org_b.headers)
    assert r.status_code == 200 and data(r.json(), 0) == "kept"


async def test_the_temporal_ui_origin_may_call_it_from_a_browser(
    codec_api: httpx.AsyncClient, org_a: Tenant
) -> None:
    preflight = await codec_api.options(
        "/codec/decode",
        headers={
            "Origin": UI,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type,x-namespace",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == UI
    assert preflight.headers["access-control-allow-credentials"] == "true"
    r = await codec_api.post(
        "/codec/decode", json=protocol("x"), headers={**org_a.headers, "Origin": UI}
    )
    assert r.headers["access-control-allow-origin"] == UI
    refused = await codec_api.post("/codec/decode", json=protocol("x"), headers={"Origin": UI})
    assert refused.status_code == 401 and refused.headers["access-control-allow-origin"] == UI

    elsewhere = await codec_api.options(
        "/codec/decode",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in elsewhere.headers
    # The rest of the API is offered to no browser origin.
    r = await codec_api.get("/v1/organization", headers={**org_a.headers, "Origin": UI})
    assert "access-control-allow-origin" not in r.headers


async def test_a_payload_relabelled_as_another_organizations_does_not_open(
    codec_api: httpx.AsyncClient, org_a: Tenant, org_b: Tenant
) -> None:
    """The organization and key are the cipher's associated data: editing the metadata to
    name another organization's key gets no one the plaintext."""
    a = await sealed_by(codec_api, org_a, "Northstar's take")
    b = await sealed_by(codec_api, org_b, "Bluewave's take")
    forged = a["payloads"][0]
    forged["metadata"] = dict(b["payloads"][0]["metadata"])
    r = await codec_api.post(
        "/codec/decode", json={"payloads": [forged]}, headers=bearer(OPERATOR_TOKEN)
    )
    assert r.status_code == 422 and r.json()["code"] == "payload_corrupt"
    assert "take" not in r.text


@pytest.mark.parametrize("length", [0, 7, 12, 27])
async def test_a_sealed_payload_cut_short_is_corrupt_not_a_server_error(
    codec_api: httpx.AsyncClient, org_a: Tenant, length: int
) -> None:
    """Data shorter than a nonce and a tag (a truncated copy, or made up) is a corrupt
    payload like any other that its key does not open."""
    sealed = await sealed_by(codec_api, org_a, "Northstar's take")
    whole = base64.b64decode(sealed["payloads"][0]["data"])
    sealed["payloads"][0]["data"] = base64.b64encode(whole[:length]).decode()
    r = await codec_api.post("/codec/decode", json=sealed, headers=org_a.headers)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "payload_corrupt" and r.json()["param"] == "payloads"


async def test_an_organization_cannot_seal_with_anothers_key(
    codec_api: httpx.AsyncClient, org_a: Tenant, org_b: Tenant, owner_conninfo: str
) -> None:
    """Naming another organization (not a sub-organization) with AuditoryX-Organization
    gets an organization's key neither that organization's key nor a first one issued."""
    as_a = {**org_b.headers, "AuditoryX-Organization": org_a.id}
    r = await codec_api.post("/codec/encode", json=protocol("forged"), headers=as_a)
    assert r.status_code == 404, r.text  # what an organization that is not there gets
    assert r.headers["content-type"] == "application/problem+json"
    with psycopg.connect(owner_conninfo) as conn:
        issued = conn.execute(
            "SELECT count(*) FROM organization_keys WHERE organization_id = %s", (org_a.id,)
        ).fetchone()
    assert issued == (0,)
