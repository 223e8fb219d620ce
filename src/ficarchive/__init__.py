"""ficarchive: an archive engine for fan fiction."""
__version__ = "0.1.0"
