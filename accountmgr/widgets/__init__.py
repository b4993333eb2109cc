"""Reusable widgets: tables, badges, trees, score bars."""
