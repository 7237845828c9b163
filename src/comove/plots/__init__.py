"""Charts written to files (matplotlib, Agg backend: no display needed)."""
