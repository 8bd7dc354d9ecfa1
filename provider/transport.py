"""HTTP transport to Replicate: one aiohttp session, the token, proxies, retries, error mapping.

Retries follow what costs the person nothing: reads (GET) retry with exponential backoff and
jitter; creating a prediction retries only on 429 (waiting as Replicate asks, within a bound)
and on connection failures that happened before the request was sent, never on 5xx, because a
second prediction is a second bill.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import sys
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import aiohttp
from yarl import URL

from .config import RetryPolicy, Token
from .errors import (
    ConfigurationError,
    InvalidResponseError,
    ProviderConnectionError,
    ProviderError,
    ProviderTimeoutError,
    RateLimitError,
    ServerError,
    error_for_response,
    redact,
)
from .tasks import OwnedTasks
from .version import __version__

__all__ = ["DEFAULT_BASE_URL", "RetryPolicy", "Token", "Transport", "check_url", "user_agent"]

log = logging.getLogger("provider.transport")

DEFAULT_BASE_URL = "https://api.replicate.com"
MAX_JSON_BYTES = 16 * 1024 * 1024  # a prediction object is kilobytes; more is not Replicate
MAX_ERROR_BYTES = 64 * 1024
CLOSE_WAIT = 3.0  # how long close() lets cancels of abandoned predictions finish


def user_agent() -> str:
    python = ".".join(str(part) for part in sys.version_info[:3])
    return f"replicate-chat/{__version__} aiohttp/{aiohttp.__version__} python/{python}"


def _check_timeout(timeout: Any) -> float:
    if timeout is None:
        return 180.0  # the seed's default, for callers that pass None for "the default"
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ConfigurationError(f"timeout must be a number of seconds above 0, not {timeout!r}.")
    return float(timeout)


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str, what: str) -> URL:
    """Refuse URLs the token must never travel to: anything but https, except on loopback."""
    try:
        parsed = URL(url)
        host, scheme = parsed.host, parsed.scheme
        parsed.port  # noqa: B018 - an out-of-range port raises here, not in the middle of a request
    except (ValueError, TypeError):
        raise ConfigurationError(f"The {what} {redact(url)!r} is not a valid URL.") from None
    if host and (scheme == "https" or (scheme == "http" and _is_loopback(host))):
        return parsed
    raise ConfigurationError(
        f"Refusing the {what} {redact(url)!r}: it must start with https:// "
        "(plain http:// only for this machine, 127.0.0.1 or localhost)."
    )


_SOCKS_SCHEMES = ("socks4", "socks4a", "socks5", "socks5h")


def _check_proxy(proxy: str | None) -> str | None:
    """Validate a proxy URL early, so a bad one fails before any request is made."""
    if not proxy:
        return None
    scheme = URL(proxy).scheme.lower()
    if scheme in _SOCKS_SCHEMES:
        try:
            import aiohttp_socks  # noqa: F401
        except ImportError:
            raise ConfigurationError(
                f"A {scheme}:// proxy needs the optional package aiohttp-socks: "
                "pip install 'replicate-chat[socks]'."
            ) from None
    elif scheme not in ("http", "https"):
        raise ConfigurationError(
            f"Unsupported proxy scheme {scheme!r}: use http://, https:// or socks5://."
        )
    return proxy


def _session_for(
    proxy: str | None, headers: dict[str, str], timeout: aiohttp.ClientTimeout
) -> aiohttp.ClientSession:
    # aiohttp speaks http(s) proxies itself; SOCKS goes through aiohttp-socks' connector.
    # Connectors need a running loop, so this is only called from inside one.
    connector: aiohttp.BaseConnector | None = None
    if proxy and URL(proxy).scheme.lower() in _SOCKS_SCHEMES:
        from aiohttp_socks import ProxyConnector

        connector = ProxyConnector.from_url(proxy)
        proxy = None
    return aiohttp.ClientSession(connector=connector, proxy=proxy, headers=headers, timeout=timeout)


class Transport:
    """Requests to Replicate's API on one session; raises only `ProviderError`s."""

    def __init__(
        self,
        token: Token | None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        proxy: str | None = None,
        timeout: float = 180,
        headers: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.base_url = check_url(base_url.rstrip("/"), "API base URL")
        self.token = token
        self.idle_timeout = _check_timeout(timeout)
        self.retry = retry or RetryPolicy()
        self._extra_headers = dict(headers or {})
        self._proxy = _check_proxy(proxy)
        self._session: aiohttp.ClientSession | None = None
        self._closed = False
        # Cancels of abandoned predictions, sent in the background; close() waits for them.
        self._background = OwnedTasks("a background request", expected=(ProviderError,))
        self._on_close: set[Callable[[], None]] = set()

    def __repr__(self) -> str:
        return f"Transport(base_url={str(self.base_url)!r}, token={self.token!r})"

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise ProviderConnectionError("The connection to Replicate was closed by the app.")
        if self._session is None:
            headers = {"User-Agent": user_agent(), **self._extra_headers}
            self._session = _session_for(self._proxy, headers, self.client_timeout())
        return self._session

    def client_timeout(self) -> aiohttp.ClientTimeout:
        # An idle timeout, not a total: a long reply that keeps streaming is never cut off.
        idle = self.idle_timeout
        return aiohttp.ClientTimeout(total=None, sock_connect=min(30.0, idle), sock_read=idle)

    def background(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run `work` (a cancel, say) so that close() waits for it and nothing is left pending."""
        return self._background.spawn(work)

    def on_close(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` when close() starts (readers abort there); returns the remover."""
        self._on_close.add(callback)
        return lambda: self._on_close.discard(callback)

    async def close(self) -> None:
        """Abort what is running, let pending cancels finish (bounded), then close the session."""
        for callback in list(self._on_close):
            callback()
        await self._background.wait(timeout=CLOSE_WAIT)
        self._background.cancel_now()
        self._closed = True
        if self._session is not None:
            await self._session.close()
            self._session = None

    def api_url(self, path: str) -> str:
        return f"{self.base_url}/v1/{path.lstrip('/')}"

    def auth_headers(self) -> dict[str, str]:
        if self.token is None:
            return {}
        return {"Authorization": self.token.authorization()}

    async def get_json(self, url: str) -> Any:
        """GET with retries on 429, 5xx and network failures."""
        return await self._request("GET", url, None, idempotent=True)

    async def post_json(
        self,
        url: str,
        body: Any = None,
        *,
        idempotent: bool = False,
        attempts: int | None = None,
        on_orphan: Callable[[Any], Coroutine[Any, Any, Any]] | None = None,
    ) -> Any:
        """POST; retried on 5xx and broken connections only when `idempotent` (cancel is).

        With `on_orphan`, an attempt already on the wire when the caller is cancelled is let
        finish in the background and its answer handed to `on_orphan` (to cancel a prediction
        that Replicate created although nobody is waiting for it any more). A cancel during a
        backoff sleep simply stops: nothing was sent.
        """
        return await self._request(
            "POST", url, body, idempotent=idempotent, attempts=attempts, on_orphan=on_orphan
        )

    async def post_form(self, url: str, form: Callable[[], aiohttp.MultipartWriter]) -> Any:
        """POST a multipart body (an upload), built afresh by `form` for each attempt.

        Not idempotent: retried on 429 and on a connection that failed before the request was
        sent, never once bytes went out. Cancelling stops the body where it is.
        """
        return await self._request("POST", url, None, idempotent=False, form=form)

    async def _request(
        self,
        method: str,
        url: str,
        body: Any,
        *,
        idempotent: bool,
        attempts: int | None = None,
        on_orphan: Callable[[Any], Coroutine[Any, Any, Any]] | None = None,
        form: Callable[[], aiohttp.MultipartWriter] | None = None,
    ) -> Any:
        target = check_url(url, "request URL")
        limit = attempts or (self.retry.get_attempts if idempotent else self.retry.create_attempts)
        attempt = 0
        while True:
            attempt += 1
            try:
                if on_orphan is None:
                    return await self._send(method, target, body, form)
                on_the_wire = asyncio.ensure_future(self._send(method, target, body, form))
                try:
                    return await asyncio.shield(on_the_wire)
                except asyncio.CancelledError:
                    self.background(_adopt(on_the_wire, on_orphan))
                    raise
            except RateLimitError as error:
                wait = error.retry_after
                if wait is None:
                    wait = self.retry.backoff(attempt)
                if attempt >= limit or wait > self.retry.max_retry_after:
                    raise
            except ServerError:
                if not idempotent or attempt >= limit:
                    raise
                wait = self.retry.backoff(attempt)
            except _NotSent as failure:
                # The connection failed before the request left: retrying cannot duplicate it.
                if attempt >= limit:
                    raise failure.error from None
                wait = self.retry.backoff(attempt)
            except (ProviderConnectionError, ProviderTimeoutError):
                if not idempotent or attempt >= limit:
                    raise
                wait = self.retry.backoff(attempt)
            log.info(
                "retrying %s %s in %.2fs (attempt %d of %d)",
                method,
                target.path,
                wait,
                attempt + 1,
                limit,
            )
            await asyncio.sleep(wait)

    async def _send(
        self,
        method: str,
        url: URL,
        body: Any,
        form: Callable[[], aiohttp.MultipartWriter] | None = None,
    ) -> Any:
        headers = self.auth_headers()
        data: bytes | aiohttp.MultipartWriter | None = None
        if form is not None:
            data = form()  # sets its own Content-Type, with the boundary
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        # Failures are raised after the `except` blocks, so that no aiohttp exception (whose
        # request info holds the Authorization header) survives as the error's __context__.
        failure: Exception
        try:
            async with self.session.request(method, url, data=data, headers=headers) as response:
                if response.status >= 400:
                    raw = await _read_capped(response, MAX_ERROR_BYTES)
                    raise error_for_response(
                        response.status,
                        raw,
                        response.reason or "",
                        response.headers.get("Retry-After"),
                        url.path,
                    )
                raw = await _read_capped(response, MAX_JSON_BYTES, strict=True)
                return parse_json(raw, url)
        except ProviderError:
            raise
        except aiohttp.ClientHttpProxyError as exc:
            # The proxy said no (407 and the like): asking again will not change its mind.
            failure = ConfigurationError(
                f"The proxy refused the request ({exc.status} {exc.message}): "
                "check its address, user name and password."
            )
        except aiohttp.ClientConnectorError as exc:
            failure = _NotSent(ProviderConnectionError(_connection_message(url, exc)))
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError):
            failure = ProviderTimeoutError(
                f"Replicate did not answer within {self.idle_timeout:g} s ({url.host})."
            )
        except aiohttp.ClientError as exc:
            failure = ProviderConnectionError(_connection_message(url, exc))
        raise failure


async def _adopt(
    on_the_wire: asyncio.Future[Any], on_orphan: Callable[[Any], Coroutine[Any, Any, Any]]
) -> None:
    try:
        answer = await on_the_wire
    except (ProviderError, _NotSent):
        return  # it failed: nothing was created
    await on_orphan(answer)


class _NotSent(Exception):
    """Internal: a connection failure from before the request was written."""

    def __init__(self, error: ProviderConnectionError) -> None:
        super().__init__(error.message)
        self.error = error


def _connection_message(url: URL, exc: BaseException) -> str:
    reason = str(exc) or type(exc).__name__  # may name a proxy URL: redacted by the error
    return f"Could not reach Replicate at {url.host}: {reason}"


async def _read_capped(response: aiohttp.ClientResponse, limit: int, strict: bool = False) -> bytes:
    """Read at most `limit` bytes; with `strict`, a longer body is an error, not truncated."""
    length = response.content_length
    if strict and length is not None and length > limit:
        raise InvalidResponseError(
            f"Replicate's answer is {length} bytes, far more than expected; it was not read."
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            if strict:
                raise InvalidResponseError(
                    f"Replicate's answer is more than {limit} bytes, far more than expected."
                )
            break
    return b"".join(chunks)[:limit]


def parse_json(raw: bytes, url: URL | str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        excerpt = " ".join(raw[:120].decode("utf-8", "replace").split())
        raise InvalidResponseError(
            f"Replicate's answer from {URL(str(url)).path} is not valid JSON"
            + (f" (it begins: {excerpt!r})." if excerpt else " (it was empty).")
        ) from None
