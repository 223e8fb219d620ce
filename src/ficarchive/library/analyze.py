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
from ..model import Work
from ..structure import parse_bytes
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
    analysis_blob: bytes    # compressed JSON of `work`
    body_blob: bytes        # compressed JSON of `body_text`
    original_blob: bytes    # compressed original bytes
    keys: list[int]         # near-duplicate candidate keys

    @property
    def word_count(self) -> int:
        return self.work.word_count


def understand_work(work: Work) -> Work:
    """Fandoms, characters, relationships, rating… from the understanding stage."""
    return work


def analyze(path: str, data: bytes, mtime: float | None) -> Analyzed | FicError:
    try:
        work = parse_bytes(path, data)
        work = understand_work(work)
    except FicError as exc:
        return exc
    except Exception as exc:  # a parser bug must not end an import of thousands
        return FicError(path, f"could not be parsed ({type(exc).__name__}: {exc})")
    return pack(work, data, mtime, keys=True)


def pack(work: Work, data: bytes | None, mtime: float | None, *, keys: bool) -> Analyzed:
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
        analysis_blob=codec.pack_json(bare.to_dict()),
        body_blob=codec.pack_json(texts),
        original_blob=codec.compress(data) if data is not None else b"",
        keys=candidate_keys,
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def work_from_blobs(analysis_blob: bytes, body_blob: bytes) -> Work:
    work = Work.from_dict(codec.unpack_json(analysis_blob))
    texts = codec.unpack_json(body_blob)
    for chapter, text in zip(work.chapters, texts):
        chapter.text = text
    return work


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
