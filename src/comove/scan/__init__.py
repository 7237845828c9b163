"""Universe scans: one row of metrics per asset against a reference, locally or on Dask."""
