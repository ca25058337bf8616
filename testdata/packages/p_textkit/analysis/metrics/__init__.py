"""Readability metrics (third level)."""
from .readability import score as readability, Report

LEVEL = __name__.count(".")
