"""store.loosen_merging / restore_merging: an import transaction's FTS5 merge settings, given back
before it commits (a kill -9 rolls both back)."""
from ficarchive.library import Library
from ficarchive.library.store import IMPORT_MERGING, loosen_merging, restore_merging


def _config(conn):
    return sorted(conn.execute("SELECT k, v FROM fts_config"))


def _write_transaction(conn, rows, *, commit=True):
    conn.execute("BEGIN IMMEDIATE")
    saved = loosen_merging(conn)
    assert dict(conn.execute("SELECT k, v FROM fts_config WHERE k IN ('automerge', 'crisismerge')")) == IMPORT_MERGING
    conn.executemany("INSERT INTO fts(rowid, title, tags, summary, notes, body) VALUES (?, 'a title', '', '', '', ?)",
                     rows)
    if commit:
        restore_merging(conn, saved)
        conn.execute("COMMIT")
    else:
        conn.execute("ROLLBACK")


def test_the_library_keeps_its_config_rows(tmp_path):
    lib = Library(tmp_path / "lib.db")
    conn = lib.conn
    before = _config(conn)
    _write_transaction(conn, [(1, "rain on the window"), (2, "the window was open")])
    assert _config(conn) == before
    _write_transaction(conn, [(3, "no rain today")], commit=False)
    assert _config(conn) == before
    assert [r for (r,) in conn.execute("SELECT rowid FROM fts WHERE fts MATCH 'window' ORDER BY rowid")] == [1, 2]
    lib.close()


def test_settings_of_its_own_come_back(tmp_path):
    lib = Library(tmp_path / "lib.db")
    conn = lib.conn
    conn.execute("INSERT INTO fts(fts, rank) VALUES ('automerge', 8)")
    before = _config(conn)
    _write_transaction(conn, [(1, "rain on the window")])
    assert _config(conn) == before
    assert ("automerge", 8) in before and not any(k == "crisismerge" for k, _ in before)
    lib.close()


def test_terms_written_under_the_import_settings_are_found(tmp_path):
    lib = Library(tmp_path / "lib.db")
    conn = lib.conn
    for start in range(0, 40, 4):  # more segments than automerge 4 would have left apart
        _write_transaction(conn, [(pk, f"word{pk} shared") for pk in range(start + 1, start + 5)])
    assert conn.execute("SELECT count(*) FROM fts WHERE fts MATCH 'shared'").fetchone() == (40,)
    assert conn.execute("SELECT rowid FROM fts WHERE fts MATCH 'word17'").fetchall() == [(17,)]
    conn.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")
    lib.close()
