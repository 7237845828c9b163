"""Calendar alignment of series that trade on different days, and returns on the result."""

from comove.align.panel import (
    AlignedPrices,
    AlignedReturns,
    Policy,
    ReturnKind,
    align_prices,
    load_aligned,
)

__all__ = [
    "AlignedPrices",
    "AlignedReturns",
    "Policy",
    "ReturnKind",
    "align_prices",
    "load_aligned",
]
