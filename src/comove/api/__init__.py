"""The public Python API: ``import comove; m = comove.open()``.

:class:`Market` has one method per analysis the command line offers; each returns a typed
result object (``summary()``, ``to_frame()``, ``to_dict()``, ``_repr_html_``, ``plot()``).
"""

from __future__ import annotations

from pathlib import Path

from comove.api.market import Market


def open(path: str | Path | None = None, lock_timeout: float = 10.0) -> Market:
    """Open a comove store.

    Parameters
    ----------
    path
        The store folder; default ``$COMOVE_HOME``, else the per-user data folder (the
        same store the ``comove`` command uses).
    lock_timeout
        Seconds to wait for another process that holds the store.

    Returns
    -------
    Market
        The analyses on that store.

    Examples
    --------
    >>> import comove
    >>> m = comove.open(".comove-demo")            # doctest: +SKIP
    >>> m.corr("BTC", "SPX").summary()             # doctest: +SKIP
    """
    from comove.store import Store

    return Market(Store(path, lock_timeout=lock_timeout))


__all__ = ["Market", "open"]
