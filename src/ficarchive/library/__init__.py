"""The library: a pile of fan fiction in one SQLite file, searchable and correctable.

    from ficarchive import Library

    lib = Library()                      # $FICARCHIVE_LIBRARY, else the user data folder
    lib = Library("~/fic/library.db")    # or a file (.db/.sqlite), or a folder holding library.db

Import
    lib.import_paths(paths, jobs=None, batch_size=200, progress=None) -> ImportReport
        Files, folders and zips, recursively, parsed and understood in a process
        pool (`jobs`, default one per core), committed every `batch_size` works.
        Same bytes twice are one source; near-duplicates (the same story as txt
        and EPUB, an update with more chapters) become one work with several
        sources, the longer (then newer) text shown. Idempotent; after a crash a
        re-run finishes the job. `progress(report)` is called as it goes.
        ImportReport: files, new, updated, duplicates, works, words, errors
        [FicError], seconds, summary().
    lib.reanalyze(query=None, jobs=None) -> ImportReport
        Parse and understand matching works again from their originals with
        today's parser and knowledge; corrections are re-applied.

Search
    lib.search(query="", sort=None, reverse=False, limit=20, offset=0,
               facets=False, facet_limit=20) -> SearchResult
        SearchResult: total, works (dicts: id, title, authors, fandoms, rating,
        warnings, categories, relationships, characters, additional_tags,
        summary, word_count, chapters, complete, language, series), facets ({rating|warning|
        category|fandom|relationship|character|tag: [{value, count}]}), to_dict().
        `facets=True` for all, or a list of names. Sorts: relevance (default
        with free text), date (default without), words, title, chapters.
        The query language is in `ficarchive.library.query`; a bad query raises
        QueryError whose message names the bad part.
    lib.count(query="") -> int
    lib.iter_works(query=None) -> Iterator[Work]   every match, text included, streamed

One work (an id is a work's id, any of its sources' SHA-256, or a unique prefix)
    lib.get(id) -> Work                  corrections applied; provenance `user` where corrected
    lib.resolve_id(id) -> str            the work's full id (SHA-256 of the shown source)
    lib.sources(id) -> [SourceInfo]      every file it was read from (sha256, path, format,
                                         encoding, size, word_count, mtime, added, shown)
    lib.original(id, source=None) -> bytes   the original file, byte-exact (hash checked)
    lib.edit(id, set={...}, add={...}, remove={...}, reset=[...]) -> Work
        Fields: title, summary, rating, language, complete, author, fandom,
        relationship, character, warning, category, tag, series. Values may be a
        string or a list. Tag values resolve to canonical tags (`spuffy`).
        Raises EditError naming the bad part.
    lib.overrides(id) -> [Override]      the corrections recorded (field, op, value, created)

Tags (canonical, with synonyms; changes apply to every work at once)
    lib.tags(kind=None, contains=None, limit=None) -> [TagInfo(kind, name, works, synonyms, fandom)]
    lib.rename_tag(name, new_name, kind=None) -> works changed   (old name kept as a synonym)
    lib.merge_tags(name, into, kind=None) -> works changed       (name becomes a synonym)
    lib.add_synonym(synonym, canonical, kind=None)
    Kinds: fandom, relationship, character, warning, category, freeform, author, series.

    lib.stats() -> dict; lib.close() (or use `with Library(...) as lib:`)

A Library holds one SQLite connection: use one per thread. Readers in other
processes (a web reader) see committed imports at once (WAL mode).
"""
from .core import Library, SourceInfo
from .db import LibraryError
from .importer import ImportReport
from .overrides import EditError, Override
from .query import QueryError
from .search import SearchResult
from .tags import TagInfo

__all__ = ["Library", "LibraryError", "QueryError", "EditError", "ImportReport", "SearchResult", "SourceInfo",
           "Override", "TagInfo"]
