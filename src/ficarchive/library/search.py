"""Running a parsed query: SQL over works, tags and the full-text index, then
sorting, paging and facet counts."""
from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from ..model import CATEGORIES, RATINGS
from ..ratings import normalise_rating
from ..resources import parse_yaml
from . import common_words
from . import tags as tagstore
from .columns import WorkColumns, numbers
from .db import FTS_WEIGHTS
from .query import Filter, Query, QueryError, Text, parse

SORTS = {  # name -> (ORDER BY, default descending?)
    "relevance": ("f.rank", False),
    "words": ("w.word_count", True),
    "title": ("w.title_sort", False),
    "date": ("w.date", True),
    "chapters": ("w.chapters", True),
}
FACETS = ("rating", "warning", "category", "fandom", "relationship", "character", "tag")
_FACET_KIND = {"warning": "warning", "category": "category", "fandom": "fandom",
               "relationship": "relationship", "character": "character", "tag": "freeform"}
assert set(_FACET_KIND.values()) == set(tagstore.FACET_KINDS)
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)([km]?)$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _aliases() -> dict:
    return parse_yaml((Path(__file__).parent / "data" / "filters.yaml").read_text("utf-8"))


@dataclass
class SearchResult:
    """`total` matching works; `works` is the requested page (summaries, not text);
    `facets` maps rating/warning/category/fandom/relationship/character/tag to
    [{"value", "count"}], largest first (empty unless asked for)."""
    total: int
    works: list[dict]
    facets: dict[str, list[dict]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"total": self.total, "works": self.works, "facets": self.facets}


# Relevance: bm25 with the columns weighted title > tags > summary > notes > body.
_BM25 = f"bm25(fts, {', '.join(str(w) for w in FTS_WEIGHTS)})"

# A filter as a mask over every work, from a connection's kept columns (columns.WorkColumns).
Mask = Callable[[sqlite3.Connection, WorkColumns], np.ndarray]


@dataclass
class Compiled:
    """A query as SQL over works (`sql_from`) and, equivalently, as masks over kept columns."""
    match: str | None = None  # one FTS5 expression every result must match
    words: list[tuple[str, bool]] | None = None  # or, when it is only words and prefixes (no phrase or
    # column), those words, each with whether it is a prefix
    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    masks: list[Mask] = field(default_factory=list)

    def add(self, sql: str, params: list, mask: Mask) -> None:
        self.where.append(sql)
        self.params.extend(params)
        self.masks.append(mask)

    def sql_from(self) -> tuple[str, list]:
        params: list = []
        sql = "FROM works w"
        if self.match:
            # CROSS JOIN keeps the full-text match as the outer loop: run once, not once per work.
            sql = (f"FROM (SELECT rowid AS pk, {_BM25} AS rank FROM fts WHERE fts MATCH ?) f"
                   " CROSS JOIN works w ON w.pk = f.pk")
            params.append(self.match)
        if self.where:
            sql += " WHERE " + " AND ".join(self.where)
        return sql, params + self.params


class Compiler:
    """`columns`: the connection's kept columns when they are ready (tag names are then searched
    in memory, and tag filters over facet tags read the kept entries)."""

    def __init__(self, conn: sqlite3.Connection, resolver: tagstore.Resolver | None,
                 columns: WorkColumns | None = None):
        self.conn = conn
        self.resolver = resolver
        self.columns = columns

    def compile(self, query: Query) -> Compiled:
        out = Compiled()
        # The fandoms the query asks for settle names several fandoms share (`character:angel`).
        self.fandoms = [name for f in query.filters if f.field == "fandom" and not f.negated
                        for _, _, name in self._fandom_names(f.value)]
        positive: list[str] = []
        words: list[tuple[str, bool]] | None = []
        for t in query.texts:
            expr = fts_term(t)
            if t.negated:
                self._not_matching(out, expr, (t.text, t.prefix))
            else:
                positive.append(expr)
                words = None if words is None else words + [(t.text, t.prefix)]
        for f in query.filters:
            if f.field == "title":
                expr = "title : " + fts_term(Text(f.value, phrase=True))
                if f.negated:
                    self._not_matching(out, expr, None)
                else:
                    positive.append(expr)
                    words = None
                continue
            getattr(self, "_" + f.field)(out, f)
        if positive:
            out.match = " AND ".join(positive)
            out.words = words
        return out

    def _fandom_names(self, value: str) -> list[tuple]:
        rows = tagstore.tag_row(self.conn, ["fandom"], value)
        if not rows and self.resolver:
            rows = [(None, "fandom", n) for n in self.resolver("fandom", value, [])]
        return rows

    def _not_matching(self, out: Compiled, expr: str, word: tuple[str, bool] | None) -> None:
        """Works not matching `expr`; `word`: it is that one (word or phrase, is a prefix), which
        the common words' index may hold."""
        walked = _pks_mask("SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?", [expr], negated=True)

        def mask(conn: sqlite3.Connection, cols: WorkColumns) -> np.ndarray:
            counts = common_words.lookup(conn, [word], cols.pks) if word is not None else None
            return counts[0] == 0 if counts is not None else walked(conn, cols)
        out.add("w.pk NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)", [expr], mask)

    def _tag_filter(self, out: Compiled, f: Filter, kinds, substring: bool = True) -> None:
        containing = (lambda kinds, text: self.columns.tags_containing(self.conn, kinds, text)) \
            if self.columns is not None else None
        ids = tagstore.resolve(self.conn, kinds, f.value, self.resolver, substring=substring, fandoms=self.fandoms,
                               containing=containing)
        if not ids:
            out.add("1" if f.negated else "0", [], lambda conn, cols, keep=f.negated: np.full(len(cols.pks), keep))
            return
        marks = ",".join("?" * len(ids))
        op = "NOT IN" if f.negated else "IN"
        out.add(f"w.pk {op} (SELECT work FROM tag_works WHERE tag IN ({marks}))", ids,
                lambda conn, cols: cols.tag_mask(conn, ids) != f.negated)

    def _fandom(self, out, f):
        self._tag_filter(out, f, ["fandom"])

    def _relationship(self, out, f):
        self._tag_filter(out, f, ["relationship"])

    def _character(self, out, f):
        self._tag_filter(out, f, ["character"])

    def _warning(self, out, f):
        self._tag_filter(out, f, ["warning"])

    def _freeform(self, out, f):
        self._tag_filter(out, f, ["freeform"])

    def _tag(self, out, f):
        self._tag_filter(out, f, tagstore.KINDS)

    def _author(self, out, f):
        self._tag_filter(out, f, ["author"])

    def _series(self, out, f):
        self._tag_filter(out, f, ["series"])

    def _category(self, out, f):
        if not any(c.casefold() == f.value.casefold() for c in CATEGORIES):
            raise QueryError(f"{f.raw!r}: category is one of {', '.join(CATEGORIES)}")
        self._tag_filter(out, f, ["category"], substring=False)

    def _rating(self, out, f):
        ratings = [self._one_rating(f, v) for v in f.value.split(",")]
        marks = ",".join("?" * len(ratings))
        out.add(f"(w.rating IS NULL OR w.rating NOT IN ({marks}))" if f.negated else f"w.rating IN ({marks})", ratings,
                lambda conn, cols: cols.rating_mask(ratings) != f.negated)

    def _one_rating(self, f: Filter, value: str) -> str:
        value = value.strip()
        exact = [r for r in RATINGS if r.casefold() == value.casefold()]
        rating = exact[0] if exact else _aliases()["ratings"].get(value.casefold()) or normalise_rating(value)
        if not rating:
            raise QueryError(f"{f.raw!r}: unknown rating (try general, teen, mature, explicit, not rated)")
        return rating

    def _complete(self, out, f):
        answer = {"yes": 1, "true": 1, "y": 1, "1": 1, "complete": 1,
                  "no": 0, "false": 0, "n": 0, "0": 0, "wip": 0, "unknown": None}.get(f.value.lower(), "?")
        if answer == "?":
            raise QueryError(f"{f.raw!r}: complete is yes, no or unknown")
        value = -1 if answer is None else answer
        out.add(f"coalesce(w.complete, -1) {'!=' if f.negated else '='} {value}", [],
                lambda conn, cols: (cols.complete == value) != f.negated)

    def _words(self, out, f):
        self._range(out, f, "w.word_count", "words")

    def _chapters(self, out, f):
        self._range(out, f, "w.chapters", "chapters")

    def _range(self, out: Compiled, f: Filter, column: str, array: str) -> None:
        value = f.value.replace(",", "").replace("_", "")
        bounds: list[tuple[str, int]] = []
        if ".." in value:
            low, _, high = value.partition("..")
            if not low and not high:
                raise QueryError(f"{f.raw!r}: a range needs at least one end (1000..5000, 1000.., ..5000)")
            if low:
                bounds.append((">=", self._number(f, low)))
            if high:
                bounds.append(("<=", self._number(f, high)))
        else:
            m = re.match(r"^(>=|<=|>|<|=)?(.*)$", value)
            bounds.append((m.group(1) or "=", self._number(f, m.group(2))))
        cond = " AND ".join(f"{column} {op} ?" for op, _ in bounds)

        def mask(conn, cols):
            values = getattr(cols, array)
            keep = _COMPARE[bounds[0][0]](values, bounds[0][1])
            for op, number in bounds[1:]:
                keep &= _COMPARE[op](values, number)
            return ~keep if f.negated else keep
        out.add(f"NOT ({cond})" if f.negated else f"({cond})", [n for _, n in bounds], mask)

    def _number(self, f: Filter, text: str) -> int:
        m = _NUMBER.match(text.strip())
        if not m:
            raise QueryError(f"{f.raw!r}: {text!r} is not a number (5000, 5k, >5000, 1000..5000)")
        scale = {"": 1, "k": 1000, "m": 1_000_000}[m.group(2).lower()]
        return int(float(m.group(1)) * scale)

    def _language(self, out, f):
        from ..structure.language import language_code  # here: the structure stage is slow to load

        value = f.value.strip()
        code = value.lower() if len(value) == 2 and value.isalpha() else language_code(value)
        if not code:
            raise QueryError(f"{f.raw!r}: unknown language (a name like english or a code like en)")
        out.add("(w.language IS NULL OR w.language != ?)" if f.negated else "w.language = ?", [code],
                lambda conn, cols: cols.language_mask(code) != f.negated)

    def _source(self, out, f):
        fmt = _aliases()["formats"].get(f.value.lower())
        if fmt:
            cond, params = "s.format = ?", [fmt]
        else:
            cond, params = "s.path LIKE ? ESCAPE '\\'", ["%" + _like(f.value) + "%"]
        op = "NOT IN" if f.negated else "IN"
        out.add(f"w.pk {op} (SELECT s.work FROM sources s WHERE {cond})", params,
                _pks_mask(f"SELECT group_concat(s.work) FROM sources s WHERE {cond}", params, f.negated))

    def _id(self, out, f):
        if not re.fullmatch(r"[0-9a-fA-F]{1,64}", f.value):
            raise QueryError(f"{f.raw!r}: an id is hexadecimal")
        from .store import sha_range

        op = "NOT IN" if f.negated else "IN"
        bounds = list(sha_range(f.value.lower()))
        out.add(f"w.pk {op} (SELECT work FROM sources WHERE sha BETWEEN ? AND ?)", bounds,
                _pks_mask("SELECT group_concat(work) FROM sources WHERE sha BETWEEN ? AND ?", bounds, f.negated))


_COMPARE = {">=": np.greater_equal, "<=": np.less_equal, ">": np.greater, "<": np.less, "=": np.equal}


def _pks_mask(sql: str, params: list, negated: bool) -> Mask:
    """A mask of the works `sql` (one group_concat of pks) names, or of the others."""
    def mask(conn: sqlite3.Connection, cols: WorkColumns) -> np.ndarray:
        (joined,) = conn.execute(sql, params).fetchone()
        return cols.mask_of_pks(numbers(joined, np.int64)) != negated
    return mask


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fts_term(t: Text) -> str:
    """One word, phrase or prefix as an FTS5 string (quoted: user text is never FTS syntax)."""
    quoted = '"' + t.text.replace('"', '""') + '"'
    return quoted + " *" if t.prefix else quoted


def run(conn: sqlite3.Connection, query: str | Query | None, *, resolver: tagstore.Resolver | None = None,
        sort: str | None = None, reverse: bool = False, limit: int | None = 20, offset: int = 0,
        facets: bool | list[str] = False, facet_limit: int = 20,
        columns: WorkColumns | None = None) -> SearchResult:
    """`columns`: a connection's WorkColumns, kept between its searches (see there)."""
    from .store import summaries

    parsed = query if isinstance(query, Query) else parse(query)
    ready = columns.ready(conn) if columns is not None and (parsed.texts or parsed.filters or facets) else None
    compiled = Compiler(conn, resolver, ready).compile(parsed)
    order = _order(sort, reverse, bool(compiled.match))
    wanted = list(FACETS) if facets is True else list(facets or [])
    unknown = [f for f in wanted if f not in FACETS]
    if unknown:
        raise QueryError(f"unknown facet {unknown[0]!r} (facets: {', '.join(FACETS)})")
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    try:
        if not parsed.texts and not parsed.filters:  # the whole library: indexes and kept counts only
            total = conn.execute("SELECT count(*) FROM works").fetchone()[0]
            pks = [pk for (pk,) in conn.execute(f"SELECT w.pk FROM works w ORDER BY {order}{page}")]
            facet_counts = _facets(conn, wanted, facet_limit, everything=True,
                                   ratings=ready.rating_counts() if ready is not None else None)
        else:
            if ready is not None:
                hits = _hits_from_columns(conn, compiled, order, ready, facets=bool(wanted))
            else:
                hits = _hits(conn, compiled, order, facets=bool(wanted))
            total = len(hits.pks)
            if hits.keys is not None:
                pks = _page(hits, order, offset, limit)
            elif hits.ranked is not None:
                ranked_sql, ranked_params = hits.ranked
                pks = [pk for (pk,) in conn.execute(ranked_sql + page, ranked_params)]
            else:  # a sort by title: SQLite sorts the text
                pks = [pk for (pk,) in conn.execute(f"SELECT w.pk {hits.sql_from} ORDER BY {order}{page}",
                                                    hits.params)] if total else []
            facet_counts = _facets(conn, wanted, facet_limit, everything=False, hits=hits)
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc) or "MATCH" in str(exc):
            raise QueryError(f"cannot search for {parsed.raw!r}: {exc}") from None
        raise
    return SearchResult(total=total, works=summaries(conn, pks), facets=facet_counts)


@dataclass
class Hits:
    """Every match of a query, read in one pass: pks, the sort key, ratings and packed facet tags."""
    sql_from: str
    params: list
    pks: np.ndarray
    keys: np.ndarray | None        # the sort column per hit (None: sort by title, done in SQL)
    ratings: Counter | list[str]   # one per hit ('' unrated), or their counts, when facets are wanted
    facet_entries: np.ndarray      # every hit's packed facet tags, concatenated
    counted: tuple | None = None   # or, from kept columns, the distinct entries and their counts
    # Or, by relevance from kept columns over a broad hit set: (select of the hits' pks in rank
    # order, its params). SQLite orders them and keeps only the page (a heap under LIMIT).
    ranked: tuple[str, list] | None = None


# The share of works passing a query's filters from which, by relevance, SQLite orders the page
# (measured at 100k works: a word in half the library and filters passing 90% of it, 112 -> 66 ms;
# a phrase with selective filters, 41 -> 62 ms, so not below).
_PAGE_IN_SQL_SHARE = 0.5

# Sort columns read with the hits (relevance: bm25, printed with 17 digits so it reads back exactly).
_KEY_SQL = {"f.rank": "printf('%.17g', f.rank)", "w.word_count": "w.word_count", "w.date": "printf('%.17g', w.date)",
            "w.chapters": "w.chapters"}
_RATING_SEP = "\x1e"


def _hits(conn: sqlite3.Connection, compiled: Compiled, order: str, *, facets: bool) -> Hits:
    """The query's matches as arrays, from one aggregate row: group_concat hands thousands of
    hits over as a few strings, where a row per hit (or a temporary table of them) cost more
    than the search itself."""
    sql_from, params = compiled.sql_from()
    column, _ = _sort_of(order)
    key_sql = _KEY_SQL.get(column)
    columns = ["group_concat(pk)", "group_concat(sort_key)" if key_sql else "NULL"]
    if facets:
        columns += [f"group_concat(coalesce(rating, ''), '{_RATING_SEP}')", "group_concat(hex(facet_tags), '')"]
    else:
        columns += ["NULL", "NULL"]
    # The LIMIT keeps the query a subquery, where bm25 can be evaluated, under the aggregate.
    pks_text, keys_text, ratings_text, facets_hex = conn.execute(
        f"SELECT {', '.join(columns)} FROM (SELECT w.pk AS pk, w.rating AS rating, w.facet_tags AS facet_tags"
        f"{', ' + key_sql + ' AS sort_key' if key_sql else ''} {sql_from} LIMIT -1)", params).fetchone()
    pks = numbers(pks_text, np.int64)
    keys = None
    if key_sql:
        keys = numbers(keys_text, np.float64)
    ratings = ratings_text.split(_RATING_SEP) if ratings_text is not None else []
    entries = np.frombuffer(bytes.fromhex(facets_hex or ""), dtype="<u4")
    return Hits(sql_from, params, pks, keys, ratings, entries)


def _hits_from_columns(conn: sqlite3.Connection, compiled: Compiled, order: str, cols: WorkColumns, *,
                       facets: bool) -> Hits:
    """The query's matches from kept columns: the filters as masks over every work; words, when
    they are only words and prefixes, counted by common_words.lookup and ranked by FTS5's bm25
    computed from those counts, else matched by FTS5 against the surviving works only (a byte per
    pk, tested on each match before bm25 is computed for it); sort keys, ratings and facet tags
    gathered."""
    keep = np.ones(len(cols.pks), dtype=bool)
    for mask in compiled.masks:
        keep &= mask(conn, cols)
    column, direction = _sort_of(order)
    keys, ranked = None, None
    counts = common_words.lookup(conn, compiled.words, cols.pks) if compiled.words and keep.any() else None
    if counts is not None:  # words and prefixes: filtered and ranked from their counts
        for count in counts:
            keep &= count > 0
        at = np.flatnonzero(keep)
        if column == "f.rank":
            keys = common_words.bm25(conn, counts, at, cols.doc_norms(conn))
    elif compiled.match and keep.any():
        survivors = "fts WHERE fts MATCH ? AND substr(?, rowid + 1, 1) = x'01'"
        params = [compiled.match, cols.by_pk(keep)]
        # By relevance when most works pass the filters (broad hit sets), every hit's bm25 handed
        # over as text costs more than a second walk of the doclists that orders just the page.
        page_in_sql = column == "f.rank" and keep.mean() >= _PAGE_IN_SQL_SHARE
        rank = f"printf('%.17g', {_BM25})" if column == "f.rank" and not page_in_sql else "NULL"
        # The LIMIT keeps the select a subquery, where bm25 can be evaluated, under the aggregate.
        pks_text, keys_text = conn.execute(
            f"SELECT group_concat(pk), group_concat(r) FROM (SELECT rowid AS pk, {rank} AS r FROM {survivors} "
            "LIMIT -1)", params).fetchone()
        at = cols.positions(numbers(pks_text, np.int64))
        if page_in_sql:
            ranked = (f"SELECT rowid FROM {survivors} ORDER BY {_BM25} {direction}, rowid {direction}", params)
        elif column == "f.rank":
            keys = numbers(keys_text, np.float64)
    elif compiled.match:  # no work passes the filters
        at, keys = np.zeros(0, dtype=np.int64), np.zeros(0)
    else:
        at = np.flatnonzero(keep)
    if keys is None and ranked is None:
        keys = {"w.word_count": cols.words, "w.chapters": cols.chapters, "w.date": cols.date,
                "w.title_sort": cols.title_rank}[column][at]
    ratings, counted = cols.of(at) if facets else ([], None)
    return Hits("", [], cols.pks[at], keys, ratings, np.zeros(0, dtype="<u4"), counted, ranked)


def _page(hits: Hits, order: str, offset: int, limit: int | None) -> list[int]:
    """The hits in `order` (its column, then pk, both one way), sliced to the page."""
    descending = _sort_of(order)[1] == "DESC"
    keys, pks = (-hits.keys, -hits.pks) if descending else (hits.keys, hits.pks)
    end = len(pks) if limit is None else min(len(pks), offset + limit)
    if end <= offset:
        return []
    if end < len(pks) // 4:  # only the page's part of the order is needed
        first = np.argpartition(keys, end - 1)[:end]
        cut = keys[first].max()
        first = np.flatnonzero(keys <= cut)  # every hit tied with the last one kept, so pk breaks ties
        ordered = first[np.lexsort((pks[first], keys[first]))]
    else:
        ordered = np.lexsort((pks, keys))
    return hits.pks[ordered[offset:end]].tolist()


def iter_pks(conn: sqlite3.Connection, query: str | Query | None, resolver: tagstore.Resolver | None,
             batch: int = 500):
    """Every matching work's pk, in pk order, a batch at a time (no long read)."""
    parsed = query if isinstance(query, Query) else parse(query)
    compiled = Compiler(conn, resolver).compile(parsed)
    sql_from, params = compiled.sql_from()
    glue = " AND " if compiled.where else " WHERE "
    last = 0
    while True:
        rows = [pk for (pk,) in conn.execute(
            f"SELECT w.pk {sql_from}{glue}w.pk > ? ORDER BY w.pk LIMIT {batch}", params + [last])]
        if not rows:
            return
        yield from rows
        last = rows[-1]


def _order(sort: str | None, reverse: bool, has_text: bool) -> str:
    if sort is None:
        sort = "relevance" if has_text else "date"
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r} (sorts: {', '.join(SORTS)})")
    if sort == "relevance" and not has_text:
        sort = "date"
    column, descending = SORTS[sort]
    if reverse:
        descending = not descending
    direction = "DESC" if descending else "ASC"
    return f"{column} {direction}, w.pk {direction}"


def _sort_of(order: str) -> tuple[str, str]:
    """The sort column and direction of an `_order` clause."""
    column, direction = order.split(",")[0].split()
    return column, direction


def _facets(conn: sqlite3.Connection, wanted: list[str], limit: int, everything: bool,
            hits: Hits | None = None, ratings: Counter | None = None) -> dict[str, list[dict]]:
    """Counts per facet value over the whole library (the counts store.write_work keeps), or over the hits:
    their ratings and packed facet tags (read with them), counted and ranked per kind in numpy,
    so a broad result set of 50,000 works costs milliseconds, not the second a GROUP BY over
    their tag links took. Largest first, ties by name."""
    out: dict[str, list[dict]] = {}
    if not wanted:
        return out
    kinds = [_FACET_KIND[f] for f in wanted if f != "rating"]
    if everything:
        if "rating" in wanted:  # `ratings`: counted from kept columns, else a scan of every work
            out["rating"] = _rating_counts(ratings.items() if ratings is not None else
                                           conn.execute("SELECT rating, count(*) FROM works GROUP BY rating"))
        top = _kept_counts(conn, kinds, limit)
    else:
        if "rating" in wanted:
            counts = hits.ratings if isinstance(hits.ratings, Counter) else Counter(hits.ratings)
            out["rating"] = _rating_counts(counts.items())
        counted = hits.counted or np.unique(hits.facet_entries, return_counts=True)
        top = _top_per_kind(conn, counted, kinds, limit)
    for f in wanted:
        if f != "rating":
            out[f] = top.get(_FACET_KIND[f], [])
    return out


def _rating_counts(rows) -> list[dict]:
    merged: dict[str, int] = {}
    for r, c in rows:
        merged[r or "Not Rated"] = merged.get(r or "Not Rated", 0) + c  # unrated and Not Rated are one
    return [{"value": v, "count": c} for v, c in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))]


def _kept_counts(conn: sqlite3.Connection, kinds: list[str], limit: int) -> dict[str, list[dict]]:
    """The whole library's top values per kind, from the counts triggers keep in `tags`."""
    out: dict[str, list[dict]] = {}
    for kind in kinds:
        out[kind] = [{"value": n, "count": c} for n, c in conn.execute(
            "SELECT name, works FROM tags WHERE canonical IS NULL AND works > 0 AND kind = ? "
            "ORDER BY works DESC, name LIMIT ?", (kind, limit))]
    return out


def _top_per_kind(conn: sqlite3.Connection, counted: tuple[np.ndarray, np.ndarray], kinds: list[str],
                  limit: int) -> dict[str, list[dict]]:
    """`counted`: the distinct packed facet entries of the hits and how many hits have each."""
    from .store import unpack_facets

    out: dict[str, list[dict]] = {}
    values, counts = counted
    if not len(values) or not kinds:
        return out
    pks, kind_of = unpack_facets(values)
    for kind in kinds:
        mine = kind_of == tagstore.FACET_KINDS.index(kind)
        kpks, kcounts = pks[mine], counts[mine]
        if len(kcounts) > limit:  # the limit-th largest count and every value tied with it
            keep = kcounts >= np.partition(kcounts, len(kcounts) - limit)[len(kcounts) - limit]
            kpks, kcounts = kpks[keep], kcounts[keep]
        count_of = dict(zip(kpks.tolist(), kcounts.tolist()))
        if not count_of:
            continue
        named = conn.execute(f"SELECT pk, name FROM tags WHERE pk IN ({','.join('?' * len(count_of))}) "
                             "ORDER BY name", list(count_of)).fetchall()  # the name column's NOCASE order
        named.sort(key=lambda row: -count_of[row[0]])  # stable: ties stay in name order
        out[kind] = [{"value": name, "count": count_of[pk]} for pk, name in named[:limit]]
    return out
