import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from expectations import SHARED  # noqa: E402


def shared_or_skip() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is not present next to the checkout")
    return SHARED


def tag_link_problems(conn) -> list[tuple]:
    """What is wrong with a library's tag links: a work without a tag list, a link by tag that
    no list has or the other way round, a tag whose kept count differs from its links."""
    import struct

    problems = [("no list", pk) for (pk,) in conn.execute(
        "SELECT pk FROM works WHERE pk NOT IN (SELECT work FROM work_tag_lists)")]
    listed = set()
    for work, blob in conn.execute("SELECT work, tags FROM work_tag_lists"):
        tags = struct.unpack(f"<{len(blob) // 4}I", blob)
        if len(set(tags)) != len(tags):
            problems.append(("tag twice", work))
        listed.update((tag, work) for tag in tags)
    linked = set(conn.execute("SELECT tag, work FROM tag_works"))
    problems += [("listed, not linked", link) for link in sorted(listed - linked)]
    problems += [("linked, not listed", link) for link in sorted(linked - listed)]
    problems += [("count", name, works, real) for name, works, real in conn.execute(
        "SELECT name, works, (SELECT count(*) FROM tag_works WHERE tag = t.pk) AS real FROM tags t "
        "WHERE works != real")]
    return problems
