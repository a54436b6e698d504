"""Physical sub-models: pure functions, SI units, one module per sub-model."""
