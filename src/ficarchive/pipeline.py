"""The whole reading job as one call: files in, understood Works out.

Reading (`parse.parse_path`) and understanding (`understand.understand`) stay
separate stages; this composes them for the CLI, the library and the API.
"""
from __future__ import annotations

import os
from typing import Iterator

from .dialogue.cast import CastMember
from .errors import FicError
from .fandom.knowledge import Knowledge
from .ingest import Limits
from .model import Work
from .parse import parse_path
from .understand import understand


def read_path(path: str | os.PathLike, *, analyse: bool = True, knowledge: Knowledge | None = None,
              cast: list[CastMember] | None = None, limits: Limits = Limits()) -> Iterator[Work | FicError]:
    """Every story under `path`, parsed and (unless `analyse=False`) understood.
    A work whose analysis fails is still yielded, as parsed, with the reason
    recorded in its provenance: reading never loses a story to analysis."""
    for item in parse_path(path, limits):
        if isinstance(item, Work) and analyse:
            item = analyse_work(item, knowledge, cast)
        yield item


def analyse_work(work: Work, knowledge: Knowledge | None = None, cast: list[CastMember] | None = None) -> Work:
    try:
        return understand(work, knowledge, cast)
    except Exception as exc:  # an analysis bug must not cost the user the story
        from .model import Provenance
        work.provenance["understanding"] = Provenance("inferred", 0.0, [f"analysis failed: {type(exc).__name__}: {exc}"])
        return work
