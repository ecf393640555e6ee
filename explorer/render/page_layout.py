"""Where the parts of an exported page go: the map first, then its legend and its sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QPointF, QRectF, QSizeF

from explorer.model.legend import LegendEntry
from explorer.render.footnotes import MAX_SHARE, MIN_COLUMN_WIDTH, Footer
from explorer.render.legend import legend_size
from explorer.render.north_arrow import north_arrow_size

if TYPE_CHECKING:
    from explorer.model.history import History

MAP_SHARE = 0.65  # of the page's area, at least, for the map (and network) panels
SMALL_MAP_SHARE = 0.4  # on a page too small for that: of the body's height or width
BRIEFING_MAP_SHARE = 0.58  # of a briefing's body width (height, on a portrait page): the map
BRIEFING_GAP = 12.0  # px (at scale 1) between a briefing's map and network
LEGEND_SHARE = 0.1  # of the map's area, at most, for a legend on it (else under or beside)
MARGIN = 12.0  # px (at scale 1) between the map's frame and what stands on it
CREDIT_HEIGHT = 26.0  # px (at scale 1) the attribution takes at the bottom of the map
STRIP_ROW = 11.0  # px (at scale 1) a row of a briefing's history strip takes
STRIP_AXIS = 30.0  # px (at scale 1) the strip's years take under its rows
STRIP_SHARE = 0.3  # of the panels' height, at most, for the history strip
COMPACT_LEGEND = 0.86  # of the page's scale: a band's legend text when no source fits otherwise
MIN_NOTES = 3  # a band citing fewer sources than this is taken only when none cites more
_SIDE_PAD = 16.0

Place = Literal["map", "band", "side"]
LegendFor = Callable[[QRectF], list[LegendEntry]]  # the legend of the map in a panel
# width, max height, the panels (the map's, a briefing's network and strip) -> sources
FooterFor = Callable[[float, float, "PageLayout"], Footer]


@dataclass
class PageLayout:
    """The page's panels in device pixels. The legend is on the map (top right), in a band
    under the panels (in columns, the sources beside it) or in a column beside the map, in
    `legend` with columns no taller than `legend_height`; the sources fill `footer_rect`.
    `size` is the whole page: wider than asked when the legend needed a column of its own."""

    size: QSizeF
    map: QRectF
    network: QRectF | None = None
    history: QRectF | None = None  # a briefing's history strip, under the map and the network
    histories: list[History] = field(default_factory=list)  # what the strip charts
    arrow: QRectF | None = None
    entries: list[LegendEntry] = field(default_factory=list)
    legend: QRectF | None = None
    legend_place: Place | None = None
    legend_height: float = 0.0
    legend_scale: float | None = None  # its text's scale when not the page's (a crowded band)
    footer: Footer = field(default_factory=lambda: Footer(1.0))
    footer_rect: QRectF | None = None

    @property
    def panels_share(self) -> float:
        """The share of the page's area the map (and the network) panels take."""
        area = self.map.width() * self.map.height()
        for panel in (self.network, self.history):
            if panel is not None:
                area += panel.width() * panel.height()
        return area / (self.size.width() * self.size.height())

    @property
    def sources_left_out(self) -> bool:
        """Whether the page shows sourced records but has no room for a single source."""
        return self.footer.sources > 0 and not self.footer.cited


@dataclass(frozen=True)
class PageSpec:
    """What a page holds: the scale, the briefing's network, the furniture, and the callables
    that give the legend and the sources of the map as laid out."""

    scale: float
    legend_for: LegendFor
    footer_for: FooterFor
    briefing: bool = False
    strip_rows: int = 0  # the rows a briefing's history strip asks for (0: no strip)
    north_arrow: bool = True
    attribution: bool = True
    sources: bool = True

    def footer(self, width: float, most: float, panels: PageLayout) -> Footer:
        """The sources for a box `width` px wide and at most `most` px high beside the map
        in `panels` (none when they are off; none listed, but counted, when no room)."""
        if not self.sources:
            return Footer(self.scale)
        return self.footer_for(width, max(0.0, most), panels)


def split(body: QRectF, scale: float, side_by_side: bool = True) -> tuple[QRectF, QRectF]:
    """The map's and the network's panels: side by side (landscape pages), or stacked."""
    gap = BRIEFING_GAP * scale
    if side_by_side:
        width = (body.width() - gap) * BRIEFING_MAP_SHARE
        return (QRectF(body.left(), body.top(), width, body.height()),
                QRectF(body.left() + width + gap, body.top(), body.width() - width - gap,
                       body.height()))
    height = (body.height() - gap) * BRIEFING_MAP_SHARE
    return (QRectF(body.left(), body.top(), body.width(), height),
            QRectF(body.left(), body.top() + height + gap, body.width(),
                   body.height() - height - gap))


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


def layout_page(page: QRectF, top: float, spec: PageSpec, grow: bool = True) -> PageLayout:
    """Lay out `page` under a title `top` px high, the map first: the legend on the map when
    it is small, else in a band under the map with the sources beside it or in a column
    beside the map, the map keeping MAP_SHARE of the page (SMALL_MAP_SHARE of a small one).
    A legend that fits nowhere widens the page by a column of its own (`grow`), or covers the
    map; it is never left out. The legend is that of the map as laid out."""
    body = QRectF(page.left(), page.top() + top, page.width(), page.height() - top)
    entries = spec.legend_for(body)
    layout = _layout(page, body, spec, entries, grow)
    for _ in range(2):  # a map of another shape may show more or less
        found = spec.legend_for(layout.map)
        if found == entries:
            break
        entries = found
        layout = _layout(page, body, spec, entries, grow)
    if spec.north_arrow:
        credit = spec.attribution and not layout.footer.columns
        layout.arrow = arrow_box(layout.map, spec.scale, credit)
    return layout


def _layout(page: QRectF, body: QRectF, spec: PageSpec, entries: list[LegendEntry],
            grow: bool) -> PageLayout:
    s, area = spec.scale, page.width() * page.height()
    sources = (max(0.0, min(MAX_SHARE * page.height(), body.height() - MAP_SHARE * page.height()))
               if spec.sources else 0.0)
    if not entries:
        return _under(page, body, spec, entries, 0.0, sources)
    on_map = _on_map(page, body, spec, entries, sources)
    if on_map is not None:
        return on_map
    for share in (MAP_SHARE * area, 0.0):
        choices = [c for c in (_band(page, body, spec, entries, sources, share),
                               _side(page, body, spec, entries, sources, share)) if c]
        if share and spec.sources and not any(c.footer.cited for c in choices):
            # a legend so long that no source fits beside a map of its full share: the
            # legend's text a little smaller in the band
            compact = _band(page, body, spec, entries, sources, share, COMPACT_LEGEND * s)
            choices += [compact] if compact is not None and compact.footer.cited else []
        if choices:
            return max(choices, key=lambda c: (c.footer.cited > 0, c.panels_share))
    if grow:
        return _grown(page, body, spec, entries, sources)
    layout = _under(page, body, spec, entries, 0.0, sources)  # no room: over the map
    return _put_on_map(layout, spec, entries, legend_room(layout.map, s, None))


def _panels(body: QRectF, right: float, below: float, spec: PageSpec) -> PageLayout:
    """The map (and a briefing's network and history strip) panels of `body`, `right` px kept
    free beside and `below` px under them; the page's size is the caller's to set."""
    s = spec.scale
    rest = QRectF(body.left(), body.top(), body.width() - right, body.height() - below)
    if not spec.briefing:
        return PageLayout(QSizeF(), rest)
    strip = None
    if spec.strip_rows:
        height = min((spec.strip_rows * STRIP_ROW + STRIP_AXIS) * s, STRIP_SHARE * rest.height())
        strip = QRectF(rest.left(), rest.bottom() - height, rest.width(), height)
        rest.setBottom(strip.top() - BRIEFING_GAP * s)
    map_rect, network = split(rest, s, side_by_side=body.width() >= body.height())
    return PageLayout(QSizeF(), map_rect, network, strip)


def _settled(page: QRectF, body: QRectF, spec: PageSpec, right: float,
             below: Callable[[Footer], float], footer_of: Callable[[PageLayout], Footer]
             ) -> PageLayout:
    """The panels with `right` px kept free beside them and `below(footer)` px under them,
    the sources settled for the map they end up beside (a shorter map may show more, hence
    cite more)."""
    footer = Footer(spec.scale)
    for _ in range(4):
        settled = footer_of(_panels(body, right, below(footer), spec))
        done = settled.height == footer.height
        footer = settled
        if done:
            break
    layout = _panels(body, right, below(footer), spec)
    layout.size, layout.footer = page.size(), footer
    return layout


def _under(page: QRectF, body: QRectF, spec: PageSpec, entries: list[LegendEntry],
           right: float, most: float) -> PageLayout:
    """The panels with the sources across the page under them (at most `most` px high),
    `right` px kept free beside the panels."""
    layout = _settled(page, body, spec, right, lambda footer: footer.height,
                      lambda panels: spec.footer(page.width(), most, panels))
    layout.entries = entries
    footer = layout.footer
    if footer.columns:
        layout.footer_rect = QRectF(page.left(), page.bottom() - footer.height, page.width(),
                                    footer.height)
    return layout


def _on_map(page: QRectF, body: QRectF, spec: PageSpec, entries: list[LegendEntry],
            sources: float) -> PageLayout | None:
    """The legend on the map when it takes one column and at most LEGEND_SHARE of it."""
    s = spec.scale
    layout = _under(page, body, spec, entries, 0.0, sources)
    arrow = arrow_box(layout.map, s, False) if spec.north_arrow else None
    room = legend_room(layout.map, s, arrow)
    size = legend_size(entries, s)
    if (size.height() > room or size.width() * size.height()
            > LEGEND_SHARE * layout.map.width() * layout.map.height()):
        return None
    return _put_on_map(layout, spec, entries, room)


def _put_on_map(layout: PageLayout, spec: PageSpec, entries: list[LegendEntry],
                room: float) -> PageLayout:
    s = spec.scale
    size = legend_size(entries, s, max_height=room)
    layout.legend = QRectF(QPointF(layout.map.right() - size.width() - MARGIN * s,
                                   layout.map.top() + MARGIN * s), size)
    layout.legend_place, layout.legend_height = "map", room
    return layout


def _band(page: QRectF, body: QRectF, spec: PageSpec, entries: list[LegendEntry],
          sources: float, least_map: float, legend_scale: float | None = None
          ) -> PageLayout | None:
    """The legend in balanced columns in a band under the panels, the sources in the columns
    beside it or across the page under it. Of the legend's arrangements (few tall columns to
    many short ones), the one citing the most sources, a band no taller than the sources'
    usual height (`sources`) preferred once it cites MIN_NOTES (with no `least_map`, the
    shortest band citing any); the legend alone when no source fits. None when the legend
    does not fit under a map of `least_map` px² (or of SMALL_MAP_SHARE of the body's height
    when 0). The legend's text at `legend_scale` (default: the page's)."""
    s, margin = spec.scale, MARGIN * spec.scale
    most = (body.height() - least_map / body.width() if least_map
            else body.height() * (1 - SMALL_MAP_SHARE)) - margin
    sizes = _arrangements(entries, legend_scale or s, body.width() - 2 * _SIDE_PAD * s, most)
    if not sizes:
        return None
    if not spec.sources:
        return _over_sources(page, body, spec, entries, sizes[-1], 0.0)
    usual = max(sizes[-1].height(), min(sources, most))
    layouts = [layout for size in sizes for layout in (
        _beside_sources(page, body, spec, entries, size, max(size.height(), usual)),
        _over_sources(page, body, spec, entries, size,
                      min(sources, most - size.height() - margin))) if layout is not None]

    def rank(layout: PageLayout) -> tuple[float, ...]:
        cited, band = layout.footer.cited, page.bottom() - layout.legend.top()
        if not least_map:  # the map is short of its share already: the least band citing
            return min(cited, 1), layout.panels_share
        return min(cited, MIN_NOTES), band <= usual + margin + 0.5, cited, layout.panels_share

    best = max(layouts, key=rank)
    best.legend_scale = legend_scale
    return best


def _beside_sources(page: QRectF, body: QRectF, spec: PageSpec, entries: list[LegendEntry],
                    legend: QSizeF, most: float) -> PageLayout | None:
    """The band with a legend of size `legend` on its left and the sources, at most `most`
    px high, in the columns to its right; None when they have no room there."""
    s = spec.scale
    left = page.left() + 2 * _SIDE_PAD * s + legend.width()
    width = page.right() - left
    if width < MIN_COLUMN_WIDTH * s:
        return None
    layout = _settled(page, body, spec, 0.0,
                      lambda footer: max(legend.height(), footer.height) + MARGIN * s,
                      lambda panels: spec.footer(width, most, panels))
    height = max(legend.height(), layout.footer.height)
    top = page.bottom() - height
    return _put_in_band(layout, entries, QRectF(QPointF(page.left() + _SIDE_PAD * s, top), legend),
                        QRectF(left, top, width, height))


def _over_sources(page: QRectF, body: QRectF, spec: PageSpec, entries: list[LegendEntry],
                  legend: QSizeF, most: float) -> PageLayout:
    """The band with a legend of size `legend` over the sources, which run across the page
    at most `most` px high (none when that is 0)."""
    s = spec.scale
    layout = _settled(page, body, spec, 0.0,
                      lambda footer: legend.height() + footer.height + MARGIN * s,
                      lambda panels: spec.footer(page.width(), most, panels))
    top = page.bottom() - layout.footer.height - legend.height()
    return _put_in_band(layout, entries, QRectF(QPointF(page.left() + _SIDE_PAD * s, top), legend),
                        QRectF(page.left(), top + legend.height(), page.width(),
                               layout.footer.height))


def _put_in_band(layout: PageLayout, entries: list[LegendEntry], legend: QRectF,
                 footer: QRectF) -> PageLayout:
    layout.entries, layout.legend_place = entries, "band"
    layout.legend, layout.legend_height = legend, legend.height()
    layout.footer_rect = footer if layout.footer.columns else None
    return layout


def _side(page: QRectF, body: QRectF, spec: PageSpec, entries: list[LegendEntry],
          sources: float, least_map: float) -> PageLayout | None:
    """The legend in a column beside a lone map, the sources across the page under both;
    None when the map would keep less than `least_map` px² (or SMALL_MAP_SHARE of the
    body's width when 0)."""
    if spec.briefing:
        return None
    s = spec.scale
    layout = _under(page, body, spec, entries, 0.0, sources)
    size = legend_size(entries, s, max_height=layout.map.height())
    right = size.width() + 2 * _SIDE_PAD * s
    layout = _under(page, body, spec, entries, right, sources)
    kept = layout.map.width() * layout.map.height()
    if (layout.map.width() < SMALL_MAP_SHARE * body.width() or kept < least_map
            or legend_size(entries, s, max_height=layout.map.height()).width() > size.width()):
        return None
    return _put_beside(layout, entries, s)


def _put_beside(layout: PageLayout, entries: list[LegendEntry], s: float) -> PageLayout:
    layout.legend_height = layout.map.height()
    layout.legend = QRectF(QPointF(layout.map.right() + _SIDE_PAD * s, layout.map.top()),
                           legend_size(entries, s, max_height=layout.legend_height))
    layout.legend_place = "side"
    return layout


def _grown(page: QRectF, body: QRectF, spec: PageSpec, entries: list[LegendEntry],
           sources: float) -> PageLayout:
    """The page as asked with a column added on its right for the legend (the sources run
    under both)."""
    s = spec.scale
    asked = _under(page, body, spec, entries, 0.0, sources)
    right = legend_size(entries, s, max_height=asked.map.height()).width() + 2 * _SIDE_PAD * s
    wider = QRectF(page.left(), page.top(), page.width() + right, page.height())
    layout = _under(wider, QRectF(body.left(), body.top(), wider.width(), body.height()), spec,
                    entries, right, sources)
    return _put_beside(layout, entries, s)


def _arrangements(entries: list[LegendEntry], s: float, width: float,
                  most: float) -> list[QSizeF]:
    """The legend's sizes in balanced columns no wider than `width` and no taller than
    `most`, from its fewest (tallest) columns to its most (shortest)."""
    sizes: list[QSizeF] = []
    height = most
    while height > 0:
        size = legend_size(entries, s, max_height=height)
        if size.height() > height or size.width() > width:
            break
        sizes.append(size)
        height = size.height() - 1.0
    return sizes
