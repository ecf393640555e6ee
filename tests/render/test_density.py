"""Dense points become a grid of counts, equalised and shaded: the counts are exact, the ramp
runs sparse to dense, a category mix takes its categories' colours."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

from explorer.analysis.density import bin_points, eq_hist, log_scaled
from explorer.render.density import mix, ramp_colours, shade


def test_counts_per_cell_with_row_zero_at_the_top() -> None:
    x = np.array([0.5, 0.5, 3.5, 3.9, 9.0, np.nan, -0.1, 4.0])
    y = np.array([0.5, 0.6, 1.5, 1.1, 0.5, 0.5, 0.5, 1.0])
    counts = bin_points(x, y, (0.0, 0.0, 4.0, 2.0), (4, 2))
    # outside (9.0, -0.1, x == xmax) and NaN are not counted
    assert counts.tolist() == [[0, 0, 0, 2], [2, 0, 0, 0]]


def test_counts_per_category() -> None:
    x, y = np.array([0.5, 0.5, 1.5, 1.5]), np.array([0.5, 0.5, 0.5, 0.5])
    per = bin_points(x, y, (0.0, 0.0, 2.0, 1.0), (2, 1), np.array([0, 1, 1, 1]), 2)
    assert per.shape == (2, 1, 2)
    assert per[0].tolist() == [[1, 0]] and per[1].tolist() == [[1, 2]]


def test_only_the_points_kept_are_counted_inside_the_rect_or_not() -> None:
    x, y = np.array([0.5, 0.5, 1.5, 1.5, 7.0]), np.array([0.5, 0.5, 0.5, 0.5, 0.5])
    keep = np.array([True, False, True, False, True])
    rect, size = (0.0, 0.0, 2.0, 1.0), (2, 1)
    assert bin_points(x, y, rect, size, keep=keep).tolist() == [[1, 1]]
    assert bin_points(x[:4], y[:4], rect, size, np.array([0, 1, 1, 1]), 2, inside=True,
                      keep=keep[:4]).tolist() == [[[1, 0]], [[0, 1]]]


def test_a_million_points_are_counted_exactly() -> None:
    rng = np.random.default_rng(0)
    x, y = rng.normal(0, 1, 1_000_000), rng.normal(0, 1, 1_000_000)
    rect = (-3.0, -2.0, 3.0, 2.0)
    counts = bin_points(x, y, rect, (300, 200))
    inside = (x >= -3) & (x < 3) & (y > -2) & (y <= 2)
    assert counts.sum() == inside.sum()
    expected, _, _ = np.histogram2d(y, x, bins=(200, 300), range=((-2, 2), (-3, 3)))
    assert np.abs(counts - expected[::-1]).sum() <= 0.001 * inside.sum()  # edges may differ


def test_eq_hist_ranks_the_occupied_cells() -> None:
    counts = np.array([[0, 1, 1, 1], [2, 5, 1000, 0]])
    level = eq_hist(counts)
    assert np.isnan(level[0, 0]) and np.isnan(level[1, 3])
    assert level[1, 2] == 1.0 and level[0, 1] == 0.5  # 3 of 6 occupied cells hold 1
    assert level[1, 0] < level[1, 1] < level[1, 2]
    # the one crowded cell does not squash the rest: 5 is mid-ramp, not 0.005 of it
    assert level[1, 1] > 0.5 and log_scaled(counts)[1, 1] < level[1, 1]


def test_shade_runs_sparse_to_dense_and_leaves_empty_cells_clear(qapp) -> None:
    image = shade(np.array([[0, 1, 10, 100]]))
    colours = [QColor(image.pixel(i, 0)) for i in range(4)]
    assert QColor.fromRgba(image.pixel(0, 0)).alpha() == 0
    ramp = ramp_colours()
    assert colours[3].getRgb()[:3] == tuple(ramp[-1][:3])  # the densest: the ramp's end
    lightness = [c.lightnessF() for c in colours[1:]]
    assert lightness[0] > lightness[1] > lightness[2]  # denser is darker on paper


def test_a_category_mix_takes_the_colours_of_its_points(qapp) -> None:
    red, blue = QColor("#d62728"), QColor("#1f77b4")
    per = np.array([[[4, 0, 2, 0]], [[0, 4, 2, 0]]])
    image = mix(per, [red, blue])
    pixel = [QColor.fromRgba(image.pixel(i, 0)) for i in range(4)]
    assert pixel[0].getRgb()[:3] == red.getRgb()[:3]
    assert pixel[1].getRgb()[:3] == blue.getRgb()[:3]
    half = [(a + b) / 2 for a, b in zip(red.getRgb()[:3], blue.getRgb()[:3], strict=True)]
    assert np.abs(np.array(pixel[2].getRgb()[:3]) - half).max() <= 1
    assert pixel[3].alpha() == 0 and pixel[0].alpha() > 0


def test_counts_too_large_for_a_table_scale_alike(qapp, monkeypatch) -> None:
    import explorer.analysis.density as density

    counts = np.random.default_rng(2).integers(0, 50, (40, 60)) ** 2
    by_table = (eq_hist(counts), log_scaled(counts), shade(counts))
    monkeypatch.setattr(density, "MAX_TABLE", 10)
    assert density.level_table(counts, "eq_hist") is None
    for table, direct in zip(by_table[:2], (eq_hist(counts), log_scaled(counts)), strict=True):
        assert np.allclose(table, direct, equal_nan=True)
    assert shade(counts) == by_table[2]
