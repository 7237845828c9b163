"""The store's tables.

One table holds every observation: daily bars for prices, and for single-value series
(rates, balance sheet) the value sits in ``close`` with the other columns empty. Each row
points at the ingest (an import of a file, or a fetch from a provider) that last wrote it,
which says where it came from and when.
"""

SCHEMA_VERSION = "1"

# Bits of ``observations.flags``: problems kept in the data on purpose, so that later
# analyses can see them (e.g. an intraday-high record test can skip inconsistent bars).
FLAG_CLOSE_OUTSIDE_RANGE = 1
FLAG_OPEN_OUTSIDE_RANGE = 2
FLAG_OHLC_CLEARED = 4

FLAG_NAMES = {
    FLAG_CLOSE_OUTSIDE_RANGE: "close-outside-high-low",
    FLAG_OPEN_OUTSIDE_RANGE: "open-outside-high-low",
    FLAG_OHLC_CLEARED: "ohlc-cleared-high-below-low",
}

DDL = """
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
CREATE TABLE IF NOT EXISTS symbols (
    symbol VARCHAR PRIMARY KEY,
    name VARCHAR,
    asset_class VARCHAR NOT NULL,
    calendar VARCHAR NOT NULL,
    currency VARCHAR,
    providers VARCHAR,          -- JSON object: provider -> identifier
    notes VARCHAR,              -- e.g. why a volume column was dropped
    registered_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS ingests (
    id BIGINT PRIMARY KEY,
    ingested_at TIMESTAMP NOT NULL,
    action VARCHAR NOT NULL,    -- 'import' or 'fetch'
    source VARCHAR NOT NULL,    -- 'file:/abs/path.csv' or 'yahoo:^GSPC'
    symbol VARCHAR NOT NULL,
    rows_new BIGINT,
    rows_filled BIGINT,
    rows_replaced BIGINT,
    rows_unchanged BIGINT,
    warnings VARCHAR
);
CREATE TABLE IF NOT EXISTS observations (
    symbol VARCHAR NOT NULL,
    date DATE NOT NULL,
    open DOUBLE,
    high DOUBLE,
    low DOUBLE,
    close DOUBLE NOT NULL,
    volume DOUBLE,
    flags INTEGER NOT NULL DEFAULT 0,
    ingest_id BIGINT NOT NULL,
    PRIMARY KEY (symbol, date)
);
"""

VALUE_COLUMNS = ("open", "high", "low", "close", "volume")
ROW_COLUMNS = ("symbol", "date", *VALUE_COLUMNS, "flags")
TABLES = ("meta", "symbols", "ingests", "observations")

# Each table's (column, type) pairs as DuckDB reports them for DDL (a test keeps the two in
# step); every open checks the file against them, so a foreign or damaged file is named.
EXPECTED_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "meta": [("key", "VARCHAR"), ("value", "VARCHAR")],
    "symbols": [("symbol", "VARCHAR"), ("name", "VARCHAR"), ("asset_class", "VARCHAR"),
                ("calendar", "VARCHAR"), ("currency", "VARCHAR"), ("providers", "VARCHAR"),
                ("notes", "VARCHAR"), ("registered_at", "TIMESTAMP")],
    "ingests": [("id", "BIGINT"), ("ingested_at", "TIMESTAMP"), ("action", "VARCHAR"),
                ("source", "VARCHAR"), ("symbol", "VARCHAR"), ("rows_new", "BIGINT"),
                ("rows_filled", "BIGINT"), ("rows_replaced", "BIGINT"),
                ("rows_unchanged", "BIGINT"), ("warnings", "VARCHAR")],
    "observations": [("symbol", "VARCHAR"), ("date", "DATE"), ("open", "DOUBLE"),
                     ("high", "DOUBLE"), ("low", "DOUBLE"), ("close", "DOUBLE"),
                     ("volume", "DOUBLE"), ("flags", "INTEGER"), ("ingest_id", "BIGINT")],
}
