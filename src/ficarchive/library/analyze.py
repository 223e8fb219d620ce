"""One story file's bytes to everything the library stores about it.

Runs in the import's worker processes: parsing, understanding, compressing
and near-duplicate keys are the CPU-heavy part; the single writer only inserts.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ..errors import FicError
from ..model import Provenance, Work
from . import codec, signature
from .fields import Fields


@dataclass
class Analyzed:
    """A parsed and understood source, packed by the worker for the writer.

    It crosses the process boundary as bytes, strings and numbers only: pickling
    the Work's object graph and rebuilding it in the single writer cost more than
    the writer's own inserts. The Work itself is rebuilt from `analysis_json`
    only when a near-duplicate or a correction needs it (`work`)."""
    sha: str
    path: str
    mtime: float | None
    size: int
    format: str
    encoding: str | None
    fields: Fields          # what works, tag lists and the full-text row take from the Work
    fts_body: str           # the story text as the full-text index reads it
    analysis_json: bytes    # JSON of the Work, chapter texts empty, without id and source (codec.slim)
    body_json: bytes        # JSON list of the chapter texts
    blobs: tuple[bytes, bytes] | None  # analysis and body compressed (codec.pack_with), when asked for
    original: bytes         # the file's bytes
    packed_original: tuple[str, bytes]  # compressed against this source's own analysis and body
    keys: list[int]         # near-duplicate candidate keys
    shingle_set: bytes      # its story text's shingle hashes (signature.shingles), little-endian uint32
    sketch: bytes           # their count and bitmap (signature.sketch), stored beside the text

    @property
    def word_count(self) -> int:
        return self.fields.word_count

    @property
    def work(self) -> Work:
        """The analysis as a Work (chapter texts empty)."""
        source = {"path": self.path, "format": self.format, "encoding": self.encoding, "sha256": self.sha,
                  "size": self.size}
        return work_from_json(codec.unslim(self.analysis_json, self.sha, source))

    @property
    def body_text(self) -> list[str]:
        return json.loads(self.body_json)

    @property
    def shingles(self):
        return signature.from_bytes(self.shingle_set)


def understand_work(work: Work) -> Work:
    """Fandoms, characters, relationships, rating… from the understanding stage. A
    failure there keeps the story as parsed, with the reason in its provenance."""
    from ..understand import understand  # here: a search or an edit never loads the understanding stage

    try:
        return understand(work)
    except Exception as exc:
        work.provenance["understanding"] = Provenance("inferred", 0.0, [f"analysis failed: {type(exc).__name__}: {exc}"])
        return work


def analyze(path: str, data: bytes, mtime: float | None, dictionary: codec.DictionaryRef | None = None
            ) -> Analyzed | FicError:
    from ..structure import parse_bytes

    try:
        work = parse_bytes(path, data)
        work = understand_work(work)
        return pack(work, data, mtime, keys=True, dictionary=dictionary)
    except FicError as exc:
        return exc
    except Exception as exc:  # a bug must not end an import of thousands
        return FicError(path, f"could not be parsed ({type(exc).__name__}: {exc})")


def pack(work: Work, data: bytes, mtime: float | None, *, keys: bool,
         dictionary: codec.DictionaryRef | None = None) -> Analyzed:
    """Everything the writer stores about `work`, computed here so that the single writer only inserts."""
    texts = [c.text for c in work.chapters]
    analysis_json, body_json = codec.slim_dumps(work), codec.dumps(texts)
    joined = "\n".join(texts)
    shingle_set, keys_found = signature.shingles_and_keys(joined) if keys else (signature.text_shingles(joined), [])
    return Analyzed(
        sha=work.source.sha256,
        path=work.source.path,
        mtime=mtime,
        size=work.source.size,
        format=work.source.format,
        encoding=work.source.encoding,
        fields=Fields.of(work),
        fts_body="\n\n".join(texts),
        analysis_json=analysis_json,
        body_json=body_json,
        blobs=codec.pack_with(dictionary, analysis_json, body_json) if dictionary else None,
        original=data,
        packed_original=codec.pack_original(data, analysis_json, body_json),
        keys=keys_found,
        shingle_set=signature.to_bytes(shingle_set),
        sketch=signature.sketch(shingle_set),
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def work_from_json(analysis_json: bytes, body_json: bytes | None = None) -> Work:
    work = Work.from_dict(json.loads(analysis_json))
    if body_json is not None:
        for chapter, text in zip(work.chapters, json.loads(body_json)):
            chapter.text = text
    return work
