"""The ``comove`` command line."""
