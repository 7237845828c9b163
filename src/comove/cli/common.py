"""What every command shares: option types, option groups, the API handle, and rendering.

Command modules import from here (never from :mod:`comove.cli.main`), so the parser can
import every command without a cycle. Only the standard library is imported at module
level, so ``comove --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from comove.api import Market
    from comove.results import Result


def parse_date(text: str) -> date:
    """argparse type for YYYY-MM-DD dates."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a YYYY-MM-DD date") from None


def parse_dates(text: str) -> tuple[date, ...]:
    """argparse type for ``2016-11-14,2020-11-13``."""
    try:
        return tuple(date.fromisoformat(d.strip()) for d in text.split(",") if d.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of "
                                         "YYYY-MM-DD dates") from None


def parse_ints(text: str) -> list[int]:
    """argparse type for ``30,90,180``."""
    try:
        values = [int(h) for h in text.split(",") if h.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a list of whole numbers") from None
    if not values:
        raise argparse.ArgumentTypeError("give at least one number, e.g. 30,90,180")
    return values


def add_command(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser,
                handler: Callable[[argparse.Namespace], int], name: str | None = None,
                more: str = "") -> argparse.ArgumentParser:
    """A subcommand documented by its handler's docstring.

    The docstring's first line is the one-line summary in ``comove --help``; the following
    paragraphs (line breaks kept) are the description, followed by ``more``; a last line
    ``Example: ...`` becomes the example. The name is the handler's, without ``cmd_``.
    """
    import inspect

    doc = inspect.cleandoc(handler.__doc__ or "")
    summary, _, body = doc.partition("\n\n")
    example = None
    if "\nExample: " in "\n" + body:
        body, _, example = ("\n" + body).rpartition("\nExample: ")
        body = body.strip("\n")
    description = body + (f"\n\n{more}" if more else "")
    parser: argparse.ArgumentParser = nouns.add_parser(
        name or handler.__name__.removeprefix("cmd_").replace("_", "-"), parents=[common],
        help=summary, description=description or summary,
        epilog=f"example: {example}" if example else None,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(handler=handler)
    return parser


def add_range(p: argparse.ArgumentParser, start_help: str = "first date used",
              end_help: str = "last date used (nothing after it is read)") -> None:
    """``--start`` and ``--end``."""
    p.add_argument("--start", type=parse_date, metavar="DATE", help=start_help)
    p.add_argument("--end", type=parse_date, metavar="DATE", help=end_help)


def add_json(p: argparse.ArgumentParser) -> None:
    """``--json``: the result's ``to_dict()`` on stdout."""
    p.add_argument("--json", action="store_true", help="print JSON on stdout (the API's to_dict())")


def add_resampling(p: argparse.ArgumentParser, default: int = 10_000) -> None:
    """``--resamples`` and ``--seed``."""
    p.add_argument("--resamples", type=int, default=default,
                   help=f"bootstrap and placebo draws (default {default}; 100 to 200000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")


def add_plot(p: argparse.ArgumentParser, what: str = "chart") -> None:
    """``--plot FILE``."""
    p.add_argument("--plot", type=Path, metavar="FILE", help=f"write the {what} (.png, .svg, .pdf)")


def market_from(args: argparse.Namespace) -> Market:
    """The API handle on the store named by ``--store`` (or the default store)."""
    from comove.api import open as open_market

    return open_market(getattr(args, "store", None))


def store_from(args: argparse.Namespace) -> Any:
    """The store named by ``--store`` (or the default)."""
    return market_from(args).store


def emit(result: Result, args: argparse.Namespace,
         also: Callable[[], None] | None = None) -> int:
    """Print ``result`` as JSON (``--json``) or as its summary; write its chart (``--plot``)."""
    plot_path = getattr(args, "plot", None)
    if plot_path is not None:
        from comove.plots.style import save_axes

        note_replacing(plot_path)
        save_axes(result.plot(), plot_path)
    if getattr(args, "json", False):
        sys.stdout.write(result.to_json() + "\n")
    else:
        sys.stdout.write(result.summary() + "\n")
        if plot_path is not None:
            sys.stderr.write(f"chart: {plot_path}\n")
    if also is not None:
        also()
    return 0


def note_replacing(path: Path) -> None:
    """Say on stderr that an existing file is about to be replaced (never silently)."""
    if path.is_file():
        sys.stderr.write(f"note: replacing the existing {path}\n")


def flag_for(parser: argparse.ArgumentParser | None, param: str) -> str:
    """The option that sets library parameter ``param`` (``min_size`` -> ``--min-size``)."""
    if parser is None:
        return param
    for action in parser._actions:
        if action.dest == param and action.option_strings:
            return max(action.option_strings, key=len)
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found = flag_for(sub, param)
                if found != param:
                    return found
    return param
