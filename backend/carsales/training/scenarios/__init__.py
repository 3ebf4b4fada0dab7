"""Scenarios: the built-in library (data files in builtin/) and a dealership's own role-plays."""
