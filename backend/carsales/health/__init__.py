"""Liveness, readiness and metrics endpoints (public, deliberately: probes carry no token)."""
