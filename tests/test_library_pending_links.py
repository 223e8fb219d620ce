"""store.PendingLinks: a transaction's tag links and counts, written once before it commits."""
from ficarchive.library import Library
from ficarchive.library.store import PendingLinks


def _library_with_tags(tmp_path, count):
    lib = Library(tmp_path / "lib.db")
    lib.conn.executemany("INSERT INTO tags(pk, kind, name) VALUES (?, 'freeform', ?)",
                         [(t, f"tag {t}") for t in range(1, count + 1)])
    return lib


def _state(conn):
    return (sorted(conn.execute("SELECT tag, work FROM tag_works")),
            sorted(conn.execute("SELECT pk, works FROM tags")))


def test_links_net_out_within_a_transaction(tmp_path):
    lib = _library_with_tags(tmp_path, 3)
    conn = lib.conn
    conn.execute("INSERT INTO tag_works(tag, work) VALUES (1, 10)")
    conn.execute("UPDATE tags SET works = 1 WHERE pk = 1")
    links = PendingLinks()
    links.change(10, gone=[1], came=[2])      # work 10: tag 1 -> tag 2
    links.change(11, gone=[], came=[2, 3])    # work 11 new
    links.change(11, gone=[3], came=[])       # linked and unlinked in the same transaction: never written
    links.change(10, gone=[2], came=[1])      # work 10 back to tag 1: its row stays
    links.write(conn)
    assert _state(conn) == ([(1, 10), (2, 11)], [(1, 1), (2, 1), (3, 0)])
    links.write(conn)  # written once: nothing left
    assert _state(conn) == ([(1, 10), (2, 11)], [(1, 1), (2, 1), (3, 0)])
    lib.close()


def test_pending_links_give_what_links_written_at_once_give(tmp_path):
    changes = [(5, [], [1, 2, 3]), (6, [], [2]), (5, [1], [4]), (6, [2], [1, 3]), (5, [4, 2], [])]
    states = []
    for deferred in (False, True):
        lib = _library_with_tags(tmp_path / str(deferred), 4)
        links = PendingLinks()
        for pk, gone, came in changes:
            one = links if deferred else PendingLinks()
            one.change(pk, gone, came)
            if not deferred:
                one.write(lib.conn)
        links.write(lib.conn)
        states.append(_state(lib.conn))
        lib.close()
    assert states[0] == states[1] == ([(1, 6), (3, 5), (3, 6)], [(1, 1), (2, 0), (3, 2), (4, 0)])
