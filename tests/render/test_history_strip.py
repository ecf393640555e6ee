"""A briefing page's history strip: the selected actors' changes first, drawn under the map and
the network, in pixels and as an SVG layer; none without a selection or when turned off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from explorer.model.history import actor_history, condensed
from explorer.model.session import Session
from explorer.render.export import ExportOptions, export_map, planned_page
from explorer.render.export_session import export_session
from explorer.render.history_chart import BASE_COLOURS, ROLE_COLOURS
from explorer.render.history_strip import wanted_rows
from explorer.render.map_scene import MapScene
from tests.render.test_export_page import count

DAY = dt.date(2003, 6, 1)
OPTIONS = {"size": (1400, 900), "date": DAY, "briefing": True, "footnotes": False,
           "legend": False}


def test_a_condensed_history_keeps_the_changes_in_the_panels_order(atlas) -> None:
    history = actor_history(atlas, "UZB")
    kept, left = condensed(history, 14)
    titles = [lane.title for lane in kept.lanes]
    assert kept.row_count <= 14
    # the leaders and K2 first, then memberships left or changed: the seed's sequence
    assert {"Led by", "Hosts bases", "CSTO", "GUAM"} <= set(titles)
    assert "CIS" not in titles  # held since 1991, unchanged: where Uzbekistan started
    assert left == len(history.lanes) - len(kept.lanes) > 0
    assert titles == [lane.title for lane in history.lanes if lane.title in titles]
    everything, _ = condensed(history, 10**6)
    assert wanted_rows([history]) == everything.row_count > kept.row_count
    assert "CIS" not in [lane.title for lane in everything.lanes]


def planned(atlas, select: tuple[str, ...], **options):
    options = ExportOptions(**{**OPTIONS, **options})
    session = Session(atlas, DAY)
    session.selection.select(list(select))
    options.session = session
    return planned_page(MapScene(session=export_session(options)), options)


def test_the_strip_is_planned_under_the_panels_for_a_selection(qapp, atlas) -> None:
    layout = planned(atlas, ("UZB",))
    strip = layout.history
    assert strip is not None and strip.top() > layout.map.bottom()
    assert strip.top() > layout.network.bottom() and strip.width() > layout.map.width()
    assert planned(atlas, ()).history is None  # nothing selected: no strip
    assert planned(atlas, ("UZB",), history=False).history is None
    assert planned(atlas, ("UZB",), briefing=False).history is None
    assert planned(atlas, ()).map.height() > layout.map.height()


def test_the_strip_draws_the_memberships_and_the_bases(qapp, atlas, tmp_path: Path) -> None:
    layout = planned(atlas, ("UZB",))
    box = tuple(round(v) for v in (layout.history.left(), layout.history.top(),
                                   layout.history.right(), layout.history.bottom()))
    shown = QImage(str(export_map(tmp_path / "s.png", ExportOptions(select=("UZB",),
                                                                    **OPTIONS))))
    hidden = QImage(str(export_map(tmp_path / "h.png", ExportOptions(
        select=("UZB",), history=False, **OPTIONS))))
    member, hosted = QColor(ROLE_COLOURS["member"]), QColor(BASE_COLOURS["hosted"])
    assert count(shown, member, box, 2) > 300  # CSTO, GUAM, SCO… bars
    assert count(shown, hosted, box, 2) > 40  # K2 and Termez
    assert count(hidden, member, box, 2) < 30


def test_the_svg_has_the_strip_as_a_layer(qapp, tmp_path: Path) -> None:
    text = export_map(tmp_path / "b.svg", ExportOptions(select=("UZB",), **OPTIONS)).read_text()
    layer = text[text.index('inkscape:label="History"'):]
    assert "Uzbekistan" in layer and "GUAM" in layer and "K2" in layer
    assert "<image" not in text  # vectors, not a picture


def test_the_cli_leaves_the_strip_out_when_asked(qapp, tmp_path: Path) -> None:
    from explorer.cli import main

    out = tmp_path / "b.svg"
    args = ["export", str(out), "--briefing", "--select", "UZB", "--date", "2003-06-01"]
    assert main(args) == 0
    assert 'inkscape:label="History"' in out.read_text()
    assert main([*args, "--no-history"]) == 0
    assert 'inkscape:label="History"' not in out.read_text()


def test_the_strip_cites_what_it_draws(qapp, atlas) -> None:
    from explorer.render.history_strip import strip_records

    layout = planned(atlas, ("UZB",), footnotes=True)
    records = strip_records(atlas, [actor_history(atlas, "UZB")], layout.history.height(), 1.0)
    ids = {r.id for r in records}
    assert "base_karshi_khanabad" in ids  # K2's bar
    assert {m.id for m in atlas.memberships.values() if m.actor == "UZB"
            and m.organization == "GUAM"} <= ids
    without = planned(atlas, ("UZB",), footnotes=True, history=False)
    assert layout.footer.sources > without.footer.sources  # the strip's sources are the page's


def test_a_page_at_twice_the_dpi_draws_the_strip_twice_as_large(qapp, atlas, tmp_path) -> None:
    """pyqtgraph records its axes and bars in QPictures, which a page of another dpi replays
    moved and scaled; the strip draws them straight onto the page."""
    member = QColor(ROLE_COLOURS["member"])
    counts = []
    for dpi, factor in ((96, 1), (192, 2)):
        options = {**OPTIONS, "size": (1400 * factor, 900 * factor), "dpi": dpi}
        layout = planned(atlas, ("UZB",), **options)
        strip = layout.history
        image = QImage(str(export_map(tmp_path / f"{dpi}.png", ExportOptions(
            select=("UZB",), **options))))
        box = (round(strip.left()), round(strip.top()), round(strip.right()),
               round(strip.bottom()))
        counts.append(count(image, member, box, 2))  # every other pixel each way
    assert counts[0] > 300
    assert 3.4 < counts[1] / counts[0] < 4.6  # four times the pixels, as the area
