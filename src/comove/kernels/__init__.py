"""Pure numeric kernels: numpy arrays in, numpy arrays out; no pandas, no I/O."""
