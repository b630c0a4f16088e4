"""Curated data files the extractors read (loaded with importlib.resources)."""
