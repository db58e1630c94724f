"""Rapport: run informational interviews well and keep the relationships they start."""

__version__ = "0.1.0"
