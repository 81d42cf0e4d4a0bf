"""handinger-tui: a terminal UI explorer for the Handinger Workers API."""

__version__ = "0.1.0"
