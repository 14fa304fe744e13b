"""The SSRF guard: every embedding of a non-public IPv4 address, and the port allow-list."""

from __future__ import annotations

import ipaddress

import pytest

from core.url_guard import DEFAULT_ALLOWED_PORTS, UnsafeUrl, check_url, is_public

PUBLIC_V4 = "93.184.216.34"  # an address on the public internet


@pytest.mark.parametrize(
    "address",
    [
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254 (cloud metadata)
        "2002:c0a8:101::",  # 6to4 of 192.168.1.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "2001::7f00:1",  # Teredo prefix
        "64:ff9b::7f00:1",  # NAT64 well-known prefix, 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64, 169.254.169.254
        "64:ff9b:1::a00:1",  # NAT64 local-use prefix, 10.0.0.1
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:10.0.0.1",
        "::127.0.0.1",  # IPv4-compatible (deprecated)
        "::ffff:0:127.0.0.1",  # IPv4-translated (SIIT)
        "2600:1f18::5efe:7f00:1",  # ISATAP interface id, 127.0.0.1
        "2600:1f18::200:5efe:a9fe:a9fe",  # ISATAP (universal bit), 169.254.169.254
    ],
)
async def test_every_embedding_of_a_non_public_ipv4_address_is_refused(address):
    assert not is_public(ipaddress.ip_address(address))
    with pytest.raises(UnsafeUrl, match="private"):
        await check_url(f"https://[{address}]/hook", require_https=True, allow_private=False)


@pytest.mark.parametrize(
    "address",
    ["2002:5db8:d822::1", "2606:4700::6810:84e5", "::ffff:93.184.216.34", PUBLIC_V4],
)
async def test_public_addresses_and_embeddings_of_public_ipv4_are_accepted(address):
    host = f"[{address}]" if ":" in address else address
    assert await check_url(f"https://{host}/hook", require_https=True, allow_private=False)


@pytest.mark.parametrize("port", [0, 22, 25, 5432, 6379, 7233, 8080])
async def test_ports_outside_the_allow_list_are_refused(port):
    with pytest.raises(UnsafeUrl, match="port"):
        await check_url(f"https://{PUBLIC_V4}:{port}/hook", require_https=True, allow_private=False)


async def test_the_allowed_ports_are_443_80_and_8443_by_default_and_configurable():
    assert DEFAULT_ALLOWED_PORTS == (443, 80, 8443)
    for url in (f"https://{PUBLIC_V4}/h", f"https://{PUBLIC_V4}:8443/h", f"http://{PUBLIC_V4}/h"):
        await check_url(url, require_https=False, allow_private=False)
    url = f"https://{PUBLIC_V4}:9443/h"
    await check_url(url, require_https=True, allow_private=False, allowed_ports=(9443,))
    with pytest.raises(UnsafeUrl, match="port"):
        await check_url(
            f"https://{PUBLIC_V4}/h", require_https=True, allow_private=False, allowed_ports=(9443,)
        )


async def test_allowing_private_networks_opens_any_port_on_them_but_not_on_the_internet():
    # Local receivers in development listen on any port; the internet stays behind the list.
    await check_url("http://127.0.0.1:5999/hook", require_https=False, allow_private=True)
    with pytest.raises(UnsafeUrl, match="port"):
        await check_url(f"https://{PUBLIC_V4}:22/hook", require_https=True, allow_private=True)
