"""Package attributes loaded on first use, so that ``comove --help`` imports no numpy."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, exports: dict[str, list[str]]
                 ) -> tuple[Callable[[str], Any], list[str]]:
    """A module ``__getattr__`` that imports a name from its submodule when it is first read,
    and the sorted ``__all__``.

    Parameters
    ----------
    package
        The package, e.g. ``"comove.claims"``.
    exports
        Submodule (relative to ``package``) -> the names it provides.
    """
    owner = {name: f"{package}.{module}" for module, names in exports.items() for name in names}

    def module_getattr(name: str) -> Any:
        if name in owner:
            return getattr(importlib.import_module(owner[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return module_getattr, sorted(owner)
