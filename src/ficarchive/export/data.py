"""Works as data rows for researchers: JSON Lines and Parquet, one row per
work, written in batches so a library of any size streams through in
bounded memory.

Works table (column: type; `list<x>` is a JSON array, `map<k, v>` a JSON
object in JSON Lines and a Parquet MAP):

    id                  string    the work id (SHA-256 of the original bytes)
    source_path         string    source_format string (txt|html|epub|markdown)
    source_encoding     string    source_sha256 string    source_size int64
    title               string
    authors             list<string>
    series              list<struct<name: string, part: int32>>
    fandoms, warnings, suggested_warnings, categories, relationships, characters,
    mentioned_characters, additional_tags          list<string>
    rating              string    archive vocabulary (General Audiences…)
    rating_raw          string    as written
    summary, disclaimer string
    notes               list<struct<position: string, chapter: int32, text: string>>
    header_fields       map<string, string>   every labelled header field as written
    language            string    ISO 639-1
    complete            bool      null when unknown
    pov                 string
    chapter_count       int32
    chapters            list<struct<number: int32, title: string, word_count: int32, scenes: int32>>
    word_count          int64
    quote_count         int32
    character_stats     map<string, struct<mentions: int32, quotes: int32, dialogue_words: int32>>
    provenance          map<string, struct<source: string, confidence: float64, evidence: list<string>>>
                        field name -> where its value came from (structured|header|inferred|user)
    text                string    all story text; only with `--text`

Quotes table (`--quotes`), one row per quotation:

    work_id string, chapter int32, start int32, end int32 (offsets into the
    chapter's text, end exclusive), speaker string (canonical character tag,
    null when unattributed), confidence float64, text string (the quotation)

Column names and types are stable: new columns are only ever added at the end.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import Work

BATCH_ROWS = 5000

_STRINGS = pa.list_(pa.string())
WORK_FIELDS = [
    pa.field("id", pa.string(), nullable=False),
    pa.field("source_path", pa.string()),
    pa.field("source_format", pa.string()),
    pa.field("source_encoding", pa.string()),
    pa.field("source_sha256", pa.string()),
    pa.field("source_size", pa.int64()),
    pa.field("title", pa.string()),
    pa.field("authors", _STRINGS),
    pa.field("series", pa.list_(pa.struct([("name", pa.string()), ("part", pa.int32())]))),
    pa.field("fandoms", _STRINGS),
    pa.field("rating", pa.string()),
    pa.field("rating_raw", pa.string()),
    pa.field("warnings", _STRINGS),
    pa.field("suggested_warnings", _STRINGS),
    pa.field("categories", _STRINGS),
    pa.field("relationships", _STRINGS),
    pa.field("characters", _STRINGS),
    pa.field("mentioned_characters", _STRINGS),
    pa.field("additional_tags", _STRINGS),
    pa.field("summary", pa.string()),
    pa.field("disclaimer", pa.string()),
    pa.field("notes", pa.list_(pa.struct([("position", pa.string()), ("chapter", pa.int32()),
                                          ("text", pa.string())]))),
    pa.field("header_fields", pa.map_(pa.string(), pa.string())),
    pa.field("language", pa.string()),
    pa.field("complete", pa.bool_()),
    pa.field("pov", pa.string()),
    pa.field("chapter_count", pa.int32()),
    pa.field("chapters", pa.list_(pa.struct([("number", pa.int32()), ("title", pa.string()),
                                             ("word_count", pa.int32()), ("scenes", pa.int32())]))),
    pa.field("word_count", pa.int64()),
    pa.field("quote_count", pa.int32()),
    pa.field("character_stats", pa.map_(pa.string(), pa.struct([
        ("mentions", pa.int32()), ("quotes", pa.int32()), ("dialogue_words", pa.int32())]))),
    pa.field("provenance", pa.map_(pa.string(), pa.struct([
        ("source", pa.string()), ("confidence", pa.float64()), ("evidence", _STRINGS)]))),
]
TEXT_FIELD = pa.field("text", pa.string())
QUOTE_SCHEMA = pa.schema([
    pa.field("work_id", pa.string(), nullable=False),
    pa.field("chapter", pa.int32()),
    pa.field("start", pa.int32()),
    pa.field("end", pa.int32()),
    pa.field("speaker", pa.string()),
    pa.field("confidence", pa.float64()),
    pa.field("text", pa.string()),
])
_MAPS = ("header_fields", "character_stats", "provenance")


def work_schema(with_text: bool = False) -> pa.Schema:
    return pa.schema(WORK_FIELDS + ([TEXT_FIELD] if with_text else []))


def work_row(work: Work, with_text: bool = False) -> dict:
    """One work as a row (maps as dicts, as JSON Lines writes them)."""
    row = {
        "id": work.id,
        "source_path": work.source.path,
        "source_format": work.source.format,
        "source_encoding": work.source.encoding,
        "source_sha256": work.source.sha256,
        "source_size": work.source.size,
        "title": work.title,
        "authors": list(work.authors),
        "series": [{"name": s.name, "part": s.part} for s in work.series],
        "fandoms": list(work.fandoms),
        "rating": work.rating,
        "rating_raw": work.rating_raw,
        "warnings": list(work.warnings),
        "suggested_warnings": list(work.suggested_warnings),
        "categories": list(work.categories),
        "relationships": list(work.relationships),
        "characters": list(work.characters),
        "mentioned_characters": list(work.mentioned_characters),
        "additional_tags": list(work.additional_tags),
        "summary": work.summary,
        "disclaimer": work.disclaimer,
        "notes": [{"position": n.position, "chapter": n.chapter, "text": n.text} for n in work.notes],
        "header_fields": dict(work.header_fields),
        "language": work.language,
        "complete": work.complete,
        "pov": work.pov,
        "chapter_count": len(work.chapters),
        "chapters": [{"number": c.number, "title": c.title, "word_count": c.word_count, "scenes": c.scenes}
                     for c in work.chapters],
        "word_count": work.word_count,
        "quote_count": len(work.dialogue),
        "character_stats": {k: {"mentions": v.mentions, "quotes": v.quotes, "dialogue_words": v.dialogue_words}
                            for k, v in work.character_stats.items()},
        "provenance": {k: {"source": p.source, "confidence": p.confidence, "evidence": list(p.evidence)}
                       for k, p in work.provenance.items()},
    }
    if with_text:
        row["text"] = work.text
    return row


def quote_rows(work: Work) -> Iterable[dict]:
    texts = {c.number: c.text for c in work.chapters}
    for q in work.dialogue:
        yield {"work_id": work.id, "chapter": q.chapter, "start": q.start, "end": q.end, "speaker": q.speaker,
               "confidence": q.confidence, "text": texts.get(q.chapter, "")[q.start:q.end]}


class JsonlSink:
    """Rows as JSON Lines to a file, or to stdout for `-`."""

    def __init__(self, path: str | Path, schema: pa.Schema):
        self._own = str(path) != "-"
        self._fh: IO[str] = open(path, "w", encoding="utf-8") if self._own else sys.stdout
        self._encode = json.JSONEncoder(ensure_ascii=False).encode
        self.rows = 0

    def add(self, row: dict) -> None:
        self._fh.write(self._encode(row) + "\n")
        self.rows += 1

    def close(self) -> None:
        if self._own:
            self._fh.close()
        else:
            self._fh.flush()


class ParquetSink:
    """Rows to a Parquet file, one row group per batch: memory stays at one
    batch however many rows pass through."""

    def __init__(self, path: str | Path, schema: pa.Schema, batch_rows: int = BATCH_ROWS):
        self._schema = schema
        self._writer = pq.ParquetWriter(str(path), schema, compression="zstd")
        self._batch: list[dict] = []
        self._batch_rows = batch_rows
        self.rows = 0

    def add(self, row: dict) -> None:
        for key in _MAPS:
            if key in row:
                row[key] = list(row[key].items())
        self._batch.append(row)
        self.rows += 1
        if len(self._batch) >= self._batch_rows:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self._writer.write_table(pa.Table.from_pylist(self._batch, schema=self._schema))
            self._batch = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


SINKS = {"jsonl": JsonlSink, "parquet": ParquetSink}


def quotes_path(path: str | Path, fmt: str) -> Path:
    """`btvs.parquet` -> `btvs.quotes.parquet`."""
    path = Path(path)
    return path.with_name(f"{path.stem}.quotes.{fmt}")


def write_rows(works: Iterable[Work], fmt: str, path: str | Path, quotes: str | Path | None = None,
               with_text: bool = False) -> tuple[int, int]:
    """Stream works into a works table (and a quotes table); returns the
    numbers of work and quote rows written."""
    sink = SINKS[fmt](path, work_schema(with_text))
    quote_sink = SINKS[fmt](quotes, QUOTE_SCHEMA) if quotes is not None else None
    try:
        for work in works:
            sink.add(work_row(work, with_text))
            if quote_sink is not None:
                for row in quote_rows(work):
                    quote_sink.add(row)
    finally:
        sink.close()
        if quote_sink is not None:
            quote_sink.close()
    return sink.rows, quote_sink.rows if quote_sink else 0
