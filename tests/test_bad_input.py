"""Bad input: a clear one-line error naming the file; the batch goes on."""
import io
import os
import subprocess
import sys
import zipfile

import pytest

from expectations import FIXTURES
from ficarchive.errors import FicError
from ficarchive.model import Work
from ficarchive.parse import parse_file, parse_path

BAD = FIXTURES / "bad"
GOOD_STORY = (FIXTURES / "styles" / "04_title_by_author.txt").read_bytes()


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "ficarchive.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name,reason", [
    ("empty.txt", "empty file"),
    ("whitespace_only.txt", "no text"),
    ("binary_junk.txt", "binary data"),
    ("truncated.epub", "zip"),
    ("not_really.epub", "zip"),
    ("entities.epub", "entit"),
])
def test_bad_file_one_line_error(name, reason):
    with pytest.raises(FicError) as info:
        parse_file(BAD / name)
    assert reason in info.value.reason
    result = run_cli("parse", BAD / name)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"ficarchive: error: {BAD / name}: ")
    assert "Traceback" not in result.stderr


def test_traversal_member_refused_rest_parsed():
    results = list(parse_path(BAD / "traversal.zip"))
    errors = [r for r in results if isinstance(r, FicError)]
    works = [r for r in results if isinstance(r, Work)]
    assert len(works) == 1 and works[0].source.path.endswith("!good.txt")
    assert len(errors) == 1 and "escapes" in errors[0].reason and "../../evil.txt" in errors[0].path


def test_zip_bomb_refused(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("story.txt", GOOD_STORY)
        zf.writestr("huge.txt", b"\0" * (40 * 1024 * 1024))  # compresses about 1000:1
    results = list(parse_path(bomb))
    errors = [r for r in results if isinstance(r, FicError)]
    assert len(errors) == 1 and "huge.txt" in errors[0].path and "zip bomb" in errors[0].reason
    assert sum(isinstance(r, Work) for r in results) == 1


def test_nested_zips_are_bounded(tmp_path):
    data = GOOD_STORY
    name = "story.txt"
    for depth in range(5):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(name, data)
        data, name = buf.getvalue(), f"level{depth}.zip"
    path = tmp_path / "deep.zip"
    path.write_bytes(data)
    results = list(parse_path(path))
    assert any(isinstance(r, FicError) and "nested" in r.reason for r in results)


def test_two_gigabyte_file_refused_without_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: takes no disk
        fh.truncate(2 * 1024 ** 3)
    result = run_cli("parse", big)
    assert result.returncode == 2
    assert "over the" in result.stderr and str(big) in result.stderr


def test_missing_path():
    result = run_cli("parse", "/no/such/story.txt")
    assert result.returncode == 2
    assert result.stderr.strip() == "ficarchive: error: /no/such/story.txt: no such file or folder"


def test_folder_batch_goes_on(tmp_path):
    (tmp_path / "a.txt").write_bytes(GOOD_STORY)
    (tmp_path / "junk.txt").write_bytes(os.urandom(4096).replace(b"\n", b"\0"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes(GOOD_STORY.replace(b"e", b"a"))
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    result = run_cli("parse", tmp_path, "--json")
    assert result.returncode == 0
    assert len(result.stdout.strip().splitlines()) == 2
    assert "junk.txt: binary data" in result.stderr


def test_hostile_html_is_text_not_code():
    html = (b"<html><head><script>alert(1)</script><style>p{}</style></head><body>"
            b"<h1>Title</h1><p onclick='x()'>She said hello.<img src='http://evil.example/x.png'></p>"
            b"<iframe src='javascript:alert(2)'></iframe><p>It was late.</p></body></html>")
    from ficarchive.structure import parse_bytes
    work = parse_bytes("hostile.html", html)
    text = work.text
    assert "alert" not in text and "evil.example" not in text and "She said hello." in text
