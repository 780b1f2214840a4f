"""Borderwatch: offline mapping of Afghan–Tajik border incidents from news articles."""

__version__ = "0.1.0"
