"""Reproducible performance measurements with their data generators (``make bench``)."""
