"""HTTP with timeouts, retries and messages a user can act on.

Retried: HTTP 429 and 5xx, timeouts and connection failures, with exponential backoff
(honouring ``Retry-After``). Not retried: other 4xx, which say the request itself is wrong
(unknown identifier) or refused (blocked).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from comove import __version__
from comove.errors import ProviderError

USER_AGENT = f"Mozilla/5.0 (compatible; comove/{__version__})"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class HttpClient:
    """A small retrying GET client.

    Parameters
    ----------
    transport
        An ``httpx`` transport; tests pass ``httpx.MockTransport`` serving recorded
        responses, so no test touches the network.
    timeout
        Seconds per request.
    retries
        Further attempts after the first, for retryable failures.
    backoff
        Seconds before the first retry; doubled each time.
    sleep
        Called to wait between attempts (tests pass a no-op).
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 20.0,
        retries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
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

    def close(self) -> None:
        self._client.close()

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
                self.sleep(delay)
                delay *= 2
            try:
                response = self._client.get(url, params=params)
            except httpx.TimeoutException:
                last_problem = "timed out"
                continue
            except httpx.TransportError as exc:
                host = httpx.URL(url).host
                last_problem = (f"could not connect to {host} ({type(exc).__name__}: no "
                                "network, or the provider is unreachable)")
                continue
            if response.status_code in RETRY_STATUS:
                last_problem = f"answered HTTP {response.status_code}"
                retry_after = response.headers.get("Retry-After", "")
                if retry_after.isdigit():
                    delay = max(delay, min(float(retry_after), 60.0))
                continue
            if response.status_code == 404:
                raise ProviderError(
                    f"{provider} does not know {url.rsplit('/', 1)[-1] or url} (HTTP 404)",
                    "check the identifier with 'comove data symbols', or use --provider",
                )
            if response.status_code in (401, 403):
                raise ProviderError(
                    f"{provider} refused the request (HTTP {response.status_code}); it may be "
                    "blocking this network",
                    "try later, use another --provider, or import a file instead",
                )
            if response.status_code >= 400:
                raise ProviderError(
                    f"{provider} answered HTTP {response.status_code} for {url}",
                    "check the symbol and dates",
                )
            return response
        why = "" if "could not connect" in last_problem else "; it is down or rate-limiting"
        raise ProviderError(
            f"{provider} {last_problem} after {self.retries + 1} attempts{why}",
            "nothing was written; try again later, or import files with 'comove data import'",
        )
