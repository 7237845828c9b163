"""The embedded market-data store."""

from comove.store.model import (
    Conflict,
    ConflictPolicy,
    IngestBatch,
    SymbolWriteReport,
    WriteReport,
    default_store_path,
)
from comove.store.store import DB_FILE, Store

__all__ = [
    "DB_FILE",
    "Conflict",
    "ConflictPolicy",
    "IngestBatch",
    "Store",
    "SymbolWriteReport",
    "WriteReport",
    "default_store_path",
]
