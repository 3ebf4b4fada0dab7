"""Liveness, readiness and metrics endpoints, and the API documentation page (public,
deliberately: probes carry no token; metrics want one, see router.py)."""
