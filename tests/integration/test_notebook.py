"""docs/example.ipynb runs from top to bottom against the real data (a user's first path)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "example.ipynb"


def test_example_notebook_runs(shared_store, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.setenv("COMOVE_HOME", str(shared_store.path))
    monkeypatch.chdir(NOTEBOOK.parent)
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    code = [c for c in cells if c["cell_type"] == "code"]
    assert len(code) >= 6
    for cell in code:
        source = "".join(cell["source"])
        exec(compile(source, f"{NOTEBOOK.name}", "exec"), namespace)
    assert namespace["change"].difference > 0.3  # type: ignore[attr-defined]
    verdicts = namespace["checked"].to_frame()  # type: ignore[attr-defined]
    assert len(verdicts) == 26
    assert os.environ["COMOVE_HOME"] == str(shared_store.path)
