"""Claims in, verdicts with evidence out (``comove check``)."""
