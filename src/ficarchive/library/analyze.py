"""One story file's bytes to everything the library stores about it.

Runs in the import's worker processes: parsing, understanding, compressing
and near-duplicate keys are the CPU-heavy part; the single writer only inserts.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

from ..errors import FicError
from ..model import Provenance, Work
from ..structure import parse_bytes
from ..understand import understand
from . import codec, signature


@dataclass
class Analyzed:
    """A parsed and understood source, packed for the writer."""
    sha: str
    path: str
    mtime: float | None
    size: int
    work: Work              # chapter texts left empty; the text is in `body`/`body_text`
    body_text: list[str]    # chapter texts, for the full-text index
    analysis_json: bytes    # JSON of `work` without id and source (codec.slim)
    body_json: bytes        # JSON of `body_text`
    original: bytes         # the file's bytes
    keys: list[int]         # near-duplicate candidate keys

    @property
    def word_count(self) -> int:
        return self.work.word_count


def understand_work(work: Work) -> Work:
    """Fandoms, characters, relationships, rating… from the understanding stage. A
    failure there keeps the story as parsed, with the reason in its provenance."""
    try:
        return understand(work)
    except Exception as exc:
        work.provenance["understanding"] = Provenance("inferred", 0.0, [f"analysis failed: {type(exc).__name__}: {exc}"])
        return work


def analyze(path: str, data: bytes, mtime: float | None) -> Analyzed | FicError:
    try:
        work = parse_bytes(path, data)
        work = understand_work(work)
        return pack(work, data, mtime, keys=True)
    except FicError as exc:
        return exc
    except Exception as exc:  # a bug must not end an import of thousands
        return FicError(path, f"could not be parsed ({type(exc).__name__}: {exc})")


def pack(work: Work, data: bytes, mtime: float | None, *, keys: bool) -> Analyzed:
    texts = [c.text for c in work.chapters]
    bare = dataclasses.replace(work, chapters=[dataclasses.replace(c, text="") for c in work.chapters])
    candidate_keys: list[int] = []
    if keys:
        tokens = signature.words("\n".join(texts))
        candidate_keys = signature.candidate_keys(tokens, signature.shingles(tokens))
    return Analyzed(
        sha=work.source.sha256,
        path=work.source.path,
        mtime=mtime,
        size=work.source.size,
        work=bare,
        body_text=texts,
        analysis_json=codec.slim_dumps(bare),
        body_json=codec.dumps(texts),
        original=data,
        keys=candidate_keys,
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def work_from_json(analysis_json: bytes, body_json: bytes | None = None) -> Work:
    work = Work.from_dict(json.loads(analysis_json))
    if body_json is not None:
        for chapter, text in zip(work.chapters, json.loads(body_json)):
            chapter.text = text
    return work
