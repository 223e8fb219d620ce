"""Build the sample EPUB(s) from their YAML sources, byte for byte the same each time.

    python -m ficarchive.samples.make_epub          # rewrite stories/*.epub
    python -m ficarchive.samples.make_epub --check  # exit 1 if a shipped EPUB is stale

The zip is written by hand (fixed timestamps, `mimetype` stored first) so the
result is reproducible; ebooklib stamps the current time into its output.
"""
from __future__ import annotations

import html
import re
import sys
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).parent
SOURCES = HERE / "epub_source"
STORIES = HERE / "stories"
STAMP = (2024, 1, 1, 0, 0, 0)

_EMPH = re.compile(r"\*([^*\n]+)\*")


def _para(text: str) -> str:
    if text.strip() == "* * *":
        return '<hr class="scene-break"/>'
    return "<p>" + _EMPH.sub(r"<em>\1</em>", html.escape(text, quote=False)) + "</p>"


def _xhtml(title: str, body: str, lang: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang="{lang}" xml:lang="{lang}">\n<head><title>{html.escape(title)}</title></head>\n'
            f"<body>\n{body}\n</body>\n</html>\n")


def build(source: dict) -> dict[str, str]:
    """Member name -> text of the EPUB for one story source."""
    e = html.escape
    lang = source.get("language", "en")
    title = source["title"]
    chapters = source["chapters"]
    tags = ", ".join(f'<a rel="tag">{e(t)}</a>' for t in source.get("subjects", [])[1:])
    # The archive download layout: a #preface with a tag list, then one file per chapter.
    preface = (f'<div id="preface"><div class="meta">\n<dl class="tags">\n'
               f'<dt>Rating:</dt><dd>{e(source["rating"])}</dd>\n<dt>Fandom:</dt><dd>{e(source["fandom"])}</dd>\n'
               f'<dt>Additional Tags:</dt><dd>{tags}</dd>\n</dl>\n'
               f'<h1>{e(title)}</h1>\n<div class="byline">by <a rel="author">{e(source["author"])}</a></div>\n'
               f'<p>Summary</p>\n<blockquote class="userstuff"><p>{e(source["summary"])}</p></blockquote>\n'
               '</div></div>')
    files = {"preface.xhtml": _xhtml(title, preface, lang)}
    for n, ch in enumerate(chapters, 1):
        body = f"<h2 class=\"heading\">Chapter {n}: {e(ch['title'])}</h2>\n" + "\n".join(_para(p) for p in ch["paragraphs"])
        files[f"chapter{n}.xhtml"] = _xhtml(ch["title"], body, lang)
    nav_items = "\n".join(f'<li><a href="chapter{n}.xhtml">Chapter {n}: {e(ch["title"])}</a></li>'
                          for n, ch in enumerate(chapters, 1))
    files["nav.xhtml"] = _xhtml("Contents", f'<nav epub:type="toc"><ol>\n{nav_items}\n</ol></nav>', lang)
    subjects = "\n".join(f"    <dc:subject>{e(s)}</dc:subject>" for s in source.get("subjects", []))
    manifest = "\n".join(f'    <item id="{Path(name).stem}" href="{name}" media-type="application/xhtml+xml"'
                         + (' properties="nav"' if name == "nav.xhtml" else "") + "/>" for name in files)
    spine = "\n".join(f'    <itemref idref="{Path(name).stem}"/>' for name in files if name != "nav.xhtml")
    opf = f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id" xml:lang="{lang}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">{e(source["identifier"])}</dc:identifier>
    <dc:title>{e(title)}</dc:title>
    <dc:creator>{e(source["author"])}</dc:creator>
    <dc:language>{lang}</dc:language>
    <dc:description>{e(source["summary"])}</dc:description>
{subjects}
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
{manifest}
  </manifest>
  <spine>
{spine}
  </spine>
</package>
"""
    container = """<?xml version="1.0" encoding="utf-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""
    members = {"mimetype": "application/epub+zip", "META-INF/container.xml": container, "OEBPS/content.opf": opf}
    members.update({f"OEBPS/{name}": text for name, text in files.items()})
    return members


def write(members: dict[str, str]) -> bytes:
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def targets() -> dict[Path, bytes]:
    return {STORIES / (src.stem + ".epub"): write(build(yaml.safe_load(src.read_text("utf-8"))))
            for src in sorted(SOURCES.glob("*.yaml"))}


def main(argv: list[str]) -> int:
    stale = []
    for path, data in targets().items():
        if "--check" in argv:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path.name)
        else:
            path.write_bytes(data)
            print(f"wrote {path} ({len(data)} bytes)")
    for name in stale:
        print(f"stale: {name} (run python -m ficarchive.samples.make_epub)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
