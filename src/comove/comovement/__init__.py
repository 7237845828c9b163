"""Co-movement: correlation and beta (static, rolling, EWMA, DCC), regimes, breaks, lead-lag."""
