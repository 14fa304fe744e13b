"""A name an organization claims is its own across every placement: an SSO sign-in name, an
SSO e-mail domain, a custom domain.

Three placements (EU shared and control, US shared on a second server, a dedicated EU one);
organizations in different ones claim the same names, one after the other and at the same
moment. What a user would notice: the second organization is refused with the documented 409,
and sign-in or the custom domain keeps reaching the first one.
"""

from __future__ import annotations

import asyncio

import pytest

from domain.dashboard.admin import register_domain
from domain.dashboard.branding import organization_for_host
from domain.errors import Conflict
from domain.placements.tables import NOT_COPIED
from domain.sso import configuration
from tests.support.claims import found, set_up_sso


async def test_a_custom_domain_of_one_placement_cannot_be_claimed_in_another(router) -> None:
    eu = (await found(router, "Northstar", "eu")).organization.id
    us = (await found(router, "Harbor", "us")).organization.id
    await register_domain(router, eu, "studio.northstar.example")
    with pytest.raises(Conflict) as taken:
        await register_domain(router, us, "Studio.Northstar.Example")
    assert taken.value.status == 409 and taken.value.param == "hostname"
    assert await organization_for_host(router, "studio.northstar.example") == eu
    # The organization's own second domain, and the same one again, are fine.
    await register_domain(router, eu, "bookings.northstar.example")
    await register_domain(router, eu, "studio.northstar.example")
    await register_domain(router, us, "harbor.example")
    assert await organization_for_host(router, "harbor.example") == us
    assert await organization_for_host(router, "bookings.northstar.example") == eu


async def test_concurrent_claims_of_one_domain_from_two_placements_have_one_winner(
    router,
) -> None:
    eu = (await found(router, "Northstar", "eu")).organization.id
    acme = (await found(router, "Acme", "eu", placement="acme")).organization.id
    us = (await found(router, "Harbor", "us")).organization.id
    for round_ in range(5):
        host = f"shared-{round_}.example"
        outcomes = await asyncio.gather(
            *(register_domain(router, org, host) for org in (eu, us, acme)),
            return_exceptions=True,
        )
        won = [org for org, o in zip((eu, us, acme), outcomes, strict=True) if o == host]
        refused = [o for o in outcomes if isinstance(o, Conflict)]
        assert len(won) == 1 and len(refused) == 2, outcomes
        assert all(r.status == 409 for r in refused)
        assert await organization_for_host(router, host) == won[0]


async def test_an_sso_name_or_domain_of_another_placement_is_refused_and_sign_in_keeps_working(
    router, placed_settings
) -> None:
    eu = (await found(router, "Northstar", "eu")).organization.id
    us = (await found(router, "Harbor", "us")).organization.id
    await set_up_sso(router, placed_settings, eu, "northstar", ["northstar.example"])
    with pytest.raises(Conflict) as slug:
        await set_up_sso(router, placed_settings, us, "northstar", ["harbor.example"])
    assert slug.value.code == "slug_taken"
    with pytest.raises(Conflict) as domain:
        await set_up_sso(
            router, placed_settings, us, "harbor", ["harbor.example", "northstar.example"]
        )
    assert domain.value.code == "email_domain_taken" and domain.value.param == "email_domains"
    # Nothing of the refused claims stays: the US organization sets up its own.
    await set_up_sso(router, placed_settings, us, "harbor", ["harbor.example"])
    assert await configuration.organization_for_login(router, "ana@northstar.example") == eu
    assert await configuration.organization_for_login(router, "northstar") == eu
    assert await configuration.organization_for_login(router, "bo@harbor.example") == us
    # A domain given up is free for another organization.
    await set_up_sso(router, placed_settings, eu, "northstar", ["northstar.example", "ns.example"])
    await set_up_sso(router, placed_settings, eu, "northstar", ["northstar.example"])
    await set_up_sso(router, placed_settings, us, "harbor", ["harbor.example", "ns.example"])
    assert await configuration.organization_for_login(router, "x@ns.example") == us

    # Two organizations of different placements claiming one domain at once: one wins.
    outcomes = await asyncio.gather(
        set_up_sso(router, placed_settings, eu, "northstar", ["northstar.example", "both.example"]),
        set_up_sso(router, placed_settings, us, "harbor", ["harbor.example", "both.example"]),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(refused) == 1 and refused[0].code == "email_domain_taken", outcomes
    assert await configuration.organization_for_login(router, "x@both.example") in (eu, us)


def test_a_move_leaves_the_registry_where_it_is() -> None:
    # Claims are keyed by organization id in the control database: a move neither copies
    # them into the target nor deletes them with the source's rows, so they go along.
    assert "organization_claims" in NOT_COPIED
