"""Chart geometry for server-side SVG (drawn by templates/_charts.html).

No chart library and no script: the numbers are laid out here and the
template writes plain SVG rectangles and text, styled by the stylesheet.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LABEL_CHARS = 30


@dataclass
class Bar:
    label: str  # full text (tooltip and table)
    short: str  # as drawn
    value: float
    shown: str  # the value as written beside the bar
    href: str | None
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class Chart:
    title: str
    kind: str  # "bars" (horizontal, labelled rows) or "columns" (a histogram)
    bars: list[Bar] = field(default_factory=list)
    width: int = 640
    height: int = 0
    label_width: int = 0
    css: str = ""

    @property
    def empty(self) -> bool:
        return not any(b.value for b in self.bars)


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def bars(title: str, items: list[tuple[str, float, str | None]], *, unit: str = "",
         percent: bool = False, css: str = "") -> Chart:
    """Horizontal bars, one row per (label, value, link), longest first as given."""
    row, gap, label_width, value_width, width = 22, 6, 230, 70, 640
    chart = Chart(title, "bars", width=width, label_width=label_width, css=css)
    top = max((v for _, v, _ in items), default=0) or 1
    span = width - label_width - value_width
    for i, (label, value, href) in enumerate(items):
        shown = f"{value:.0%}" if percent else f"{value:,.0f}{unit}"
        chart.bars.append(Bar(label, _short(label), value, shown, href, x=label_width,
                              y=i * (row + gap), width=max(1.0, span * value / top) if value else 0, height=row))
    chart.height = max(1, len(items)) * (row + gap)
    return chart


def columns(title: str, items: list[tuple[str, float, str | None]], *, css: str = "") -> Chart:
    """Vertical columns over labelled buckets (a histogram)."""
    width, plot, axis = 640, 180, 40
    chart = Chart(title, "columns", width=width, height=plot + axis, css=css)
    top = max((v for _, v, _ in items), default=0) or 1
    slot = width / max(1, len(items))
    for i, (label, value, href) in enumerate(items):
        h = plot * value / top if value else 0
        chart.bars.append(Bar(label, _short(label, 14), value, f"{value:,.0f}", href,
                              x=i * slot + slot * 0.12, y=plot - h, width=slot * 0.76, height=h))
    return chart


# Word-count buckets of the histogram: (label, low, high) with high exclusive, None open.
WORD_BUCKETS = [("< 1k", 0, 1000), ("1k–5k", 1000, 5000), ("5k–10k", 5000, 10000), ("10k–20k", 10000, 20000),
                ("20k–50k", 20000, 50000), ("50k–100k", 50000, 100000), ("100k+", 100000, None)]
