"""The network's fit: the graph centred in its frame, slid or shrunk off the legend's corner,
node discs kept apart in pixels."""

from __future__ import annotations

import numpy as np

from explorer.analysis.overlap import overlapping_pairs
from explorer.render.network_fit import MIN_KEPT, corner_squeeze, fit_frame, separated

USABLE = (0.0, 0.0, 400.0, 300.0)
LEGEND = {"top-right": (340.0, -10.0, 410.0, 60.0)}


def test_the_fit_centres_the_graph_with_one_scale_when_locked() -> None:
    xy = np.array([[0.0, 0.0], [100.0, 50.0]])
    frame = fit_frame(xy, (400, 300), (0, 0, 0, 0), locked=True)
    assert np.allclose(frame.units, [0.25, 0.25])
    assert np.allclose(frame.pixels(xy), [[0, 250], [400, 50]])  # centred up and down


def test_a_graph_with_room_slides_off_the_corner_whole() -> None:
    px = np.array([[0.0, 250.0], [350.0, 50.0]])  # the fit left it room below the legend
    usable = (0.0, 0.0, 400.0, 400.0)
    corner, scale, offset = corner_squeeze(px, usable, LEGEND, locked=True)
    moved = px * scale + offset
    assert corner == "top-right" and np.allclose(scale, 1)
    assert moved[1, 1] >= 60 and moved[:, 1].max() <= 400


def test_a_graph_filling_its_frame_shrinks_away_from_the_corner() -> None:
    px = np.array([[0.0, 300.0], [400.0, 0.0], [200.0, 150.0]])
    _, scale, offset = corner_squeeze(px, USABLE, LEGEND, locked=False)
    moved = px * scale + offset
    assert not ((moved[:, 0] > 340) & (moved[:, 1] < 60)).any()
    assert np.prod(scale) >= MIN_KEPT and (moved >= 0).all()
    # both ways alike when the aspect is locked: it costs more, and a bigger legend too much
    _, locked, _ = corner_squeeze(px, USABLE, LEGEND, locked=True)
    assert locked[0] == locked[1] and np.prod(locked) < np.prod(scale)
    assert corner_squeeze(px, USABLE, {"top-right": (120.0, -10.0, 410.0, 200.0)},
                          locked=True) is None


def test_a_clear_corner_costs_nothing() -> None:
    px = np.array([[0.0, 300.0], [200.0, 150.0]])
    corner, scale, offset = corner_squeeze(px, USABLE, LEGEND, locked=True)
    assert corner == "top-right" and np.allclose(scale, 1) and np.allclose(offset, 0)


def test_discs_are_parted_in_pixels_whatever_the_units() -> None:
    xy = np.array([[0.0, 0.0], [10.0, 0.0], [5.0, 4.0]])
    units = np.array([2.0, 0.5])  # 2 data units a px across, 0.5 up
    parted = separated(xy, units, np.full(3, 8.5), 2.0)
    box = np.tile([-9.5, -9.5, 9.5, 9.5], (3, 1))
    assert overlapping_pairs(xy / units, box) and not overlapping_pairs(parted / units, box)
