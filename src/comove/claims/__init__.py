"""Claims in, verdicts with evidence out (``comove check``, ``Market.check``).

Names are loaded on first use, so that the command line's ``--help`` stays fast::

    from comove.claims import load_claims, check_claims
"""

from __future__ import annotations

from comove._lazy import lazy_exports

_EXPORTS = {
    "CHECKS": "comove.claims.checks",
    "CheckResult": "comove.claims.result",
    "Claim": "comove.claims.model",
    "ClaimFileError": "comove.claims.params",
    "ClaimResult": "comove.claims.result",
    "Outcome": "comove.claims.model",
    "SourceSpan": "comove.claims.model",
    "Verdict": "comove.claims.model",
    "check_claims": "comove.claims.engine",
    "evaluate": "comove.claims.engine",
    "load_claims": "comove.claims.loader",
    "parse_claims": "comove.claims.loader",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports("comove.claims", _EXPORTS)
