"""A theme is one spec and one item class: a toy theme defined here, and nowhere else, shows in
the layers dock, the map's pixels and hit-testing, the legend, the footnotes, the inspector,
the search box and a project's round trip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainter

from explorer.model.atlas import Atlas
from explorer.model.citations import cited_sources
from explorer.model.detail_page import Page
from explorer.model.drawn import MapExtent, points_in, visible_records
from explorer.model.features import FeatureRef
from explorer.model.legend import LegendEntry, Symbol, legend_entries
from explorer.model.map_view import MapViewState
from explorer.model.project import Project
from explorer.model.project_session import apply_project, capture_project
from explorer.model.records import Place
from explorer.model.search import SearchEntry
from explorer.model.session import Session
from explorer.model.theme_specs import ThemeSpec, registered
from explorer.render.context import device_frame
from explorer.render.themes.base import PointThemeItem
from explorer.render.themes.layers import ITEMS
from explorer.ui.legend_dock import VIEW_SETTLE_MS
from tests.ui.helpers import new_window
from tests.ui.test_main_window import canvas_pixel

TOY_COLOUR = "#ff00ff"


def _capitals(atlas: Atlas) -> list[Place]:
    return [p for p in atlas.places.values() if p.kind == "capital"]


def _drawn(session: Session, extent: MapExtent | None) -> list[Place]:
    return points_in(_capitals(session.atlas), extent)


def _legend(session: Session, section: str, drawn: list[Place]) -> list[LegendEntry]:
    return [LegendEntry(section, "Toy capital", Symbol("marker", TOY_COLOUR, "circle"))]


def _page(page: Page, p: Place) -> None:
    page.table([("Toy of", page.actor(p.country)), ("Sources", page.cite(p))])


def _search(atlas: Atlas) -> list[SearchEntry]:
    return [SearchEntry(f"Toy {p.name}", (FeatureRef("toy", p.id),), f"Toy {p.name}", "toy",
                        "toy") for p in _capitals(atlas)]


TOY = ThemeSpec("toys", "Toy capitals", "toy", "places", drawn=_drawn, legend=_legend,
                about=lambda atlas, p: f"toy capital of {p.country}", page=_page,
                search=_search, actors=lambda p: {p.country})


class ToyItem(PointThemeItem):
    """A large magenta disc on every capital."""

    key = "toys"

    def __init__(self, context, session) -> None:
        records = _capitals(session.atlas)
        super().__init__(context, session, [p.id for p in records],
                         np.array([p.lon for p in records]), np.array([p.lat for p in records]))
        self.on_projection_changed()

    def _refresh(self) -> bool:
        return self._set_masks(np.ones(len(self.ids), bool), np.zeros(len(self.ids), bool))

    def paint(self, painter: QPainter, *args) -> None:
        _, dx, dy = self.device_xy(painter, self.drawn, device_frame(self, painter), 20)
        painter.save()
        painter.resetTransform()
        painter.setPen(QColor(TOY_COLOUR))
        painter.setBrush(QColor(TOY_COLOUR))
        for x, y in zip(dx, dy, strict=True):
            painter.drawEllipse(QPointF(x, y), 9, 9)
        painter.restore()


@pytest.fixture
def toy(monkeypatch) -> Iterator[ThemeSpec]:
    monkeypatch.setitem(ITEMS, ToyItem.key, ToyItem)
    with registered(TOY) as spec:
        yield spec


def test_a_toy_theme_is_everywhere_a_theme_is(toy, qtbot, tmp_path) -> None:
    # (toy before qtbot: the window goes before the theme it shows is unregistered)
    window = new_window(qtbot)
    session = window.session
    session.time.date = dt.date(2003, 6, 1)
    tashkent = session.atlas.places["tashkent"]

    # the layers dock lists it, on top; the map draws it and hit-testing finds it
    assert window.docks["layers"].layer_list.keys()[0] == "toys"
    image = window.canvas.grab().toImage()
    assert canvas_pixel(window, image, tashkent.lon, tashkent.lat) == QColor(TOY_COLOUR)
    x, y = window.map_scene.projection.forward(tashkent.lon, tashkent.lat)
    assert window.map_scene.feature_at(float(x), float(y), 5_000.0) == FeatureRef(
        "toy", "tashkent")

    # the legend and the footnotes: with the places hidden, the toy alone cites the gazetteer
    assert ("Toy capitals", "Toy capital") in [(e.section, e.label)
                                               for e in legend_entries(session)]
    session.themes.layer("places").visible = False
    cited = {s.id for s in cited_sources(session.atlas, visible_records(session, None))}
    assert set(tashkent.sources) <= cited
    session.themes.layer("toys").visible = False
    cited = {s.id for s in cited_sources(session.atlas, visible_records(session, None))}
    assert not set(tashkent.sources) <= cited
    session.themes.layer("toys").visible = True

    # the search box finds it and selecting it fills the inspector
    entry = window.search_box.select_text("Toy Tashkent")
    assert entry is not None and session.selection.features == {FeatureRef("toy", "tashkent")}
    inspector = window.docks["inspector"].browser.toPlainText()
    assert "Tashkent" in inspector and "Toy of" in inspector and "Uzbekistan" in inspector

    # a project keeps its settings and its selection
    session.themes.layer("toys").opacity = 0.5
    project = capture_project(session, MapViewState(), tmp_path)
    again = Project.model_validate_json(project.model_dump_json())
    fresh = Session(session.atlas)
    apply_project(again, fresh, MapViewState())
    assert fresh.themes.layer("toys").opacity == 0.5
    assert fresh.selection.features == {FeatureRef("toy", "tashkent")}
    # the closed window's deferred legend refresh runs while the toy is still registered (it
    # fired in a later test, after the fixture had unregistered the theme)
    window.close()
    qtbot.wait(2 * VIEW_SETTLE_MS)


def test_a_project_with_the_toy_opens_in_a_build_without_it(session, tmp_path) -> None:
    with registered(TOY):
        with_toy = Session(session.atlas)
        with_toy.selection.select([FeatureRef("toy", "tashkent"), "UZB"])
        raw = capture_project(with_toy, MapViewState(), tmp_path).model_dump_json()
    assert '"toys"' in raw
    project = Project.model_validate_json(raw)
    assert project.unknown_themes == ("toys",)
    assert "toys" not in [layer.key for layer in project.themes.layers]
    fresh = Session(session.atlas)
    apply_project(project, fresh, MapViewState())
    assert fresh.selection.actors == {"UZB"} and not fresh.selection.features
