"""The SSRF guard for every URL a customer gives us to call (webhook endpoints, Teams flows).

A URL is refused when it is malformed, carries credentials, is not ``https://`` where https is
required, names a port outside the allow-list (443, 80 and 8443 unless configured), or when its
host *resolves* to an address that is not on the public internet (loopback, private,
link-local — which includes cloud metadata at 169.254.169.254 — multicast, reserved,
unspecified, shared carrier-grade NAT) or to an IPv6 address that embeds such an IPv4 address
(IPv4-mapped, -compatible and -translated, NAT64, 6to4, Teredo, ISATAP). The check runs
when the URL is saved and again just before each call; the caller then connects to the very
address that was checked (:func:`pinned_request_target`), so a DNS answer that changes between
the check and the connection (DNS rebinding) cannot redirect the call inside our network.

``allow_private`` exists for local development and tests (receivers on 127.0.0.1, on any
port); the settings refuse it in production. Public addresses stay behind the port allow-list
either way, so the guard cannot be used to probe SSH, databases or other services.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_URL_LENGTH = 2000
DEFAULT_ALLOWED_PORTS = (443, 80, 8443)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
# IPv6 prefixes whose last 32 bits are an IPv4 address a gateway or the host stack may reach:
# IPv4-compatible (::/96), IPv4-translated (SIIT), NAT64 well-known and local-use prefixes.
_LOW_32_EMBEDDINGS = tuple(
    ipaddress.ip_network(net)
    for net in ("::/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48")
)
_ISATAP_MASK = 0xFDFF_FFFF_0000_0000  # interface id 0000:5efe or 0200:5efe, then the IPv4
_ISATAP_ID = 0x0000_5EFE_0000_0000


class UnsafeUrl(ValueError):
    """The URL may not be called; the message says why without echoing the URL."""


class UnresolvableHost(UnsafeUrl):
    """The host has no address (now); calling it would fail, and nothing was checked."""


@dataclass(frozen=True, slots=True)
class CheckedUrl:
    """A syntactically acceptable URL, split into what a connection needs."""

    url: str
    scheme: str
    host: str
    port: int


@dataclass(frozen=True, slots=True)
class PinnedTarget:
    """Where to connect: ``url`` names the checked IP; ``host`` goes into ``Host`` and SNI."""

    url: str
    host: str
    address: IPAddress


def check_syntax(url: str, *, require_https: bool) -> CheckedUrl:
    """Shape checks that need no DNS: absolute http(s) URL, a host, no user info, sane port."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"the URL is longer than {MAX_URL_LENGTH} characters")
    if any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise UnsafeUrl("the URL contains whitespace or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeUrl("the URL is malformed") from None
    if parts.scheme not in ("https", "http"):
        raise UnsafeUrl("the URL must start with https://")
    if require_https and parts.scheme != "https":
        raise UnsafeUrl("the URL must use https://")
    if not parts.hostname:
        raise UnsafeUrl("the URL has no host")
    if port == 0:
        raise UnsafeUrl("the URL's port must be between 1 and 65535")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("the URL must not carry a user name or password")
    if parts.fragment:
        raise UnsafeUrl("the URL must not have a #fragment")
    return CheckedUrl(
        url=url,
        scheme=parts.scheme,
        host=parts.hostname,
        port=port if port is not None else (443 if parts.scheme == "https" else 80),
    )


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries, and that traffic to it may end up at."""
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)  # (server, client)
    low_32 = ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    if any(address in net for net in _LOW_32_EMBEDDINGS):
        found.append(low_32)
    if int(address) & 0xFFFF_FFFF_FFFF_FFFF & _ISATAP_MASK == _ISATAP_ID:
        found.append(low_32)
    return found


def _is_global(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return False
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def is_public(address: IPAddress) -> bool:
    """Whether an address is on the public internet: an IPv6 address is public only when every
    IPv4 address it embeds is public too (``::ffff:127.0.0.1``, ``2002:7f00:1::`` are not)."""
    if isinstance(address, ipaddress.IPv4Address):
        return _is_global(address)
    if address.ipv4_mapped is not None:
        return _is_global(address.ipv4_mapped)  # judged as the IPv4 it is
    return all(_is_global(v4) for v4 in embedded_ipv4(address)) and _is_global(address)


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnresolvableHost("the URL's host does not resolve") from None
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnresolvableHost("the URL's host does not resolve")
    return addresses


async def check_url(
    url: str,
    *,
    require_https: bool,
    allow_private: bool,
    allowed_ports: Collection[int] = DEFAULT_ALLOWED_PORTS,
) -> list[IPAddress]:
    """The addresses the URL may be called at; :class:`UnsafeUrl` when it may not be called.

    Every resolved address must be public: a name that answers one public and one private
    address is refused, since the client might pick either. A public address must be called
    on one of ``allowed_ports``; a private one (only with ``allow_private``) on any port.
    """
    checked = check_syntax(url, require_https=require_https)
    port_allowed = checked.port in allowed_ports
    if not port_allowed and not allow_private:
        raise UnsafeUrl(_port_refusal(allowed_ports))
    addresses = await resolve(checked.host, checked.port)
    for address in addresses:
        if is_public(address):
            if not port_allowed:
                raise UnsafeUrl(_port_refusal(allowed_ports))
        elif not allow_private:
            raise UnsafeUrl(
                "the URL's host resolves to a private, loopback, link-local or reserved "
                "address, which is not allowed"
            )
    return addresses


def _port_refusal(allowed_ports: Collection[int]) -> str:
    ports = ", ".join(str(p) for p in allowed_ports)
    return f"the URL's port is not allowed; allowed ports are {ports}"


def pinned_request_target(url: str, address: IPAddress) -> PinnedTarget:
    """The URL with its host replaced by the checked ``address`` (port and path kept)."""
    parts: SplitResult = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if isinstance(address, ipaddress.IPv6Address) else str(address)
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    host_header = f"{host}:{parts.port}" if parts.port else host
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return PinnedTarget(url=pinned, host=host_header, address=address)


def sni_hostname(url: str) -> str | None:
    """The name to present in TLS SNI and verify the certificate against (``None`` for an IP)."""
    host = urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return None
