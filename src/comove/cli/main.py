"""The ``comove`` command: argument parsing and dispatch.

Only the standard library is imported here; each command imports what it needs when it
runs, so ``comove --help`` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from comove import __version__
from comove.cli.common import flag_for
from comove.errors import EXIT_DATA, EXIT_OK, ComoveError, UsageError

EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

DESCRIPTION = """\
comove measures how crypto assets move with stock markets, and tests market
narratives against data.

Data lives in a local store (DuckDB) in --store, $COMOVE_HOME, or the per-user
data folder. Exit codes: 0 ok, 1 data or provider error, 2 usage error."""

EPILOG = """\
examples:
  comove data import ../shared/data/*.csv      import price and value files
  comove data list                             what the store holds
  comove data show BTC --start 2021-11-08 --end 2021-11-08 --json
  comove data fetch SPX BTC                    bring series up to date (network)

Run 'comove COMMAND --help' for the options of each command."""


def _common() -> argparse.ArgumentParser:
    """Options every subcommand accepts (also before the command name)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--store",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="store folder (default: $COMOVE_HOME, else the per-user data folder)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (cheap: no heavy imports)."""
    from comove.cli import (
        brief_cmd,
        check_cmd,
        claims_cmd,
        condition_cmd,
        corr_cmd,
        data_cmd,
        event_cmd,
        factcheck_cmd,
        halvings_cmd,
        highs_cmd,
        scan_cmd,
        sync_cmd,
    )

    commands = (data_cmd, highs_cmd, event_cmd, sync_cmd, condition_cmd, check_cmd, claims_cmd,
                factcheck_cmd, brief_cmd, scan_cmd, corr_cmd, halvings_cmd)

    common = _common()
    parser = argparse.ArgumentParser(
        prog="comove",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"comove {__version__}")
    nouns = parser.add_subparsers(dest="noun", metavar="COMMAND")
    for command in commands:
        command.add_parser(nouns, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        target = getattr(args, "noun_parser", parser)
        target.print_help(sys.stderr)
        return 2
    try:
        return handler(args) or EXIT_OK
    except ComoveError as exc:
        sys.stderr.write(error_line(exc, parser) + "\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("comove: interrupted; nothing was written\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug in comove, not a user mistake
        if os.environ.get("COMOVE_DEBUG"):
            raise
        sys.stderr.write(
            f"comove: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug in comove; set COMOVE_DEBUG=1 for the traceback and report it)\n"
        )
        return EXIT_INTERNAL


def run() -> None:
    """The console entry point: :func:`main`, then a quick exit.

    When main returns, comove has closed what it opened; what is left is the interpreter
    freeing every object one by one, which after a Dask scan took 0.7 to 1.2 s (distributed's
    and the libraries' objects) for nothing. So the exit handlers run (temporary files,
    logging, multiprocessing), the output is flushed and the process ends with ``os._exit``;
    unless a thread other than this one still runs, which the interpreter's own exit waits
    for.
    """
    import atexit
    import threading
    from contextlib import suppress

    code = main()
    if any(t.is_alive() and not t.daemon for t in threading.enumerate()
           if t is not threading.current_thread()):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe: what was not read is lost
            stream.flush()
    os._exit(code)


def error_line(exc: ComoveError, parser: argparse.ArgumentParser | None) -> str:
    """One line for a library error, naming the option where it names a parameter.

    A library message writes a parameter as ```name``` (or plainly, the first time it
    appears); the command line shows the option that sets it instead.
    """
    import re

    message, hint = exc.message, exc.hint
    if exc.param:
        flag = flag_for(parser, exc.param)
        marked = f"`{exc.param}`"
        plain = re.compile(rf"(?<![\w`-]){re.escape(exc.param)}(?![\w`-])")

        def to_flag(text: str) -> str:
            return text.replace(marked, flag) if marked in text else plain.sub(flag, text, 1)

        message = to_flag(message)
        hint = to_flag(hint) if hint else hint
    return f"comove: error: {message}" + (f" ({hint})" if hint else "")


__all__ = ["EXIT_DATA", "UsageError", "build_parser", "error_line", "main"]
