"""A store of all of ../shared/data, imported once per test session (read it, never write)."""

from __future__ import annotations

import pytest

from comove.store import Store


@pytest.fixture(scope="session")
def shared_store(tmp_path_factory, shared_data) -> Store:
    from comove.ingest import import_files

    store = Store(tmp_path_factory.mktemp("shared-session") / "store")
    import_files(store, [*sorted(shared_data.glob("*.csv")),
                         shared_data / "universe" / "sp500_members_close.csv"])
    return store
