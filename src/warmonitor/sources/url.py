"""Fetching a URL: host checks on every hop, a connection pinned to the checked address, one deadline.

``check_url_host`` resolves the host once and refuses private, loopback and link-local addresses;
the connection then goes to exactly that address (a rebinding DNS cannot answer differently the
second time, because there is no second time). Redirects are followed by hand so each hop is
checked the same way, and a refusal names the URL the user gave. The timeout bounds the whole
fetch, not each read: a server trickling one byte at a time is cut off when the time is up.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.parse

from warmonitor.sources.base import IngestOptions, InputError

MAX_REDIRECTS = 5
USER_AGENT = "warmonitor/0.1 (+offline news monitor)"
ALLOWED_CONTENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/x-ndjson",
    "application/jsonl",
    "application/ndjson",
    "application/json",
)


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


def is_refused_address(address: str) -> bool:
    """Addresses a fetch must not reach without ``--allow-private``."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return bool(
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def check_url_host(url: str, allow_private: bool) -> str:
    """The address to connect to for ``url``; InputError if the URL or its host is refused."""
    try:
        parts = urllib.parse.urlsplit(url)
        hostname = parts.hostname
    except ValueError as err:  # "http://[::1" and other unparseable forms
        raise InputError(url, f"not a valid URL ({err})") from err
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        raise InputError(url, "only http and https URLs with a host are accepted")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as err:
        raise InputError(url, "invalid port") from err
    try:
        addresses = _resolve(hostname, port)
    except (socket.gaierror, UnicodeError) as err:
        reason = getattr(err, "strerror", None) or type(err).__name__
        raise InputError(url, f"cannot resolve host ({reason})") from err
    if not addresses:
        raise InputError(url, "cannot resolve host (no addresses)")
    if not allow_private:
        for address in addresses:
            if is_refused_address(address):
                raise InputError(
                    url, f"refusing private address {address} (use --allow-private to permit it)"
                )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int | None, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int | None, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def fetch_url(url: str, options: IngestOptions) -> tuple[bytes, str]:
    """The body (at most max_bytes) and the content type of ``url``; InputError names ``url``."""
    deadline = time.monotonic() + options.timeout
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            address = check_url_host(current, options.allow_private)
        except InputError as err:
            if current == url:
                raise
            raise InputError(url, f"redirect to {current} refused: {err.reason}") from err
        try:
            result = _fetch_once(current, address, deadline, options)
        except InputError as err:
            raise InputError(url, err.reason) from err
        except TimeoutError as err:
            raise InputError(url, f"timed out after {options.timeout:g} s") from err
        except (OSError, http.client.HTTPException, ValueError) as err:
            raise InputError(url, f"cannot fetch ({_describe(err)})") from err
        if isinstance(result, str):  # a redirect
            current = urllib.parse.urljoin(current, result)
            continue
        return result
    raise InputError(url, f"too many redirects (more than {MAX_REDIRECTS})")


def _fetch_once(
    url: str, address: str, deadline: float, options: IngestOptions
) -> tuple[bytes, str] | str:
    """The body and content type, or the Location of a redirect."""
    parts = urllib.parse.urlsplit(url)
    left = _left(deadline, options)
    connection_type = (
        _PinnedHTTPSConnection if parts.scheme.lower() == "https" else _PinnedHTTPConnection
    )
    connection = connection_type(parts.hostname or "", parts.port, address, left)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        connection.request(
            "GET", target, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        )
        sock = connection.sock  # the response keeps reading it after the connection lets go
        response = connection.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            location = response.getheader("Location")
            if not location:
                raise InputError(url, f"HTTP {response.status} redirect without a Location")
            return location
        if response.status >= 400:
            raise InputError(url, f"HTTP {response.status} {response.reason}")
        content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if content_type not in ALLOWED_CONTENT_TYPES and not content_type.endswith("+xml"):
            raise InputError(url, f"unsupported content type {content_type or '(none)'}")
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > options.max_bytes:
            raise InputError(url, f"too large ({declared} bytes; the limit is {options.max_bytes})")
        return _read_body(url, sock, response, deadline, options), content_type
    finally:
        connection.close()


def _read_body(
    url: str,
    sock: socket.socket | None,
    response: http.client.HTTPResponse,
    deadline: float,
    options: IngestOptions,
) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        left = _left(deadline, options)
        if sock is not None:
            sock.settimeout(left)  # each read waits at most what the fetch has left
        chunk = response.read1(64 * 1024)
        if not chunk:
            return b"".join(parts)
        total += len(chunk)
        if total > options.max_bytes:
            raise InputError(url, f"too large (over {options.max_bytes} bytes)")
        parts.append(chunk)


def _left(deadline: float, options: IngestOptions) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _describe(err: Exception) -> str:
    text = getattr(err, "strerror", None) or (str(err).splitlines() or [""])[0][:120]
    return text or type(err).__name__
