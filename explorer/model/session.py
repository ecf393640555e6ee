"""The session: the one state every view reads — the atlas, the current date, the themes."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Protocol

from psygnal import EventedModel, Signal
from pydantic import ValidationInfo, field_validator

from explorer.model.alignment_choice import AlignmentChoice
from explorer.model.atlas import Atlas
from explorer.model.network_options import NetworkPanelOptions
from explorer.model.selection import Selection
from explorer.model.themes import ThemeSettings
from explorer.model.user_layers import UserLayers

TIMELINE_START = dt.date(1991, 1, 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clipped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


class TimeState(EventedModel):
    """The current date, kept inside the timeline [first, last]; views redraw on `events.date`."""

    first: dt.date = TIMELINE_START
    last: dt.date = dt.date.today()
    date: dt.date = dt.date.today()

    @field_validator("date")
    @classmethod
    def _inside(cls, day: dt.date, info: ValidationInfo) -> dt.date:
        first = info.data.get("first", TIMELINE_START)
        last = info.data.get("last", dt.date.today())
        return min(max(day, first), last)

    def __setattr__(self, name: str, value: object) -> None:
        # Clamp before the evented assignment so listeners hear the date actually kept.
        if name == "date" and isinstance(value, dt.date):
            value = min(max(value, self.first), self.last)
        super().__setattr__(name, value)

    def step(self, months: int = 0, years: int = 0) -> None:
        target = add_months(self.date, months + 12 * years)
        self.date = min(max(target, self.first), self.last)


class AtlasExtension(Protocol):
    """Records to add to the atlas (explorer.io.custom_records.CustomRecords)."""

    def merge_into(self, atlas: Atlas) -> Atlas: ...


class Session:
    """The atlas, the time, the themes, the one shared selection and the network panel's
    options; `active` is the atlas as
    it stood on the date. Views that read the atlas rebuild on `atlas_changed(atlas)`."""

    atlas_changed = Signal(object)

    def __init__(self, atlas: Atlas, date: dt.date | None = None,
                 themes: ThemeSettings | None = None) -> None:
        self.atlas = atlas
        self.base_atlas = atlas  # the atlas before the user's own records were merged in
        self.record_files: tuple[Path, ...] = ()  # the user's record files merged, in turn
        self.time = TimeState() if date is None else TimeState(date=date)
        self.themes = themes or ThemeSettings()
        self.selection = Selection()
        self.network = NetworkPanelOptions()  # the network panel's options
        self.alignment = AlignmentChoice()  # the weights of the alignment lines
        self.user_layers = UserLayers()
        self._active: tuple[dt.date, Atlas] | None = None

    @property
    def date(self) -> dt.date:
        return self.time.date

    @property
    def active(self) -> Atlas:
        if self._active is None or self._active[0] != self.time.date:
            self._active = (self.time.date, self.atlas.active_on(self.time.date))
        return self._active[1]

    @cached_property
    def event_dates(self) -> list[dt.date]:
        """The distinct days of the atlas's events, sorted (timeline ticks, jumps)."""
        return sorted({e.date.first_day for e in self.atlas.events.values()})

    def next_event_date(self) -> dt.date | None:
        i = bisect.bisect_right(self.event_dates, self.time.date)
        return self.event_dates[i] if i < len(self.event_dates) else None

    def previous_event_date(self) -> dt.date | None:
        i = bisect.bisect_left(self.event_dates, self.time.date)
        return self.event_dates[i - 1] if i > 0 else None

    def add_custom_records(self, records: AtlasExtension,
                           paths: Iterable[Path | str] = ()) -> Atlas:
        """Merge the user's actors and relations (read from `paths`) into the atlas (raises the
        records' error, e.g. AtlasError for clashing or unknown ids, and changes nothing then);
        emits `atlas_changed` with the new atlas and returns it."""
        atlas = records.merge_into(self.atlas)
        self.record_files += tuple(Path(p) for p in paths)
        self._set_atlas(atlas)
        return atlas

    def replace_custom_records(self, records: AtlasExtension | None,
                               paths: Iterable[Path | str] = ()) -> Atlas:
        """Drop every merged record and merge these instead (None: the bare atlas)."""
        atlas = self.base_atlas if records is None else records.merge_into(self.base_atlas)
        self.record_files = tuple(Path(p) for p in paths)
        if atlas is not self.atlas:
            self._set_atlas(atlas)
        return atlas

    def _set_atlas(self, atlas: Atlas) -> None:
        self.atlas = atlas
        self._active = None
        self.__dict__.pop("event_dates", None)
        self.atlas_changed.emit(atlas)
