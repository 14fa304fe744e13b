"""The OpenID Connect client's caches, against a local provider serving one issuer per tenant:
whatever issuers administrators type, a process keeps a bounded number of documents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from integrations.oidc import OidcClient
from tests.stubs.oidc import OidcProviderStub


@pytest.fixture
def idp() -> Iterator[OidcProviderStub]:
    with OidcProviderStub({}) as stub:
        yield stub


def discoveries(idp: OidcProviderStub, issuer: str) -> int:
    path = issuer.removeprefix(idp.issuer) + "/.well-known/openid-configuration"
    return len(idp.recorded(lambda q: q.path == path))


async def test_the_discovery_cache_keeps_the_most_recent_issuers_only(idp) -> None:
    oidc = OidcClient(trusted_issuers=(idp.issuer,), max_cached=2)
    issuers = [f"{idp.issuer}/tenant-{n}" for n in range(4)]
    for issuer in issuers:
        assert (await oidc.metadata(issuer)).issuer == issuer
    # The two most recent are still cached; the oldest was let go and is fetched again.
    await oidc.metadata(issuers[3])
    await oidc.metadata(issuers[2])
    assert [discoveries(idp, i) for i in issuers] == [1, 1, 1, 1]
    await oidc.metadata(issuers[0])
    assert discoveries(idp, issuers[0]) == 2
