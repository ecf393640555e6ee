"""Where the parts of an exported page go: the map, the network, the legend, the footer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from PySide6.QtCore import QPointF, QRectF, QSizeF

from explorer.model.legend import LegendEntry
from explorer.render.briefing import split
from explorer.render.footnotes import Footer
from explorer.render.legend import legend_size
from explorer.render.north_arrow import north_arrow_size

LEGEND_SHARE = 0.2  # of the map's area, at most, for a legend on it (else beside or under it)
OUTSIDE_SHARE = 0.4  # of the body's width (beside) or height (under), at least, for the map
MARGIN = 12.0  # px (at scale 1) between the map's frame and what stands on it
CREDIT_HEIGHT = 26.0  # px (at scale 1) the attribution takes at the bottom of the map
_SIDE_PAD = 16.0


@dataclass
class PageLayout:
    """The page's panels in device pixels. The legend is on the map (top right), beside it
    (a column on the right) or under the panels (a band in columns), in `legend` with columns
    no taller than `legend_height`."""

    map: QRectF
    network: QRectF | None = None
    arrow: QRectF | None = None
    legend: QRectF | None = None
    legend_place: Literal["map", "side", "band"] | None = None
    legend_height: float = 0.0
    footer: Footer = field(default_factory=lambda: Footer(1.0))


def arrow_box(target: QRectF, s: float, credit: bool) -> QRectF:
    """The north arrow's box: bottom right of the map, above the attribution if it is there."""
    size = north_arrow_size(s)
    bottom = MARGIN * s + (CREDIT_HEIGHT * s if credit else 0.0)
    return QRectF(QPointF(target.right() - MARGIN * s - size.width(),
                          target.bottom() - bottom - size.height()), size.size())


def legend_room(target: QRectF, s: float, arrow: QRectF | None) -> float:
    """The height a legend on the map may take: from the top margin down to the arrow (or
    clear of the scale bar and the attribution)."""
    bottom = arrow.top() if arrow is not None else target.bottom() - 40 * s
    return bottom - target.top() - 2 * MARGIN * s


def layout_page(body: QRectF, s: float, entries: list[LegendEntry], briefing: bool,
                north_arrow: bool, attribution: bool, footer_for: Callable[[QRectF], Footer],
                max_footer: float) -> PageLayout:
    """Lay out the page's `body` (under the title): the legend where it hides least, then a
    footer settled for the map it ends up under (`footer_for(map_rect)`; a shorter map may
    show more, hence cite more), no taller than `max_footer`; the attribution goes on the
    map when the footer does not carry it."""
    place, outside, tallest = _legend_place(body, s, entries, briefing, north_arrow,
                                                 max_footer)
    side = outside.width() + 2 * _SIDE_PAD * s if place == "side" else 0.0
    band = outside.height() + MARGIN * s if place == "band" else 0.0
    footer = Footer(s)
    for _ in range(4):
        layout = _panels(body, side, band + footer.height, s, briefing)
        settled = footer_for(layout.map)
        done = settled.height == footer.height
        footer = settled
        if done:
            break
    layout = _panels(body, side, band + footer.height, s, briefing)
    layout.footer = footer
    if north_arrow:
        layout.arrow = arrow_box(layout.map, s, attribution and not footer.lines)
    layout.legend_place = place
    if place == "map":
        layout.legend_height = legend_room(layout.map, s, layout.arrow)
        size = legend_size(entries, s, max_height=layout.legend_height)
        layout.legend = QRectF(QPointF(layout.map.right() - size.width() - MARGIN * s,
                                       layout.map.top() + MARGIN * s), size)
    elif place == "side":
        layout.legend_height = tallest
        layout.legend = QRectF(QPointF(layout.map.right() + _SIDE_PAD * s, layout.map.top()),
                               outside)
    elif place == "band":
        layout.legend_height = tallest
        bottom = max(layout.map.bottom(), layout.network.bottom() if layout.network else 0.0)
        layout.legend = QRectF(QPointF(body.left() + _SIDE_PAD * s, bottom + MARGIN * s),
                               outside)
    return layout


def _panels(body: QRectF, right: float, below: float, s: float, briefing: bool) -> PageLayout:
    rest = QRectF(body.left(), body.top(), body.width() - right, body.height() - below)
    if briefing:
        map_rect, network = split(rest, s, side_by_side=body.width() >= body.height())
        return PageLayout(map_rect, network)
    return PageLayout(rest)


def _legend_place(body: QRectF, s: float, entries: list[LegendEntry], briefing: bool,
                  north_arrow: bool, max_footer: float
                  ) -> tuple[Literal["map", "side", "band"] | None, QSizeF, float]:
    """On the map when it fits in one column and covers at most LEGEND_SHARE of it (judged
    with the tallest footer). Else wherever the most map stays in sight, a map area hidden
    counting twice a map area given up: beside a lone map (a column on the right), under the
    panels (a band in as many columns as the width takes), or on the map in columns; on a
    page too small for all three, nowhere. Returns the place, the legend's size and the
    height its columns keep under."""
    if not entries:
        return None, QSizeF(0, 0), 0.0
    map_rect = _panels(body, 0.0, max_footer, s, briefing).map
    room = legend_room(map_rect, s, arrow_box(map_rect, s, False) if north_arrow else None)
    size = legend_size(entries, s)
    if (size.height() <= room and size.width() * size.height()
            <= LEGEND_SHARE * map_rect.width() * map_rect.height()):
        return "map", size, room
    height = body.height() - max_footer
    width = body.width() - 2 * _SIDE_PAD * s
    choices: list[tuple[float, Literal["map", "side", "band"], QSizeF, float]] = []
    on_map = legend_size(entries, s, max_height=room)
    if on_map.width() <= map_rect.width() - 2 * MARGIN * s:
        hidden = on_map.width() * on_map.height()
        choices.append((map_rect.width() * map_rect.height() - 2 * hidden, "map", on_map, room))
    if not briefing:
        side = legend_size(entries, s, max_height=height)
        left = body.width() - side.width() - 2 * _SIDE_PAD * s
        if left >= OUTSIDE_SHARE * body.width():
            choices.append((left * height, "side", side, height))
    band = _shortest_band(entries, s, size.height(), width)
    left = height - band[0].height() - MARGIN * s
    if band[0].width() <= width and left >= OUTSIDE_SHARE * height:
        choices.append((body.width() * left, "band", *band))
    if not choices:  # a page too small for it: a legend cut off and hiding the map helps none
        return None, QSizeF(0, 0), 0.0
    _, place, size, tallest = max(choices, key=lambda choice: choice[0])
    return place, size, tallest


def _shortest_band(entries: list[LegendEntry], s: float, tallest: float,
                   width: float) -> tuple[QSizeF, float]:
    """The legend in as many columns as `width` takes (the lowest column height whose legend
    still fits, found by bisection), and that height."""
    low, high = 0.0, tallest
    for _ in range(12):
        middle = (low + high) / 2
        if legend_size(entries, s, max_height=middle).width() <= width:
            high = middle
        else:
            low = middle
    return legend_size(entries, s, max_height=high), high
