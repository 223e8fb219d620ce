"""HTML to readable text: paragraphs, italics and scene breaks kept; scripts,
styles, forms and navigation dropped. Nothing in the markup is fetched or run."""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "form", "button",
        "select", "textarea", "input", "svg", "canvas", "video", "audio", "head", "title", "meta", "link")
_BLOCK = {"p", "div", "section", "article", "main", "blockquote", "li", "ul", "ol", "dl", "dt", "dd",
          "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr", "td", "th", "center", "figure",
          "figcaption", "header", "footer", "aside", "nav", "address", "body", "html", "details", "summary"}
_SKIPPED = frozenset(DROP + ("_comment", "-comment"))
_ITALIC = {"i", "em", "cite"}
_BOLD = {"b", "strong"}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_RUNS = re.compile(r"\n\n\n+")  # (a literal start, which the regex engine scans for fast)


def parse_html(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def node_text(node: LexborNode | None) -> str:
    """Plain inline text of a node, whitespace collapsed."""
    if node is None:
        return ""
    return _collapse_spaces(node.text(separator=" ", deep=True)).strip()


def _collapse_spaces(text: str) -> str:
    """Runs of spaces, tabs and no-break spaces made one space."""
    # the regex only where it would change something: it replaces every space
    # with a space, and substring tests are far faster than it
    odd = "  " in text or "\t" in text or "\u00a0" in text or "\r" in text or "\f" in text or "\v" in text
    return _SPACES.sub(" ", text) if odd else text


def to_text(node: LexborNode | None, emphasis: bool = True) -> str:
    """Block text: paragraphs separated by a blank line, `<br>` a line break,
    `<hr>` a scene break line; italics as *x* and bold as **x** when asked."""
    if node is None:
        return ""
    out: list[str] = []
    _walk(node, out, emphasis)
    # no spaces or tabs around line breaks, at most one blank line in a row
    text = "\n".join([line.strip(" \t") for line in "".join(out).split("\n")])
    return _BLANK_RUNS.sub("\n\n", text).strip()


def _walk(node: LexborNode, out: list[str], emphasis: bool) -> None:
    tag = node.tag
    if tag == "-text":
        out.append(_collapse_spaces((node.text_content or "").replace("\n", " ")))
        return
    if tag in _SKIPPED:
        return
    if tag == "br":
        out.append("\n")
        return
    if tag == "hr":
        out.append("\n\n* * *\n\n")
        return
    block = tag in _BLOCK
    if block:
        out.append("\n\n")
    mark = ""
    if emphasis and tag in _ITALIC:
        mark = "*"
    elif emphasis and tag in _BOLD:
        mark = "**"
    if mark:
        inner: list[str] = []
        child = node.child
        while child is not None:
            _walk(child, inner, emphasis)
            child = child.next
        content = "".join(inner)
        stripped = content.strip()
        if stripped and "\n" not in stripped:
            lead = content[: len(content) - len(content.lstrip())]
            trail = content[len(content.rstrip()):]
            out.append(f"{lead}{mark}{stripped}{mark}{trail}")
        else:
            out.append(content)
    else:
        child = node.child
        while child is not None:
            _walk(child, out, emphasis)
            child = child.next
    if block:
        out.append("\n\n")


def strip_noise(tree: LexborHTMLParser) -> None:
    """Remove elements that are never story, in place."""
    for selector in DROP:
        for n in tree.css(selector):
            n.decompose()
