"""Per-feature colours (categorized, graduated) and timeline masks for user layers, vectorized."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from explorer.model.dates import PartialDate
from explorer.model.user_layers import LayerStyle

if TYPE_CHECKING:  # pandas is loaded by the functions that need it: a map export needs none
    import pandas as pd

# ColorBrewer Paired (12 qualitative colours), in a stable order.
PALETTE = ("#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928",
           "#a6cee3", "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99")
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
OTHER_COLOUR = "#9e9e9e"  # "other" categories and features without a value
MAX_CATEGORIES = len(PALETTE)
# ColorBrewer sequential ramps, 9 classes each (light to dark).
RAMPS: dict[str, tuple[str, ...]] = {
    "Blues": ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5",
              "#08519c", "#08306b"),
    "Reds": ("#fff5f0", "#fee0d2", "#fcbba1", "#fc9272", "#fb6a4a", "#ef3b2c", "#cb181d",
             "#a50f15", "#67000d"),
    "Greens": ("#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45",
               "#006d2c", "#00441b"),
    "Purples": ("#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3",
                "#54278f", "#3f007d"),
    "YlOrRd": ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c",
               "#bd0026", "#800026"),
}


@dataclass(frozen=True)
class Classification:
    """Each feature's index into `colours` (a byte: 13 colours at most), and the legend's
    (label, colour) entries."""

    indices: np.ndarray
    colours: list[str]
    entries: list[tuple[str, str]]


def ramp_colours(name: str, classes: int) -> list[str]:
    """`classes` colours spread over a ramp, skipping its palest end (invisible on land)."""
    ramp = RAMPS[name]
    picks = np.linspace(1, len(ramp) - 1, classes).round().astype(int)
    return [ramp[i] for i in picks]


class Columns(Protocol):
    """Attribute columns by name, one value a feature: a DataFrame, or a layer's VectorData."""

    @property
    def columns(self) -> Iterable[str]: ...

    def __getitem__(self, name: str) -> pd.Series: ...

    def __len__(self) -> int: ...


def classify(frame: Columns, style: LayerStyle) -> Classification:
    """The colours of a frame's features under a style; ValueError when the field does not fit."""
    n = len(frame)
    if style.mode == "single" or not style.field:
        return Classification(np.zeros(n, np.uint8), [style.colour], [])
    if style.field not in frame.columns:
        raise ValueError(f"the layer has no field {style.field!r}")
    values = frame[style.field]
    if style.mode == "categorized":
        return _categorized(values)
    return _graduated(values, style.classes, style.method, style.ramp)


def _categorized(values: pd.Series) -> Classification:
    import pandas as pd

    missing = values.isna().to_numpy()
    keys = values.astype(str).where(~missing, None)
    counts = keys.value_counts()
    ordered = sorted(counts.index, key=lambda k: (-counts[k], str(k)))
    kept = sorted(ordered[:MAX_CATEGORIES] if len(ordered) > MAX_CATEGORIES else ordered,
                  key=_natural)
    codes = pd.Index(kept, dtype=object).get_indexer(keys.to_numpy(object)).astype(np.int64)
    colours = list(PALETTE[:len(kept)])
    entries = list(zip(kept, colours, strict=True))
    if (codes < 0).any():
        codes[codes < 0] = len(colours)
        colours.append(OTHER_COLOUR)
        entries.append(("Other" if len(ordered) > len(kept) else "(no value)", OTHER_COLOUR))
    return Classification(codes.astype(np.uint8), colours, entries)


def _natural(key: str) -> tuple[int, float, str]:
    """Numbers in numeric order before text in alphabetical order."""
    try:
        return (0, float(key), key)
    except ValueError:
        return (1, 0.0, key.casefold())


def _graduated(values: pd.Series, classes: int, method: str, ramp: str) -> Classification:
    import pandas as pd

    numbers = pd.to_numeric(values, errors="coerce").to_numpy(float)
    bad = np.isnan(numbers) & values.notna().to_numpy()
    if bad.any():
        example = values[bad].iloc[0]
        raise ValueError(f"field {values.name!r} is not numeric: {int(bad.sum())} value(s) "
                         f"such as {example!r}; use Categorized instead")
    present = numbers[~np.isnan(numbers)]
    if not len(present):
        raise ValueError(f"field {values.name!r} has no values to classify")
    breaks = class_breaks(present, classes, method)
    colours = ramp_colours(ramp, len(breaks) - 1)
    indices = np.clip(np.searchsorted(breaks[1:-1], numbers, side="right"), 0,
                      len(colours) - 1).astype(np.uint8)
    entries = [(f"{lo:g} – {hi:g}", c) for lo, hi, c in
               zip(breaks[:-1], breaks[1:], colours, strict=True)]
    if np.isnan(numbers).any():
        indices[np.isnan(numbers)] = len(colours)
        colours = [*colours, OTHER_COLOUR]
        entries.append(("(no value)", OTHER_COLOUR))
    return Classification(indices, colours, entries)


def class_breaks(values: np.ndarray, classes: int, method: str) -> np.ndarray:
    """classes + 1 increasing bounds: equal intervals or quantiles (fewer if values repeat)."""
    lo, hi = float(values.min()), float(values.max())
    if lo == hi:
        return np.array([lo, hi])
    if method == "quantile":
        return np.unique(np.quantile(values, np.linspace(0.0, 1.0, classes + 1)))
    return np.linspace(lo, hi, classes + 1)


@dataclass(frozen=True)
class TimeFilter:
    """Day ordinals of each feature's start and end (NaN: open); unparseable ones always show."""

    start: np.ndarray
    end: np.ndarray
    always: np.ndarray

    @property
    def unparseable(self) -> int:
        return int(self.always.sum())

    def mask(self, day: dt.date) -> np.ndarray:
        """start <= day < end for every feature at once (the atlas's half-open rule)."""
        d = day.toordinal()
        with np.errstate(invalid="ignore"):
            on = ((np.isnan(self.start) | (self.start <= d))
                  & (np.isnan(self.end) | (d < self.end)))
        return on | self.always


def time_filter(frame: Columns, start: str | None, end: str | None) -> TimeFilter | None:
    """Parse the start/end fields once; None when neither is set."""
    if not start and not end:
        return None
    n = len(frame)
    starts, bad_start = day_ordinals(frame[start]) if start else (np.full(n, np.nan),
                                                                   np.zeros(n, bool))
    ends, bad_end = day_ordinals(frame[end]) if end else (np.full(n, np.nan), np.zeros(n, bool))
    return TimeFilter(starts, ends, bad_start | bad_end)


def day_ordinals(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each value's first day as an ordinal (NaN when empty) and which could not be read."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(values):
        days = values.dt.tz_localize(None) if values.dt.tz is not None else values
        whole = days.to_numpy().astype("datetime64[D]")  # floors, before 1970 too
        ordinals = whole.astype(np.int64).astype(float) + EPOCH_ORDINAL
        ordinals[np.isnat(whole)] = np.nan
        return ordinals, np.zeros(len(values), bool)
    missing = values.isna().to_numpy()
    uniques = pd.unique(values[~missing])
    lookup = {u: _ordinal(u) for u in uniques}
    ordinals = np.full(len(values), np.nan)
    ordinals[~missing] = [lookup[v] for v in values[~missing]]
    bad = np.zeros(len(values), bool)
    bad[~missing] = np.isnan(ordinals[~missing])
    blank = ~missing & values.map(lambda v: isinstance(v, str) and not v.strip()).to_numpy()
    bad &= ~blank
    return ordinals, bad


def _ordinal(value: Any) -> float:
    try:
        if isinstance(value, dt.datetime):  # pandas' Timestamp too
            return float(value.date().toordinal())
        if isinstance(value, dt.date):
            return float(value.toordinal())
        if isinstance(value, int | float | np.integer | np.floating):
            year = float(value)
            return float(dt.date(int(year), 1, 1).toordinal()) if year.is_integer() else np.nan
        return float(PartialDate.parse(str(value)).first_day.toordinal())
    except ValueError:
        return np.nan
