"""``comove claims draft`` and ``comove factcheck``, through a parser of their own (the
commands are registered in cli/main.py by the lead), and the report they write."""

from __future__ import annotations

import argparse
import io
import json
from contextlib import redirect_stderr, redirect_stdout
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from comove.articles import draft_claims
from comove.articles.factcheck import FactCheck
from comove.articles.files import write_all
from comove.cli import claims_cmd, factcheck_cmd
from comove.errors import ComoveError, DataFileError, UsageError

ARTICLE = """Stocks Rally, Bitcoin Follows
Published 2024-03-08

The S&P 500 rose 2% on Tuesday, its best day in a month. <script>alert(1)</script> \
Bitcoin climbed 5% on Tuesday. Crypto funds saw $1 billion of inflows this week.
"""


def run(argv: list[str]) -> tuple[int, str, str]:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="comove", parents=[common])
    nouns = parser.add_subparsers(dest="noun")
    claims_cmd.add_parser(nouns, common)
    factcheck_cmd.add_parser(nouns, common)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        args = parser.parse_args(argv)
        try:
            code = args.handler(args)
        except ComoveError as exc:
            err.write(f"comove: error: {exc}\n")
            code = exc.exit_code
    return code, out.getvalue(), err.getvalue()


def test_draft_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(["claims", "draft", str(article)])
    assert code == 0 and "claims drafted" in err
    data = yaml.safe_load(out)
    tests = [c.get("test") for c in data["claims"]]
    assert tests == ["return_period", "return_period", None]
    assert data["claims"][0]["params"]["start"] == date(2024, 3, 4)
    assert data["claims"][0]["source"]["start"] == ARTICLE.index("The S&P 500 rose")
    target = tmp_path / "claims.yaml"
    code, _, _ = run(["claims", "draft", str(article), "-o", str(target)])
    assert code == 0 and yaml.safe_load(target.read_text())["claims"]
    code, out, _ = run(["claims", "draft", str(article), "--json"])
    assert json.loads(out)["claims"][0]["status"] == "draft"


def test_draft_bad_input_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "claims.yaml"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    undated = tmp_path / "undated.txt"
    undated.write_text("The S&P 500 rose 2% on Tuesday.", encoding="utf-8")
    for path, words in [(empty, "empty"), (binary, "binary"), (undated, "--made"),
                        (tmp_path / "missing.txt", "no such file")]:
        code, out, err = run(["claims", "draft", str(path), "-o", str(target)])
        assert code != 0 and words in err and err.count("\n") == 1 and not out
        assert not target.exists()
    code, _, err = run(["claims", "draft", str(undated), "--made", "2024-03-08",
                        "-o", str(tmp_path / "no" / "such" / "claims.yaml")])
    assert code == 2 and "no such folder" in err


def test_write_all_is_all_or_nothing(tmp_path: Path) -> None:
    good = tmp_path / "a.html"
    with pytest.raises(UsageError):
        write_all({good: "x", tmp_path / "missing" / "b.md": "y"})
    assert not good.exists() and list(tmp_path.iterdir()) == []
    write_all({good: "x", tmp_path / "b.md": "y"})
    assert good.read_text() == "x" and not list(tmp_path.glob(".*tmp"))


def test_report_escapes_article_text_and_links_claims() -> None:
    draft = draft_claims(ARTICLE)
    results = {"D1": {"id": "D1", "verdict": "supported", "measured": "+2.1% <b>",
                      "claimed": "about +2%"}}
    check = FactCheck(draft, None, results, {"D2": "not checked: <bad>"})
    page = check.to_html()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "+2.1% &lt;b&gt;" in page and 'href="#D1"' in page and 'id="D1"' in page
    assert "not checked: &lt;bad&gt;" in page
    md = check.to_markdown()
    assert "| D1 | **supported** |" in md and "| D3 | **not checked** |" in md
    data = json.loads(check.to_json())
    assert [c["verdict"] for c in data["claims"]] == ["supported", "not checked",
                                                      "not checked"]


def _prices(path: Path, start: date, closes: list[float]) -> None:
    lines = ["date,open,high,low,close,volume"]
    day = start
    for close in closes:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        lines.append(f"{day},{close},{close * 1.01},{close * 0.99},{close},1000")
        day += timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_factcheck_writes_html_markdown_and_json(tmp_path: Path) -> None:
    from comove.cli.main import main

    csv = tmp_path / "spx.csv"
    # 2024-03-04 (Mon) 100, 03-05 (Tue) 102: +2%
    _prices(csv, date(2024, 2, 26), [95, 96, 97, 98, 99, 100, 102, 101, 103])
    store = tmp_path / "store"
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        assert main(["--store", str(store), "data", "import", str(csv)]) == 0
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    report = tmp_path / "report.html"
    code, out, err = run(["--store", str(store), "factcheck", str(article), "-o", str(report),
                          "--asof", "2024-03-08"])
    assert code == 0, err
    assert out.strip() == str(report)
    data = json.loads(report.with_suffix(".json").read_text())
    verdicts = {c["id"]: c["verdict"] for c in data["claims"]}
    assert verdicts["D1"] == "supported"
    assert verdicts["D3"] == "untestable"
    assert verdicts["D2"] in ("inconclusive", "not checked")  # no BTC in this store
    assert "**supported**" in report.with_suffix(".md").read_text()
    assert "&lt;script&gt;" in report.read_text()


def test_factcheck_refuses_a_report_that_is_not_html(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, _, err = run(["factcheck", str(article), "-o", str(tmp_path / "report.pdf")])
    assert code == 2 and "HTML" in err


def test_empty_draft_is_an_error_with_the_reason(tmp_path: Path) -> None:
    article = tmp_path / "foreign.txt"
    article.write_text("Published 2024-03-08\n\nDer Bitcoin ist im Jahr 2024 um 40 Prozent "
                       "gestiegen, sagen die Analysten der Bank.", encoding="utf-8")
    code, _, err = run(["claims", "draft", str(article)])
    assert code == DataFileError.exit_code and "English" in err


def test_draft_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO(ARTICLE.encode("utf-8"))

    monkeypatch.setattr("sys.stdin", Stdin())
    code, out, _ = run(["claims", "draft", "-"])
    assert code == 0 and yaml.safe_load(out)["claims"][0]["source"]["article"] == "-"


def test_a_10_mb_file_is_refused_in_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"The S&P 500 rose 2% on Tuesday. " * 330_000)
    code, out, err = run(["claims", "draft", str(big), "--made", "2024-03-08"])
    assert code == DataFileError.exit_code and "too large" in err and not out
    assert err.count("\n") == 1


def test_a_drafted_distance_below_a_record_is_judged_at_its_precision(tmp_path: Path) -> None:
    """"27% below its record" is drafted without an explicit tolerance, so the claims engine
    reads it at its precision, 26.5% to 27.5% (the drafter used to write +-3 points, under
    which 25.8% below the record close passed)."""
    from comove.articles.factcheck import check_draft
    from comove.ingest import import_files
    from comove.store import Store

    # the S&P 500 rises every weekday to a record on 2024-03-01; bitcoin's record close is
    # 100 on 2023-12-01 (intraday high 101.64) and it closes at 74.2 on 2024-03-01: 25.8%
    # below the record close, 27.0% below the record intraday high
    rows = ["date,open,high,low,close,volume"]
    day, level = date(2023, 1, 2), 50.0
    while day <= date(2024, 3, 4):
        if day.weekday() < 5:
            level += 0.1
            rows.append(f"{day},{level},{level},{level},{level},1000")
        day += timedelta(days=1)
    (tmp_path / "spx.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    rows = ["date,open,high,low,close,volume"]
    day = date(2023, 1, 1)
    while day <= date(2024, 3, 4):
        close, high = {date(2023, 12, 1): (100.0, 101.64), date(2024, 3, 1): (74.2, 74.2)
                       }.get(day, (60.0, 60.0))
        rows.append(f"{day},{close},{high},{close},{close},1000")
        day += timedelta(days=1)
    (tmp_path / "btc.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    store = Store(tmp_path / "store")
    import_files(store, [tmp_path / "spx.csv", tmp_path / "btc.csv"])

    draft = draft_claims("Published 2024-03-04\n\nBitcoin remains 27% below its record while "
                         "the S&P 500 is hitting record highs.\n")
    (claim,) = draft.claims
    assert claim.test == "divergence_state" and claim.params["date"] == date(2024, 3, 1)
    assert claim.params["claimed_below"] == "-27%" and "tolerance" not in claim.params
    assert "'-27%' is read at its precision: -27.5% to -26.5%" in claim.note
    assert "tolerance" not in yaml.safe_load(draft.to_yaml())["claims"][0]["params"]

    result = check_draft(draft, store).results["D1"]
    assert "(-27.5% to -26.5%)" in result["claimed"]
    readings = {r["reading"]: r for r in result["readings"]}
    assert "-25.8%" in readings["close"]["measured"]
    assert readings["close"]["verdict"] == "contradicted"
    assert "-27.0%" in readings["intraday high"]["measured"]
    assert readings["intraday high"]["verdict"] == "supported"
    assert result["verdict"] == "depends on convention"
