"""EPUB 3 with an EPUB 2 NCX, written directly with `zipfile` and `lxml` so
every byte is ours: epubcheck-clean, and the same work always gives the same
file (fixed zip timestamps and member order; `dcterms:modified` is the work's
own update date when it states one, else `SOURCE_DATE_EPOCH`, else now).

Members: `mimetype` (first, stored), `META-INF/container.xml`,
`EPUB/content.opf`, `EPUB/toc.ncx`, `EPUB/nav.xhtml` (not in the spine),
`EPUB/style.css`, `EPUB/preface.xhtml`, one `EPUB/chapter_NNN.xhtml` per
chapter, and `EPUB/afterword.xhtml` when the work has end notes.
"""
from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from typing import BinaryIO

from lxml import etree

from ..model import Work
from .chapters import afterword_div, chapter_parts, toc_label
from .preface import preface_div, rows, work_date
from .xhtml import OPS, XHTML, document, element, serialise, xml_safe

OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CONTAINER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    f'<container version="1.0" xmlns="{CONTAINER_NS}">\n'
    '  <rootfiles>\n'
    '    <rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/>\n'
    '  </rootfiles>\n'
    '</container>\n'
).encode()


@dataclass
class Document:
    name: str  # file name inside EPUB/
    label: str  # table-of-contents entry
    id: str
    data: bytes


def stylesheet() -> bytes:
    return resources.files("ficarchive.export").joinpath("style.css").read_bytes()


def modified_time(work: Work) -> str:
    date = work_date(work, "updated") or work_date(work, "completed") or work_date(work, "published")
    if date:
        return f"{date}T00:00:00Z"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_epub(work: Work, out: BinaryIO) -> None:
    """Write `work` as an EPUB to a binary file object."""
    docs = _documents(work)
    members = [
        ("META-INF/container.xml", CONTAINER),
        ("EPUB/content.opf", _opf(work, docs)),
        ("EPUB/toc.ncx", _ncx(work, docs)),
        ("EPUB/nav.xhtml", _nav(work, docs)),
        ("EPUB/style.css", stylesheet()),
    ] + [(f"EPUB/{d.name}", d.data) for d in docs]
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(_info("mimetype", zipfile.ZIP_STORED), b"application/epub+zip")
        for name, data in members:
            zf.writestr(_info(name, zipfile.ZIP_DEFLATED), data)


def epub_bytes(work: Work) -> bytes:
    import io

    buf = io.BytesIO()
    write_epub(work, buf)
    return buf.getvalue()


def _info(name: str, method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = method
    info.create_system = 3  # the same bytes on every OS
    info.external_attr = 0o644 << 16
    return info


def _page(title: str, work: Work):
    def link_css(head):
        element(head, "link", rel="stylesheet", type="text/css", href="style.css")

    return document(title, work.language, link_css)


def _documents(work: Work) -> list[Document]:
    docs = []
    root, body = _page(work.title or "Untitled", work)
    has_end = any(n.position == "end" and n.text.strip() for n in work.notes)
    preface_div(body, work, endnotes_href="afterword.xhtml#endnotes" if has_end else None)
    docs.append(Document("preface.xhtml", "Preface", "preface", serialise(root)))
    for chapter in work.chapters:
        label = toc_label(work, chapter)
        root, body = _page(label, work)
        chapter_parts(element(body, "div", id="chapters", class_="userstuff"), work, chapter)
        name = f"chapter_{chapter.number:03d}.xhtml"
        docs.append(Document(name, label, f"chapter_{chapter.number:03d}", serialise(root)))
    root, body = _page("Afterword", work)
    if afterword_div(body, work) is not None:
        docs.append(Document("afterword.xhtml", "Afterword", "afterword", serialise(root)))
    return docs


def _opf(work: Work, docs: list[Document]) -> bytes:
    ns = {None: OPF_NS, "dc": DC_NS}
    package = etree.Element(f"{{{OPF_NS}}}package", nsmap=ns, version="3.0", **{"unique-identifier": "work-id"})
    meta = etree.SubElement(package, f"{{{OPF_NS}}}metadata")

    def dc(name: str, text: str, **attrs: str):
        node = etree.SubElement(meta, f"{{{DC_NS}}}{name}", attrs)
        node.text = xml_safe(text)
        return node

    def prop(name: str, text: str, **attrs: str):
        node = etree.SubElement(meta, f"{{{OPF_NS}}}meta", property=name, **attrs)
        node.text = xml_safe(text)

    dc("identifier", work.id, id="work-id")
    dc("title", work.title or "Untitled")
    for k, author in enumerate(work.authors, 1):
        dc("creator", author, id=f"creator{k}")
        prop("role", "aut", refines=f"#creator{k}", scheme="marc:relators")
    dc("language", work.language or "und")
    if work.summary:
        dc("description", work.summary)
    seen = set()
    for row in rows(work):
        if not row.tags:
            continue
        for value in row.values:
            if value.casefold() not in seen:
                seen.add(value.casefold())
                dc("subject", value)
    published = work_date(work, "published")
    if published:
        dc("date", published)
    prop("dcterms:modified", modified_time(work))
    for k, series in enumerate(work.series, 1):
        if k == 1:  # calibre knows one series per book
            etree.SubElement(meta, f"{{{OPF_NS}}}meta", name="calibre:series", content=xml_safe(series.name))
            if series.part is not None:
                etree.SubElement(meta, f"{{{OPF_NS}}}meta", name="calibre:series_index", content=str(series.part))
        prop("belongs-to-collection", series.name, id=f"series{k}")
        prop("collection-type", "series", refines=f"#series{k}")
        if series.part is not None:
            prop("group-position", str(series.part), refines=f"#series{k}")

    manifest = etree.SubElement(package, f"{{{OPF_NS}}}manifest")

    def item(id_: str, href: str, media: str, **attrs: str):
        etree.SubElement(manifest, f"{{{OPF_NS}}}item", id=id_, href=href, **{"media-type": media}, **attrs)

    item("nav", "nav.xhtml", "application/xhtml+xml", properties="nav")
    item("ncx", "toc.ncx", "application/x-dtbncx+xml")
    item("css", "style.css", "text/css")
    for d in docs:
        item(d.id, d.name, "application/xhtml+xml")
    spine = etree.SubElement(package, f"{{{OPF_NS}}}spine", toc="ncx")
    for d in docs:
        etree.SubElement(spine, f"{{{OPF_NS}}}itemref", idref=d.id)
    return etree.tostring(package, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _ncx(work: Work, docs: list[Document]) -> bytes:
    root = etree.Element(f"{{{NCX_NS}}}ncx", nsmap={None: NCX_NS}, version="2005-1")
    head = etree.SubElement(root, f"{{{NCX_NS}}}head")
    for name, content in (("dtb:uid", work.id), ("dtb:depth", "1"), ("dtb:totalPageCount", "0"),
                          ("dtb:maxPageNumber", "0")):
        etree.SubElement(head, f"{{{NCX_NS}}}meta", name=name, content=content)
    title = etree.SubElement(etree.SubElement(root, f"{{{NCX_NS}}}docTitle"), f"{{{NCX_NS}}}text")
    title.text = xml_safe(work.title or "Untitled")
    nav_map = etree.SubElement(root, f"{{{NCX_NS}}}navMap")
    for k, d in enumerate(docs, 1):
        point = etree.SubElement(nav_map, f"{{{NCX_NS}}}navPoint", id=f"nav{k}", playOrder=str(k))
        label = etree.SubElement(etree.SubElement(point, f"{{{NCX_NS}}}navLabel"), f"{{{NCX_NS}}}text")
        label.text = xml_safe(d.label)
        etree.SubElement(point, f"{{{NCX_NS}}}content", src=d.name)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _nav(work: Work, docs: list[Document]) -> bytes:
    root, body = _page("Contents", work)
    nav = element(body, "nav", id="toc")
    nav.set(f"{{{OPS}}}type", "toc")
    element(nav, "h1", "Contents")
    ol = element(nav, "ol")
    for d in docs:
        element(element(ol, "li"), "a", d.label, href=d.name)
    return serialise(root)


__all__ = ["write_epub", "epub_bytes", "XHTML"]
