"""``python -m tests.fuzz``: the seeded import fuzzer and crash-kill trials (scripts/fuzz)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from tests.fuzz.corpus import Outcome, run_corpus
from tests.fuzz.kills import kill_trials


def _report(title: str, outcome: Outcome, detail: str) -> None:
    print(f"{title}: tried {outcome.tried}, handled {outcome.handled} ({detail}), "
          f"failed {len(outcome.failed)}")
    for failure in outcome.failed[:20]:
        print(f"  FAILED {failure}")


def main() -> int:
    parser = argparse.ArgumentParser(prog="scripts/fuzz", description=__doc__)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--count", type=int, default=400, help="malformed files to try")
    parser.add_argument("--kills", type=int, default=10,
                        help="kill trials into a new store, and as many into a filled one")
    args = parser.parse_args()
    import os

    os.environ.setdefault("COMOVE_NO_PROGRESS", "1")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="comove-fuzz-") as folder:
        work = Path(folder)
        template = work / "template"
        seed_file = work / "rut.csv"
        seed_file.write_text("date,open,high,low,close,volume\n" + "".join(
            f"2022-{m:02d}-{d:02d},10,11,9,10.5,100\n" for m in range(3, 13) for d in (1, 15)
            if date(2022, m, d).weekday() < 5))
        from comove.ingest import import_files
        from comove.store import Store

        import_files(Store(template), [seed_file])
        corpus = run_corpus(work, args.seed, args.count, template)
        _report(f"malformed files (seed {args.seed})", corpus,
                f"{corpus.accepted} imported, {corpus.refused} refused cleanly")
        failed = len(corpus.failed)
        if args.kills:
            new, filled = kill_trials(work, args.seed, args.kills)
            for name, outcome in (("kills during an import into a new store", new),
                                  ("kills during an import into a filled store", filled)):
                _report(name, outcome, f"{outcome.accepted} completed, {outcome.refused} "
                        "rolled back")
                failed += len(outcome.failed)
    print(f"total failed: {failed} ({time.monotonic() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
