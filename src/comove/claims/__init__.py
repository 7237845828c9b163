"""Claims in, verdicts with evidence out (``comove check``, ``Market.check``).

Names are loaded on first use, so that the command line's ``--help`` stays fast::

    from comove.claims import load_claims, check_claims
"""

from __future__ import annotations

from comove._lazy import lazy_exports

__getattr__, __all__ = lazy_exports("comove.claims", {
    "checks": ["CHECKS"],
    "result": ["CheckResult", "ClaimResult"],
    "model": ["Claim", "Outcome", "SourceSpan", "Verdict"],
    "params": ["ClaimFileError"],
    "engine": ["check_claims", "evaluate"],
    "loader": ["load_claims", "parse_claims"],
})
