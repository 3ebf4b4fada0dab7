"""Model registry: where each model comes from, how it is assembled, verified and loaded."""
