"""Imaging: car photo jobs. `pipeline/` holds the pure image steps (no web, no database)."""
