"""Drawing the Markdown twin's PNG charts in a forked child while the page's interactive
charts are built (about a second off ``comove brief`` on a machine with a free core).

Linux only (fork is the safe start method there); anywhere else, or if the child fails or
hangs, the charts are drawn in this process, so the result never depends on the child.
"""

from __future__ import annotations

import os
import pickle
import select
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from comove.brief.result import BriefResult

TIMEOUT = 120.0


def png_charts_later(result: BriefResult) -> Callable[[], dict[str, bytes]]:
    """Start drawing ``result.png_charts()``; call the returned function for the PNGs."""
    if sys.platform != "linux" or os.environ.get("COMOVE_NO_FORK"):
        return result.png_charts
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return result.png_charts
    if pid == 0:  # the child: draw, send, leave without running any cleanup of the parent
        status = 1
        try:
            os.close(read_end)
            payload = pickle.dumps(result.png_charts(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def collect() -> dict[str, bytes]:
        chunks = []
        ok = False
        try:
            while True:
                ready, _, _ = select.select([read_end], [], [], TIMEOUT)
                if not ready:
                    break
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    ok = True
                    break
                chunks.append(chunk)
        finally:
            os.close(read_end)
            if not ok:
                os.kill(pid, 9)
            _, status = os.waitpid(pid, 0)
        if ok and status == 0:
            charts: dict[str, bytes] = pickle.loads(b"".join(chunks))
            return charts
        return result.png_charts()

    return collect
