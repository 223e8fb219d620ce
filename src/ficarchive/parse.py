"""The reading core as one call: paths in, Works (or errors) out."""
from __future__ import annotations

import os
from typing import Iterator

from .errors import FicError
from .ingest import Limits, iter_inputs
from .model import Work
from .structure import parse_bytes


def parse_path(path: str | os.PathLike, limits: Limits = Limits()) -> Iterator[Work | FicError]:
    """Every story in a file, folder or zip: a Work each, or a FicError for a
    file that could not be read. One bad file never stops the rest."""
    for item in iter_inputs(path, limits):
        if isinstance(item, FicError):
            yield item
            continue
        try:
            yield parse_bytes(item.path, item.data)
        except FicError as exc:
            yield exc
        except Exception as exc:  # a parser bug must not end a batch of thousands
            yield FicError(item.path, f"could not be parsed ({type(exc).__name__}: {exc})")


def parse_file(path: str | os.PathLike) -> Work:
    """Exactly one Work from a single story file; raises FicError otherwise."""
    results = list(parse_path(path))
    if len(results) == 1 and isinstance(results[0], FicError):
        raise results[0]
    works = [r for r in results if isinstance(r, Work)]
    if len(works) != 1:
        raise FicError(str(path), f"holds {len(works)} stories, not one")
    return works[0]
