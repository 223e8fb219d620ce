"""Errors that reach the user as one line: `ficarchive: error: <path>: <reason>`."""


class FicError(Exception):
    """A file could not be read; `reason` is a short, human sentence."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
