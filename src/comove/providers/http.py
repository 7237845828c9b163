"""HTTP with deadlines, bounded answers, retries and messages a user can act on.

Retried: HTTP 429 and 5xx, timeouts and connection failures, with exponential backoff
(honouring ``Retry-After``, in seconds or as an HTTP date, up to :data:`MAX_RETRY_AFTER`;
a provider asking for a longer wait gets a message instead). Not retried: other 4xx, which
say the request itself is wrong (unknown identifier) or refused (blocked).

Each attempt has a whole-request deadline, not only a per-read timeout, so a server that
drips one byte at a time is cut off; and an answer larger than :data:`MAX_BODY_BYTES` is
refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from comove import __version__
from comove.errors import ProviderError
from comove.store.text import shown

USER_AGENT = f"Mozilla/5.0 (compatible; comove/{__version__})"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0
MAX_BODY_BYTES = 64 << 20


class _DeadlineExceededError(Exception):
    pass


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class HttpClient:
    """A small retrying GET client.

    Parameters
    ----------
    transport
        An ``httpx`` transport; tests pass ``httpx.MockTransport`` serving recorded
        responses, so no test touches the network.
    timeout
        Seconds allowed for connecting and for each read.
    deadline
        Seconds allowed for a whole request (connect, headers and body).
    retries
        Further attempts after the first, for retryable failures.
    backoff
        Seconds before the first retry; doubled each time.
    sleep, clock
        Wait between attempts, and read a monotonic clock (tests pass fakes).
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 20.0,
        retries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        deadline: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
            follow_redirects=True,
        )
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.deadline = deadline
        self.clock = clock

    def close(self) -> None:
        self._client.close()

    def _attempt(self, url: str, params: dict[str, Any] | None) -> httpx.Response:
        """One GET, read within the deadline and the size bound."""
        limit = self.clock() + self.deadline
        with self._client.stream("GET", url, params=params) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BODY_BYTES:
                    raise ProviderError(
                        f"{shown(httpx.URL(url).host)} sent more than "
                        f"{MAX_BODY_BYTES >> 20} MiB for one request",
                        "nothing was written; ask for a shorter date range",
                    )
                if self.clock() > limit:
                    raise _DeadlineExceededError
            return httpx.Response(response.status_code, headers=response.headers,
                                  content=bytes(body), request=response.request)

    def get(self, provider: str, url: str, params: dict[str, Any] | None = None) -> httpx.Response:
        """GET ``url``; return the response of a 2xx answer.

        Raises
        ------
        ProviderError
            After the retries are spent, or at once for a non-retryable answer.
        """
        delay = self.backoff
        last_problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(min(delay, MAX_RETRY_AFTER))
                delay *= 2
            try:
                response = self._attempt(url, params)
            except _DeadlineExceededError:
                last_problem = f"did not finish answering within {self.deadline:.0f} s"
                continue
            except httpx.TimeoutException:
                last_problem = "timed out"
                continue
            except httpx.TransportError as exc:
                host = shown(httpx.URL(url).host)
                last_problem = (f"could not connect to {host} ({type(exc).__name__}: no "
                                "network, or the provider is unreachable)")
                continue
            if response.status_code in RETRY_STATUS:
                last_problem = f"answered HTTP {response.status_code}"
                wait = retry_after_seconds(response.headers.get("Retry-After", ""))
                if wait is not None and wait > MAX_RETRY_AFTER:
                    raise ProviderError(
                        f"{provider} answered HTTP {response.status_code} and asks to wait "
                        f"{wait:,.0f} s before trying again",
                        "nothing was written; run the command again later",
                    )
                if wait is not None:
                    delay = max(delay, wait)
                continue
            if response.status_code == 404:
                raise ProviderError(
                    f"{provider} does not know {shown(url.rsplit('/', 1)[-1] or url)} "
                    "(HTTP 404)",
                    "check the identifier with 'comove data symbols', or choose another provider",
                    param="provider",
                )
            if response.status_code in (401, 403):
                raise ProviderError(
                    f"{provider} refused the request (HTTP {response.status_code}); it may be "
                    "blocking this network",
                    "try later, choose another provider, or import a file instead",
                    param="provider",
                )
            if response.status_code >= 400:
                raise ProviderError(
                    f"{provider} answered HTTP {response.status_code} for {shown(url)}",
                    "check the symbol and dates",
                )
            return response
        why = "" if "could not connect" in last_problem else "; it is down or rate-limiting"
        raise ProviderError(
            f"{provider} {last_problem} after {self.retries + 1} attempts{why}",
            "nothing was written; try again later, or import files with 'comove data import'",
        )
