"""The layout rules the code keeps: small modules, generated docs in step with the code."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "comove"
DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, f"split these modules by job: {long}"


def test_api_reference_is_current():
    from comove.api.reference import updated_page

    page = (DOCS / "api.md").read_text(encoding="utf-8")
    assert updated_page(page) == page, "regenerate: python -m comove.api.reference --write"


def test_every_market_method_returns_a_result_and_is_documented():
    import inspect

    from comove.api.market import Market

    for name, method in inspect.getmembers(Market, inspect.isfunction):
        if name.startswith("_"):
            continue
        assert method.__doc__, f"Market.{name} has no docstring"
        returned = inspect.signature(method).return_annotation
        assert returned is not inspect.Signature.empty, f"Market.{name} has no return type"


def test_every_lazily_exported_name_resolves() -> None:
    import importlib

    for package in ("comove.claims", "comove.events", "comove.records", "comove.scan"):
        module = importlib.import_module(package)
        assert module.__all__, package
        for name in module.__all__:
            assert getattr(module, name) is not None, f"{package}.{name}"
