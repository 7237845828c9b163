"""Article in, draft claims out.

``draft_claims(text, made=None, vocabulary=None)`` reads a market article (plain text or
HTML, page noise included) and drafts a claims file: each check-worthy sentence becomes a
claim with its span in the input, the mapped test and parameters (assets, numbers, dates
and periods resolved against the article's date), a confidence and a note listing every
assumption; sentences about flows, earnings or forecasts become untestable claims with
the reason. See docs/articles.md.
"""

from __future__ import annotations

from comove.articles.draft import Draft, DraftClaim
from comove.articles.extract import draft_claims
from comove.articles.vocabulary import Vocabulary, load_vocabulary

__all__ = ["Draft", "DraftClaim", "Vocabulary", "draft_claims", "load_vocabulary"]
