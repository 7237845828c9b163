"""Reading, validating and importing CSV and Parquet files."""

from comove.ingest.importer import FileSummary, ImportOptions, ImportResult, import_files

__all__ = ["FileSummary", "ImportOptions", "ImportResult", "import_files"]
