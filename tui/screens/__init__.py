"""Screens pushed over the reader."""
