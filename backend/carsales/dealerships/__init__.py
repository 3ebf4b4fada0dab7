"""Dealerships, the tenants."""
