"""Imported by the fork server of a local Dask cluster (see :mod:`comove.scan.warm`), and
nowhere else: importing it warms the kernels once for every worker forked afterwards."""

from contextlib import suppress

from comove.scan.warm import warm_up

with suppress(Exception):  # should it fail, each worker warms up on its first chunk instead
    warm_up()
