"""Pipelines, power lines and canals: drawn as the routes are, through places and energy sites,
but as a tube (a white core) coloured by kind (oil, gas…): no railway is mistaken for one."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QColor, QPainter

from explorer.model.atlas_themes.pipelines import COLOURS
from explorer.render.themes import symbols
from explorer.render.themes.routes import RoutesItem


class PipelinesItem(RoutesItem):
    """The pipelines in their status on the date; labelled along the line."""

    key = "pipelines"
    label_priority = 55.0  # after the railways'

    def _records(self) -> list:
        return list(self.session.atlas.pipelines.values())

    def _points(self) -> Mapping:
        return self.session.atlas.points

    def _line_colours(self, records: list) -> list[QColor]:
        return [QColor(COLOURS[r.kind]) for r in records]

    def width(self, i: int) -> float:
        return super().width(i) * symbols.PIPE_WIDTH

    def _stroke(self, painter: QPainter, i: int) -> None:
        pen = self.pen(i)
        if pen is not None:
            painter.setPen(pen)
            painter.drawPath(self.paths[i])
            painter.setPen(symbols.pipe_core(pen))
            painter.drawPath(self.paths[i])
