"""Short labels from long names, and the label engine's placement rules."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF

from explorer.model.corridors import line_label as route_label
from explorer.render import style
from explorer.render.collision import LabelPlacer, OccupancyGrid
from explorer.render.label_spots import (
    SHORTENED,
    BoxSpots,
    LabelCandidate,
    brief,
    line_spot,
    point_spots,
    rewording_cost,
)
from explorer.render.labels import place_labels
from explorer.render.themes.base import point_candidate
from explorer.render.themes.names import base_label, place_label


def test_short_names() -> None:
    assert base_label("Karshi-Khanabad Air Base (K2, Camp Stronghold Freedom)") == (
        "Karshi-Khanabad (K2)")
    assert brief("K2 (Karshi-Khanabad)") == "K2" and brief("Manas") is None
    assert base_label("201st Military Base (Dushanbe garrison)") == "201st (Dushanbe)"
    assert base_label("Transit Center at Manas (Manas Air Base)") == "Manas"
    assert base_label("Baikonur Cosmodrome") == "Baikonur"
    assert place_label("Kagan (Kogon)") == "Kagan"
    assert route_label("Middle Corridor (TITR) – Caspian crossing Aktau/Kuryk–Baku (Alat)") == (
        "Middle Corridor")
    assert route_label("Bekabad–Khujand–Kokand–Fergana–Andijan railway") == (
        "Bekabad–Andijan railway")


def test_placer_takes_all_boxes_or_none(qapp) -> None:
    placer = LabelPlacer(QRectF(0, 0, 100, 100), padding=0)
    assert placer.try_place_boxes(np.array([[10, 10, 20, 20]]))
    assert not placer.try_place_boxes(np.array([[50, 50, 60, 60], [15, 15, 25, 25]]))
    assert placer.try_place_boxes(np.array([[50, 50, 60, 60]]))  # the refused label left nothing
    assert not placer.try_place_boxes(np.array([[95, 95, 105, 105]]))  # outside the frame


def test_line_labels_read_left_to_right(qapp) -> None:
    font = style.font(10)
    spot = line_spot(300, 100, 0, 200, "Trans-Caspian railway", font, 3)
    assert spot is not None and -90 < spot.angle <= 90
    assert line_spot(0, 0, 20, 0, "Trans-Caspian railway", font, 3) is None  # too short


def test_priorities_symbols_and_lines(qapp) -> None:
    frame = QRectF(0, 0, 400, 300)
    font = style.font(11)
    first = LabelCandidate("First", font, style.LABEL, 1.0, point_spots(200, 150, "First", font, 5))
    second = LabelCandidate("Second", font, style.LABEL, 2.0,
                            point_spots(200, 150, "Second", font, 5))
    symbol = np.array([[195.0, 145.0, 205.0, 155.0]])
    placed = place_labels(frame, [second, first], [symbol], 2.0)
    assert [c.text for c, _ in placed] == ["First", "Second"]  # by priority, not by order given
    for _, spot in placed:  # beside the symbol, never on it
        box = spot.boxes[0]
        assert box[2] <= 195 or box[0] >= 205 or box[3] <= 145 or box[1] >= 155
    # a line right of the symbol: the label goes elsewhere if it can
    lines = OccupancyGrid(frame, 3)
    lines.mark(np.full(100, 215.0), np.linspace(100, 200, 100))
    ((_, spot),) = place_labels(frame, [first], [], 2.0, lines)
    assert not lines.hits(spot.boxes)


def test_point_spots_go_round_the_symbol_in_order(qapp) -> None:
    font = style.font(11)
    spots = point_spots(200, 150, "Termez", font, 5)
    assert len(spots) == 8
    right, below = spots[0].boxes[0], spots[7].boxes[0]
    assert right[0] == 205 and right[1] < 150 < right[3]  # right of it, touching, centred
    assert below[1] == 155 and below[0] < 200 < below[2]  # under it, touching, centred
    assert spots[0].origin.x() == right[0]


def test_an_urgent_label_is_shortened_beside_its_symbol_never_moved_away(qapp) -> None:
    frame = QRectF(0, 0, 400, 300)
    font = style.font(11)
    text = "K2 (Karshi-Khanabad)"
    crowd = []  # other labels on every full spot but its part next to the symbol
    for x0, y0, x1, y1 in point_spots(200, 150, text, font, 7.5).boxes:
        if x0 < 200 < x1:  # above or below: free in the middle only
            crowd += [[x0, y0, 185, y1], [215, y0, x1, y1]]
        else:
            crowd.append([x0 + 20, y0, x1, y1] if x0 >= 200 else [x0, y0, x1 - 20, y1])
    crowd = np.array(crowd)
    urgent = point_candidate(text, font, style.LABEL, 5.0, 200, 150, 5, 1.0, "base_k2")
    minor = point_candidate(text, font, style.LABEL, 50.0, 200, 150, 5, 1.0, "base_k2")
    assert place_labels(frame, [minor], [crowd], 2.0) == []  # dropped, never moved away
    ((_, spot),) = place_labels(frame, [urgent], [crowd], 2.0)
    assert spot.text == "K2" and spot.leader is None
    box = spot.boxes[0]
    assert min(abs(box[0] - 207.5), abs(box[2] - 192.5), abs(box[1] - 157.5),
               abs(box[3] - 142.5)) < 4  # touching the symbol


def test_an_urgent_label_leaves_room_for_the_next_one(qapp) -> None:
    frame = QRectF(0, 0, 400, 300)
    font = style.font(11)
    # K2's name would go right of its triangle, over the only free side of Dushanbe's star
    k2 = point_candidate("K2 (Karshi-Khanabad)", font, style.LABEL, 1.0, 160, 130, 5, 1.0,
                         "base_k2")
    dushanbe = point_candidate("Dushanbe", font, style.LABEL, 2.0, 200, 150, 5, 1.0,
                               "dushanbe")
    walls = np.array([[206.0, 147.0, 300.0, 160.0],  # right of the star, under it, left of it
                      [120.0, 157.0, 300.0, 200.0], [120.0, 147.0, 194.0, 157.0]])
    placed = place_labels(frame, [dushanbe, k2], [walls], 2.0)
    assert {c.feature for c, _ in placed} == {"base_k2", "dushanbe"}
    assert placed[0][1].boxes[0][3] <= 130  # K2's name went above the right of its triangle


def test_a_country_keeps_its_full_name_rather_than_its_code_to_leave_room(qapp) -> None:
    frame = QRectF(0, 0, 400, 300)
    bold = style.font(13, bold=True)
    # Tashkent's star at (200, 150): its preferred spot (right) is where the full name fits
    tashkent = point_candidate("Tashkent", style.font(12), style.LABEL, 8.0, 200, 150, 5, 1.0,
                               "tashkent")
    full = np.array([[207.0, 143.0, 290.0, 158.0]])  # "Uzbekistan" over it
    code = np.array([[100.0, 200.0, 135.0, 215.0]])  # "UZB" far away
    words = [("Uzbekistan", bold, 12.0), ("UZB", bold, 12.0)]
    costs = np.array([rewording_cost(text, font, "Uzbekistan", bold) for text, font, _ in words])
    assert list(costs) == [0.0, SHORTENED]
    country = LabelCandidate("Uzbekistan", bold, style.LABEL, 7.0,
                             BoxSpots(np.vstack([full, code]), 0.0, words, costs),
                             feature="UZB", kind="area")
    placed = {c.feature: spot for c, spot in place_labels(frame, [tashkent, country], [], 2.0)}
    assert placed["UZB"].text == "Uzbekistan"  # not shortened to its code for that
    assert "tashkent" in placed  # Tashkent found another side of its star
