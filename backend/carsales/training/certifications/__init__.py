"""Certifications: a manager names a set of scenarios with pass marks; whoever passes them all
holds the certification, until it expires."""
