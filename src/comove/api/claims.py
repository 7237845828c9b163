"""Claims analyses on :class:`~comove.api.Market`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from comove.api._base import MarketBase, as_date

if TYPE_CHECKING:
    from comove.articles.draft import Draft
    from comove.articles.factcheck import FactCheck
    from comove.claims.model import Claim
    from comove.claims.result import CheckResult


class ClaimsMethods(MarketBase):
    """The claims methods of :class:`~comove.api.Market`."""

    def load_claims(self, path: str | Path) -> list[Claim]:
        """Read and validate a claims file (format: docs/claims.md); nothing is evaluated.

        Parameters
        ----------
        path
            A YAML claims file.

        Returns
        -------
        list of Claim
            The claims, each with its typed test parameters.

        Raises
        ------
        ClaimFileError
            For the first problem in the file, naming the claim and field.
        """
        from comove.claims.loader import load_claims

        return load_claims(Path(path))

    def check(
        self,
        claims: str | Path | Sequence[Claim],
        asof: date | str | None = None,
        only: Sequence[str] | str | None = None,
        progress: bool = True,
        judge: str = "made",
    ) -> CheckResult:
        """Evaluate claims against the data: a verdict, the measured value beside the
        claimed one, the evidence and the conventions of each.

        Parameters
        ----------
        claims
            A claims file, or claims from :meth:`load_claims` (or built in Python, with each
            test's ``params`` as a mapping as in the file).
        asof
            Use only data up to this date (also cut by :meth:`Market.asof`); claims made
            after it are not evaluated. Each claim's *since* section runs to it.
        only
            Claim ids to evaluate (a list, or comma-separated text); default all.
        progress
            Draw a progress bar on stderr while checking, when stderr is a terminal.
        judge
            ``made`` (default): each claim is judged with the data up to the day it was made
            (the verdict a careful reader could have given that day); ``asof``: with all the
            data up to ``asof``.

        Returns
        -------
        CheckResult
            ``summary()`` is what ``comove check`` prints, ``markdown()`` the verdict table,
            ``to_frame()`` one row per claim; each claim has its verdict, readings,
            ``as_of`` and ``since``.

        Raises
        ------
        ClaimFileError
            The file cannot be used (the message names the claim and field).
        UsageError
            An id in ``only`` is not in the claims, or ``judge`` is not made or asof.

        Examples
        --------
        >>> m = comove.open()                                        # doctest: +SKIP
        >>> m.check("claims/source-claims.yaml", asof="2026-01-23").to_frame()  # doctest: +SKIP
        """
        from comove.claims.engine import check_claims
        from comove.errors import UsageError

        day = as_date(asof, "asof")
        if judge not in ("made", "asof"):
            raise UsageError(f"judge must be made or asof, not '{str(judge)[:20]}'",
                             "made: each claim on its own date; asof: all the data",
                             param="judge")
        file = None
        if isinstance(claims, str | Path):
            file = str(Path(claims))
            chosen = self.load_claims(claims)
        else:
            from comove.claims.engine import prepared

            chosen = prepared(list(claims))
        chosen = _only(chosen, only, Path(file).name if file else "the claims")
        with self._source() as source:
            return check_claims(source, chosen, file=file, asof=day, progress=progress,
                                judge=judge)  # type: ignore[arg-type]

    def draft_claims(self, article: str | Path | bytes, made: date | str | None = None,
                     vocabulary: str | Path | None = None) -> Draft:
        """Draft a claims file from an article (plain text or HTML, page noise included).

        Parameters
        ----------
        article
            A path to the article (``"-"`` reads standard input), or its text or bytes.
        made
            The article's date, when the text and file name carry none.
        vocabulary
            A YAML file of extra asset aliases (docs/articles.md).

        Returns
        -------
        Draft
            One draft claim per check-worthy sentence (span, mapped test and parameters,
            confidence, every assumption in its note); ``to_yaml()`` is the claims file.
        """
        from comove.articles import draft_claims, load_vocabulary
        from comove.articles.files import read_article

        words = load_vocabulary(Path(vocabulary)) if vocabulary else None
        if isinstance(article, bytes) or (isinstance(article, str) and "\n" in article):
            data, name = article, "article"
        else:
            data, name = read_article(str(article))
        return draft_claims(data, made=as_date(made, "made"), vocabulary=words, name=name)

    def factcheck(self, article: str | Path | bytes, asof: date | str | None = None,
                  made: date | str | None = None,
                  vocabulary: str | Path | None = None) -> FactCheck:
        """Draft an article's claims and check each against the data.

        Parameters
        ----------
        article, made, vocabulary
            As in :meth:`draft_claims`.
        asof
            Use only data up to this date.

        Returns
        -------
        FactCheck
            The verdict of each drafted claim; ``to_html()`` is the article with every
            claim highlighted by its verdict, ``to_markdown()`` and ``to_json()`` its twins.
        """
        from comove.articles.factcheck import check_draft
        from comove.errors import DataFileError

        draft = self.draft_claims(article, made, vocabulary)
        if not draft.claims:
            raise DataFileError(f"{draft.name}: no claims drafted: {draft.empty_reason}",
                                "nothing was written")
        with self._source() as source:
            return check_draft(draft, source, as_date(asof, "asof"))


def _only(claims: list[Claim], only: Sequence[str] | str | None, name: str) -> list[Claim]:
    """The claims whose id is in ``only`` (all if ``None``), in file order."""
    from comove.claims.text import shown
    from comove.errors import UsageError

    if only is None:
        return claims
    wanted = {c.strip() for c in (only.split(",") if isinstance(only, str) else only)}
    missing = wanted - {c.id for c in claims}
    if missing:
        raise UsageError(f"no claim with id {', '.join(shown(m, 30) for m in sorted(missing))}"
                         f" in {name}", f"ids: {shown(', '.join(c.id for c in claims), 200)}",
                         param="only")
    return [c for c in claims if c.id in wanted]
