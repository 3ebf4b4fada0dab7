"""Car Sales AI Assistant backend."""

__version__ = "0.1.0"
