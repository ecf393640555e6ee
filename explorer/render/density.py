"""Shade a grid of counts into an image: a perceptual ramp, or a mix of category colours."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QImage

from explorer.analysis.density import eq_hist, level_table, log_scaled

RAMP = "CET-L17"  # colorcet's linear white-orange-magenta-blue: light where sparse
RAMP_START = 0.15  # of the ramp: the sparsest cells are tinted, not white on paper
MIN_ALPHA = 96  # of 255: the sparsest cells of a category mix stay visible
SCALINGS = {"eq_hist": eq_hist, "log": log_scaled}


def ramp_colours(n: int = 256) -> np.ndarray:
    """The ramp as (n, 4) RGBA bytes, sparse to dense."""
    return pg.colormap.get(RAMP).getLookupTable(RAMP_START, 1.0, n, alpha=True)


def shade(counts: np.ndarray, how: str = "eq_hist") -> QImage:
    """Counts (h, w) as an image: empty cells transparent, the others along the ramp by
    their scaled count (`how`: eq_hist or log)."""
    colours = ramp_colours().view(np.uint32).reshape(-1)
    clear = np.zeros(1, np.uint32)
    table = level_table(counts, how)
    if table is not None:  # a colour per count, then one gather over the grid
        per_count = np.concatenate([clear, colours[_ramp_index(table[1:], len(colours))]])
        return _image(per_count[counts].view(np.uint8).reshape(*counts.shape, 4))
    level = SCALINGS[how](counts)
    rgba = np.where(np.isnan(level), clear[0], colours[_ramp_index(level, len(colours))])
    return _image(rgba.view(np.uint8).reshape(*counts.shape, 4))


def _ramp_index(level: np.ndarray, n: int) -> np.ndarray:
    return np.nan_to_num(level * (n - 1), nan=0.0).astype(np.intp)


def mix(per_category: np.ndarray, colours: list[QColor], how: str = "eq_hist") -> QImage:
    """Counts per category (k, h, w) as an image: each cell the colours of its categories
    averaged by their counts, opaque by its total's scaled count (from MIN_ALPHA)."""
    total = per_category.sum(axis=0)
    rgb = np.array([[c.red(), c.green(), c.blue()] for c in colours], float)
    weights = per_category.reshape(len(colours), -1).T.astype(float)  # (cells, k)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (weights @ rgb) / total.reshape(-1, 1)
    level = SCALINGS[how](total).reshape(-1)
    alpha = np.nan_to_num(MIN_ALPHA + (255 - MIN_ALPHA) * level, nan=0.0)
    rgba = np.zeros((total.size, 4), np.uint8)
    occupied = total.reshape(-1) > 0
    rgba[occupied, :3] = np.clip(np.rint(mean[occupied]), 0, 255)
    rgba[:, 3] = np.rint(alpha)
    return _image(rgba.reshape(*total.shape, 4))


def _image(rgba: np.ndarray) -> QImage:
    """An RGBA byte array (h, w, 4) as a QImage that owns its pixels."""
    h, w = rgba.shape[:2]
    data = np.ascontiguousarray(rgba, np.uint8)
    return QImage(data.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
