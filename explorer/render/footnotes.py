"""The sources block of an exported page: the numbered sources of what it shows, each whole,
in columns, and the data credit."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QPainter

from explorer.model.citations import Footnote, more_sources_text
from explorer.model.records import Source
from explorer.render import style
from explorer.render.text import draw_halo_text, font_key, metrics

COLUMN_WIDTH = 440.0  # px at scale 1: a source on a line or two (~70 characters a line)
MIN_COLUMN_WIDTH = 140.0  # px at scale 1: narrower columns would wrap a source on many lines
MAX_SHARE = 0.22  # of the page's height, at most, for sources under the map
_BREAKS = "/-_.?&="  # where a long URL may go on to the next line
_PAD, _GAP = 10.0, 24.0


@dataclass
class Footer:
    """The sources laid out for a box: a "Sources" heading, whole numbered sources in columns
    (down, then across; a long one wrapped, never cut), then the credit, wrapped too."""

    scale: float
    credit: list[str] = field(default_factory=list)  # the credit's lines
    columns: list[list[str]] = field(default_factory=list)  # each column's lines
    column_width: float = 0.0
    cited: int = 0  # sources listed (the rest are counted in a last line)
    sources: int = 0  # sources the page shows, listed or not

    @property
    def lines(self) -> list[str]:
        return [line for column in self.columns for line in column]

    @property
    def line_height(self) -> float:
        return metrics(_font(self.scale)).lineSpacing()

    @property
    def height(self) -> float:
        rows = max((len(c) for c in self.columns), default=0)
        lines = rows + (1 if rows else 0) + len(self.credit)
        return 0.0 if not lines else lines * self.line_height + 2 * _PAD * self.scale

    def paint(self, painter: QPainter, rect: QRectF, transparent: bool = False) -> None:
        """Draw the block in `rect` (as wide as laid out for, `height` high), under a rule
        across its top (on the band's own rule when it stands beside the legend)."""
        s = self.scale
        painter.save()
        if not transparent:
            painter.fillRect(rect, QColor("white"))
        painter.setPen(style.cosmetic_pen(style.PANEL_EDGE, 1.0 * s))
        painter.drawLine(rect.topLeft(), rect.topRight())
        font, step = _font(s), self.line_height
        left = rect.left() + _PAD * s
        baseline = rect.top() + _PAD * s + metrics(font).ascent()
        if self.columns:
            draw_halo_text(painter, QPointF(left, baseline), "Sources", _font(s, bold=True),
                           style.TEXT, 0)
            baseline += step
            for i, column in enumerate(self.columns):
                x = left + i * (self.column_width + _GAP * s)
                for row, text in enumerate(column):
                    draw_halo_text(painter, QPointF(x, baseline + row * step), text, font,
                                   style.TEXT, 0)
            baseline += max(len(c) for c in self.columns) * step
        for line in self.credit:
            draw_halo_text(painter, QPointF(left, baseline), line, _font(s, italic=True),
                           style.LABEL, 0)
            baseline += step
        painter.restore()


def layout_footer(sources: list[Source], credit: str, width: float, max_height: float,
                  scale: float) -> Footer:
    """The sources for a box `width` px wide, no taller than `max_height` px: as many whole
    numbered sources as fit, in balanced columns (the rest counted in an "and N more sources"
    line); none at all when not even one fits (the credit then stays on the map)."""
    s = scale
    inner = width - 2 * _PAD * s
    count = max(1, int((inner + _GAP * s) // ((COLUMN_WIDTH + _GAP) * s)))
    column_width = (inner - _GAP * s * (count - 1)) / count
    footer = Footer(s, wrap_text(credit, _font(s, italic=True), inner) if credit else [],
                    column_width=column_width, sources=len(sources))
    rows = int((max_height - 2 * _PAD * s) // footer.line_height) - len(footer.credit) - 1
    notes = [wrap_text(Footnote(i + 1, source).text, _font(s), column_width)
             for i, source in enumerate(sources)]
    for cited in range(len(notes), 0, -1):
        more = len(notes) - cited
        blocks = notes[:cited] + ([[more_sources_text(more)]] if more else [])
        columns = _balanced(blocks, count, rows)
        if columns is not None:
            footer.columns, footer.cited = columns, cited
            return footer
    return Footer(s, sources=len(sources))


def _balanced(blocks: list[list[str]], count: int, rows: int) -> list[list[str]] | None:
    """The blocks (never split) in at most `count` columns of at most `rows` lines, the
    columns as short as that allows; None when they do not fit."""
    total = sum(len(b) for b in blocks)
    for height in range(max(1, -(-total // count)), rows + 1):
        columns: list[list[str]] = [[]]
        for block in blocks:
            if len(block) > height:
                return None
            if len(columns[-1]) + len(block) > height:
                columns.append([])
            columns[-1] += block
        if len(columns) <= count:
            return columns
    return None


def wrap_text(text: str, font: QFont, width: float) -> list[str]:
    """The text in lines no wider than `width`, broken between words (a word too long for a
    line, such as a URL, after a slash or a dash, or wherever it must); remembered, as a
    page's layout tries many widths for the same sources."""
    key = (font_key(font), text, round(width, 2))
    found = _WRAPPED.get(key)
    if found is None:
        if len(_WRAPPED) > 20_000:
            _WRAPPED.clear()
        found = _WRAPPED[key] = _wrap(text, font, width)
    return list(found)


_WRAPPED: dict[tuple[str, str, float], tuple[str, ...]] = {}


def _wrap(text: str, font: QFont, width: float) -> tuple[str, ...]:
    measure = metrics(font).horizontalAdvance
    lines: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else word
        if measure(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        while measure(word) > width:
            cut = _longest_fit(word, measure, width)
            mark = max(word.rfind(c, 0, cut) for c in _BREAKS) + 1
            cut = mark if mark > cut // 3 else cut
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    return (*lines, line) if line else tuple(lines)


def _longest_fit(word: str, measure, width: float) -> int:
    """How many of the word's first characters fit in `width` (at least one), by bisection."""
    low, high = 1, len(word) - 1  # word[:high + 1] is known not to fit
    while low < high:
        middle = (low + high + 1) // 2
        if measure(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _font(scale: float, bold: bool = False, italic: bool = False) -> QFont:
    return style.font(10.5 * scale, bold=bold, italic=italic)
