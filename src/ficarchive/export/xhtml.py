"""Story text to XHTML, built element by element so nothing in the text can
become markup: the text is untrusted, and lxml escapes every character.

Chapter text is plain (see `model.Chapter`): paragraphs separated by blank
lines, line breaks inside a paragraph kept, a line `* * *` between scenes,
`*italic*` and `**bold**` as the HTML reader writes them. Each maps to the
element the readers turn back into the same text: `<p>`, `<br/>`,
`<hr class="scene-break"/>`, `<em>`, `<strong>`.
"""
from __future__ import annotations

import re

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCENE_BREAK = "* * *"
_VOID = {"br", "hr", "meta", "link", "img", "col", "area", "base", "input", "wbr", "source", "track", "embed"}
# Characters XML 1.0 cannot carry (controls, lone surrogates, U+FFFE/FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n+")
# ***both***, **bold**, *italic*: marks hug their words, as the reader writes them.
_EMPHASIS = re.compile(
    r"\*\*\*(?=[^\s*])(?P<both>[^\n]*?[^\s*])\*\*\*"
    r"|\*\*(?=[^\s*])(?P<bold>[^\n]*?[^\s*])\*\*"
    r"|\*(?=[^\s*])(?P<italic>[^\n]*?[^\s*])\*"
)


def xml_safe(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def tag(name: str) -> str:
    return f"{{{XHTML}}}{name}"


def element(parent, name: str, text: str | None = None, **attrs: str):
    node = etree.SubElement(parent, tag(name), {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        node.text = xml_safe(text)
    return node


def paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in _PARAGRAPHS.split(xml_safe(text).strip()) if p.strip()]


def story(parent, text: str) -> None:
    """Chapter text as paragraphs and scene breaks. A break with no scene on
    one side (text that was only characters XML cannot carry) is dropped."""
    pending_break = False
    for para in paragraphs(text):
        if para.strip() == SCENE_BREAK:
            pending_break = len(parent) > 0
            continue
        if pending_break:
            element(parent, "hr", class_="scene-break")
            pending_break = False
        inline(element(parent, "p"), para)


def prose(parent, text: str, emphasis: bool = True) -> None:
    """Notes and summaries: paragraphs with their line breaks."""
    for para in paragraphs(text):
        inline(element(parent, "p"), para, emphasis)


def inline(node, text: str, emphasis: bool = True) -> None:
    """Text with line breaks (and emphasis marks, when asked) into `node`."""
    for k, line in enumerate(text.split("\n")):
        if k:
            element(node, "br")
        if emphasis:
            _emphasis(node, line)
        else:
            _append_text(node, line)


def _emphasis(node, line: str) -> None:
    pos = 0
    for m in _EMPHASIS.finditer(line):
        _append_text(node, line[pos:m.start()])
        if m.group("both") is not None:
            element(element(node, "strong"), "em", m.group("both"))
        elif m.group("bold") is not None:
            _emphasis(element(node, "strong"), m.group("bold"))
        else:
            element(node, "em", m.group("italic"))
        pos = m.end()
    _append_text(node, line[pos:])


def _append_text(node, text: str) -> None:
    if not text:
        return
    if len(node):
        node[-1].tail = (node[-1].tail or "") + text
    else:
        node.text = (node.text or "") + text


def document(title: str, language: str | None, head_extra=None, epub: bool = True) -> tuple[etree._Element, etree._Element]:
    """An empty XHTML document: returns (html, body)."""
    root = etree.Element(tag("html"), nsmap={None: XHTML, "epub": OPS} if epub else {None: XHTML})
    if language:
        root.set("lang", language)
        root.set(XML_LANG, language)
    head = element(root, "head")
    element(head, "meta", charset="utf-8")
    element(head, "title", title or "Untitled")
    if head_extra is not None:
        head_extra(head)
    return root, element(root, "body")


def serialise(root, xml_declaration: bool = True) -> bytes:
    """Polyglot markup: valid XHTML that HTML parsers read the same way (no
    self-closed element except void ones)."""
    for node in root.iter():
        if isinstance(node.tag, str) and len(node) == 0 and node.text is None \
                and etree.QName(node).localname not in _VOID:
            node.text = ""
    body = etree.tostring(root, encoding="utf-8")
    head = b'<?xml version="1.0" encoding="utf-8"?>\n' if xml_declaration else b""
    return head + b"<!DOCTYPE html>\n" + body + b"\n"
