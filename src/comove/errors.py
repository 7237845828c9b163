"""Errors a user can act on.

Every error that reaches the command line is a :class:`ComoveError`: it carries one line
saying what was wrong, an optional hint saying how to fix it, and the exit code.
Anything else that escapes is a bug in comove, and is reported as such.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2


class ComoveError(Exception):
    """Base class of the errors comove reports to users.

    Parameters
    ----------
    message
        What was wrong, in one line.
    hint
        How to fix it, in one line, or ``None``.
    param
        The parameter of the library call that was wrong, if one was: the command line
        shows it as its option (``min_size`` as ``--min-size``).
    """

    exit_code = EXIT_DATA

    def __init__(self, message: str, hint: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.param = param

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class UsageError(ComoveError):
    """The command was called with arguments that cannot work."""

    exit_code = EXIT_USAGE


class UnknownSymbolError(UsageError):
    """A symbol that is neither built in nor registered in the store."""


class EmptyRangeError(ComoveError):
    """A date range or selection that holds no data."""


class DataFileError(ComoveError):
    """A file that cannot be imported as it is."""


class StoreError(ComoveError):
    """The store cannot be opened or written."""


class StoreBusyError(StoreError):
    """Another process holds the store."""


class ConflictError(ComoveError):
    """New values differ from stored ones and no replacement was asked for."""


class ProviderError(ComoveError):
    """A data provider failed, refused, or returned data that cannot be trusted."""
