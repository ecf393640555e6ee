"""Paint the legend entries (explorer.model.legend) in a box: for the dock and every export."""

from __future__ import annotations

from itertools import groupby

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QLinearGradient, QPainter

from explorer.model.legend import LegendEntry, Symbol
from explorer.render import style
from explorer.render.density import MIN_ALPHA, ramp_colours
from explorer.render.themes import symbols
from explorer.render.themes.shading import Shape, alliance_shading, count_shading, paint_shapes
from explorer.render.user_layers import FILL_ALPHA

_SWATCH_W, _ROW_H, _PAD, _GAP = 26.0, 17.0, 10.0, 8.0


Row = tuple[str, object]  # ("title" | "section" | "entry", text or LegendEntry)


def legend_columns(entries: list[LegendEntry], scale: float = 1.0, title: str | None = "Legend",
                   max_height: float | None = None) -> list[list[Row]]:
    """The rows of the legend in as few columns no taller than max_height (device px) as
    they take, balanced (as short as that many columns allow). A heading is never the last
    row of a column, and a section that runs on into the next column is not headed again."""
    if not entries:
        return []
    rows: list[Row] = [("title", title)] if title else []
    for section, group in groupby(entries, key=lambda e: e.section):
        rows.append(("section", section))
        rows += [("entry", e) for e in group]
    if not max_height:
        return [rows]
    most = max(3, int((max_height - 2 * _PAD * scale) / (_ROW_H * scale) + 1e-6))
    columns = _fill(rows, most)
    for per_column in range(-(-len(rows) // len(columns)), most):
        balanced = _fill(rows, per_column)
        if len(balanced) <= len(columns):
            return balanced
    return columns


def _fill(rows: list[Row], per_column: int) -> list[list[Row]]:
    """The rows down columns of `per_column` rows, headings moved on with their first entry."""
    columns: list[list[Row]] = [[]]
    for i, row in enumerate(rows):
        together = 1
        if row[0] != "entry":  # the headings that follow each other, and one entry
            together = next((n for n, r in enumerate(rows[i:], 1) if r[0] == "entry"), 1)
        if columns[-1] and len(columns[-1]) + together > per_column:
            columns.append([])
        columns[-1].append(row)
    return columns


def _column_width(column: list[Row], scale: float) -> float:
    text = QFontMetricsF(style.font(12 * scale))
    heading = QFontMetricsF(style.font(13 * scale, bold=True))
    widths = [text.horizontalAdvance(item.label) + (_SWATCH_W + _GAP) * scale
              if kind == "entry" else heading.horizontalAdvance(str(item))
              for kind, item in column]
    return max(widths)


def legend_size(entries: list[LegendEntry], scale: float = 1.0, title: str | None = "Legend",
                max_height: float | None = None) -> QSizeF:
    """The box the legend needs, in device pixels."""
    columns = legend_columns(entries, scale, title, max_height)
    if not columns:
        return QSizeF(0, 0)
    width = sum(_column_width(c, scale) for c in columns) + _GAP * 2 * scale * (len(columns) - 1)
    rows = max(len(c) for c in columns)
    return QSizeF(width + 2 * _PAD * scale, rows * _ROW_H * scale + 2 * _PAD * scale)


def paint_legend(painter: QPainter, top_left: QPointF, entries: list[LegendEntry],
                 scale: float = 1.0, title: str | None = "Legend", panel: bool = True,
                 max_height: float | None = None) -> QRectF:
    """Draw the legend with its top-left corner at top_left; returns the box it covers."""
    box = QRectF(top_left, legend_size(entries, scale, title, max_height))
    columns = legend_columns(entries, scale, title, max_height)
    if not columns:
        return box
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if panel:
        painter.setPen(style.cosmetic_pen(style.PANEL_EDGE, 0.8 * scale))
        painter.setBrush(style.PANEL)
        painter.drawRoundedRect(box, 5 * scale, 5 * scale)
    row_h = _ROW_H * scale
    regular, bold = style.font(12 * scale), style.font(12 * scale, bold=True)
    fonts = {"title": style.font(13 * scale, bold=True), "section": bold}
    ascent = QFontMetricsF(regular).ascent()
    x = box.left() + _PAD * scale
    for column in columns:
        y = box.top() + _PAD * scale
        for kind, item in column:
            painter.setPen(style.TEXT)
            if kind == "entry":
                swatch = QRectF(x, y + 3 * scale, _SWATCH_W * scale, row_h - 7 * scale)
                paint_symbol(painter, swatch, item.symbol, scale)
                painter.setFont(regular)
                painter.setPen(style.TEXT)
                painter.drawText(QPointF(x + (_SWATCH_W + _GAP) * scale, y + ascent), item.label)
            else:
                painter.setFont(fonts[kind])
                painter.drawText(QPointF(x, y + ascent), str(item))
            y += row_h
        x += _column_width(column, scale) + 2 * _GAP * scale
    painter.restore()
    return box


def paint_symbol(painter: QPainter, rect: QRectF, symbol: Symbol, scale: float = 1.0) -> None:
    """One legend swatch, drawn by the very functions the map's theme items use."""
    painter.save()
    centre = rect.center()
    if symbol.kind in ("alliance", "count"):
        found = (alliance_shading(symbol.organization, symbol.org_index, symbol.role)
                 if symbol.kind == "alliance" else count_shading(symbol.count, symbol.total))
        paint_shapes(painter, [(Shape.of_box(rect), [found] if found else [])], scale)
        _outline(painter, rect, scale)
    elif symbol.kind in ("line", "pipe"):
        width = symbols.ROUTE_WIDTH * (symbols.PIPE_WIDTH if symbol.kind == "pipe" else 1.0)
        pen = symbols.route_pen(QColor(symbol.colour), symbol.status, width * 1.2 * scale)
        strokes = [] if pen is None else [pen]
        if pen is not None and symbol.kind == "pipe":
            strokes.append(symbols.pipe_core(pen))
        for stroke in strokes:
            painter.setPen(stroke)
            painter.drawLine(QPointF(rect.left(), centre.y()), QPointF(rect.right(), centre.y()))
    elif symbol.kind == "area":
        fill = QColor(symbol.colour)
        fill.setAlphaF(FILL_ALPHA)
        painter.setBrush(fill)
        painter.setPen(style.cosmetic_pen(QColor(symbol.colour), 1.2 * scale))
        painter.drawRect(rect)
    elif symbol.kind == "density":
        _paint_density_swatch(painter, rect, symbol.colour)
    elif symbol.kind == "ring":
        symbols.draw_event_ring(painter, centre, symbols.EVENT_RADIUS * 0.8 * scale, 1.0, scale)
    else:
        size = symbols.BASE_SIZE if symbol.shape == "triangle" else 10.0
        symbols.draw_marker(painter, symbol.shape, centre, size * scale, QColor(symbol.colour),
                            scale, hollow=symbol.status != "operating")
    painter.restore()


def _paint_density_swatch(painter: QPainter, rect: QRectF, colour: str) -> None:
    """Counts per cell, sparse (left) to crowded (right): the ramp's colours, or a category's
    colour from faint to full, as explorer.render.density shades them."""
    gradient = QLinearGradient(rect.topLeft(), rect.topRight())
    if colour:
        faint = QColor(colour)
        faint.setAlpha(MIN_ALPHA)
        gradient.setColorAt(0.0, faint)
        gradient.setColorAt(1.0, QColor(colour))
    else:
        ramp = ramp_colours(8)
        for i, (r, g, b, a) in enumerate(ramp):
            gradient.setColorAt(i / (len(ramp) - 1), QColor(int(r), int(g), int(b), int(a)))
    painter.fillRect(rect, gradient)


def _outline(painter: QPainter, rect: QRectF, scale: float) -> None:
    painter.setPen(style.cosmetic_pen(style.BORDER, 0.7 * scale))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)
