"""Seeded fuzzing of ``comove data import`` (run with ``scripts/fuzz``, not by pytest)."""
