"""The embedded market-data store."""

from comove.store.store import (
    Conflict,
    IngestBatch,
    Store,
    SymbolWriteReport,
    WriteReport,
    default_store_path,
)

__all__ = [
    "Conflict",
    "IngestBatch",
    "Store",
    "SymbolWriteReport",
    "WriteReport",
    "default_store_path",
]
