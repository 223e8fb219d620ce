"""Ingest: find the story files in what the user names and read their bytes safely."""
from .sources import RawInput, iter_inputs, Limits

__all__ = ["RawInput", "iter_inputs", "Limits"]
