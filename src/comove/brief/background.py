"""Drawing the Markdown twin's PNG charts in a forked child while this process goes on
(about a second of matplotlib off ``comove brief`` on a machine with a free core).

:class:`PngsAhead` starts as soon as the watchlist rows are read: the child draws the
charts that need only them (:data:`EARLY`) while this process computes the other sections
and checks the claims, then draws the rest from the numbers :meth:`PngsAhead.finish` sends
it. :func:`png_charts_later` starts from a finished result.

Linux only (fork is the safe start method there); anywhere else, or if the child fails or
hangs, the charts are drawn in this process, so the result never depends on the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from comove.brief.model import BriefData
    from comove.brief.result import BriefResult

TIMEOUT = 120.0
EARLY = ("story", "records")  # charts drawn from the watchlist rows alone


def _forking() -> bool:
    return sys.platform == "linux" and not os.environ.get("COMOVE_NO_FORK")


def _read_all(fd: int, timeout: float | None = None) -> bytes | None:
    """Everything until end of file, or None after ``timeout`` seconds of silence."""
    chunks: list[bytes] = []
    while True:
        if timeout is not None and not select.select([fd], [], [], timeout)[0]:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _child(early: BriefData, from_parent: int, to_parent: int) -> None:
    """Draw the early charts, wait for the numbers, draw the rest, send them all."""
    from comove.brief import charts
    from comove.brief.result import draw_charts

    status = 1
    try:
        drawn = draw_charts(charts, early, only=EARLY)
        payload = _read_all(from_parent)
        if payload:  # nothing: the parent gave up
            data = pickle.loads(payload)
            pngs = draw_charts(charts, data, done=drawn)
            with os.fdopen(to_parent, "wb") as pipe:
                pipe.write(pickle.dumps(pngs, protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
    finally:
        os._exit(status)  # no cleanup of the parent's state (its store connection)


class PngsAhead:
    """A forked child drawing the PNG charts of a brief whose numbers are not all known.

    Parameters
    ----------
    early
        The brief so far: its date and watchlist rows (enough for :data:`EARLY`).
    """

    def __init__(self, early: BriefData) -> None:
        from_parent, self._to_child = os.pipe()
        self._from_child, to_parent = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self._to_child)
            os.close(self._from_child)
            _child(early, from_parent, to_parent)
        os.close(from_parent)
        os.close(to_parent)
        self._sender: threading.Thread | None = None

    @classmethod
    def start(cls, early: BriefData) -> PngsAhead | None:
        """The child, or None where charts are drawn in this process (not Linux,
        ``COMOVE_NO_FORK`` set, fork failed)."""
        if not _forking():
            return None
        try:
            return cls(early)
        except OSError:
            return None

    def finish(self, result: BriefResult) -> Callable[[], dict[str, bytes]]:
        """Send the complete numbers (the child reads them when its early charts are
        done; a thread writes them meanwhile); call the returned function for the PNGs
        (drawn here instead if the child failed)."""
        payload = pickle.dumps(result.data, protocol=pickle.HIGHEST_PROTOCOL)

        def send() -> None:
            with contextlib.suppress(OSError), os.fdopen(self._to_child, "wb") as pipe:
                pipe.write(payload)

        self._sender = threading.Thread(target=send, daemon=True)
        self._sender.start()

        def collect() -> dict[str, bytes]:
            pngs = self._reap(TIMEOUT)
            return pngs if pngs is not None else result.png_charts()

        return collect

    def cancel(self) -> None:
        """Stop the child (after its early charts) and reap it."""
        with contextlib.suppress(OSError):
            os.close(self._to_child)
        self._reap(TIMEOUT)

    def _reap(self, timeout: float) -> dict[str, bytes] | None:
        payload = None
        try:
            payload = _read_all(self._from_child, timeout)
        finally:
            os.close(self._from_child)
            if payload is None:
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
            _, status = os.waitpid(self.pid, 0)
            if self._sender is not None:
                self._sender.join()
        if payload and status == 0:
            pngs: dict[str, bytes] = pickle.loads(payload)
            return pngs
        return None


def png_charts_later(result: BriefResult) -> Callable[[], dict[str, bytes]]:
    """Start drawing ``result.png_charts()``; call the returned function for the PNGs."""
    ahead = PngsAhead.start(result.data)
    return result.png_charts if ahead is None else ahead.finish(result)
