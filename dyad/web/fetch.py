"""Fetching a URL on a client's behalf without becoming a proxy into private networks (SSRF).

A URL given to `POST /api/ingest` is fetched only over http(s) and only from public addresses:
the host is resolved and every address it resolves to must be globally routable, so loopback
(127.0.0.0/8, ::1), private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16,
where cloud metadata services live, fe80::/10), shared, multicast, reserved and unspecified
addresses are refused, and so are IPv4 addresses written inside IPv6 (::ffff:127.0.0.1).

The check runs in the HTTP transport, so it applies to every request of a fetch, including each
redirect that `dyad.sources.url.fetch` follows: a public page redirecting to 127.0.0.1 is refused
at the hop. The address is checked just before httpx connects and httpx resolves the name again,
so a DNS server that answers differently within those milliseconds (DNS rebinding) is not
covered; docs/API.md says to keep the token for trusted clients for that reason.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx

from dyad.errors import InputError

Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host:port."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"cannot resolve host {host!r} ({exc})", item="url") from exc
    return [str(info[4][0]) for info in infos]


def refusal(address: str) -> str | None:
    """Why an address may not be fetched, or None for a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return refusal(str(mapped))
    for test, name in ((ip.is_loopback, "a loopback"), (ip.is_private, "a private"),
                       (ip.is_link_local, "a link-local"), (ip.is_multicast, "a multicast"),
                       (ip.is_reserved, "a reserved"), (ip.is_unspecified, "an unspecified")):
        if test:
            return f"{name} address"
    if not ip.is_global:
        return "not a public address"
    return None


def check_public_url(url: str, resolve: Resolver | None = None) -> None:
    """Raise `InputError` (item "url") unless `url` is http(s) to a host with only public addresses
    (`resolve` defaults to the system resolver)."""
    resolve = resolve or system_resolver
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InputError(f"{url!r} is not a valid URL ({exc})", item="url") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"{url!r} is not an http(s) URL; only http and https are fetched", item="url")
    host = parts.hostname
    if not host:
        raise InputError(f"{url!r} has no host", item="url")
    addresses = resolve(host, port or (443 if parts.scheme.lower() == "https" else 80))
    if not addresses:
        raise InputError(f"host {host!r} resolves to no address", item="url")
    for address in addresses:
        reason = refusal(address)
        if reason is not None:
            raise InputError(f"host {host!r} resolves to {address}, {reason}; only public addresses "
                             "are fetched", item="url")


class PublicOnlyTransport(httpx.BaseTransport):
    """An httpx transport that refuses, before connecting, any request to a non-public address."""

    def __init__(self, inner: httpx.BaseTransport | None = None, resolve: Resolver = system_resolver) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.resolve = resolve

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        # An InputError (not an httpx error) passes through fetch() unretried, message intact.
        check_public_url(str(request.url), self.resolve)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def public_client(*, timeout: float = 20.0, inner: httpx.BaseTransport | None = None,
                  resolve: Resolver = system_resolver) -> httpx.Client:
    """A client like `dyad.sources.url.client()` whose every request goes through the public-only check."""
    from dyad.sources.url import client

    base = client()
    return httpx.Client(transport=PublicOnlyTransport(inner, resolve), timeout=timeout, follow_redirects=False,
                        headers=dict(base.headers))
