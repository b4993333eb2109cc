"""accountmgr: a keyboard-driven terminal app for B2B account managers (the ARTAX method)."""

__version__ = "0.1.0"
