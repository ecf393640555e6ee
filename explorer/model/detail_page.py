"""An inspector page under construction (escaped HTML, numbered citations) and the words it uses
for dates, intervals, roles and actors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from html import escape

from explorer.model.atlas import Atlas
from explorer.model.dates import PartialDate
from explorer.model.features import FeatureRef
from explorer.model.names import short_name, words
from explorer.model.records import Event, Sourced
from explorer.model.session import TIMELINE_START

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
FEATURE_SCHEME = "feature"  # in-page links to other features: feature:country/UZB
RECENT_EVENTS = 6  # related events shown up to the date, most recent first
LATER_EVENTS = 3  # and the next ones after it
ROLE_PHRASES = {"suspended": "suspended from", "dialogue_partner": "dialogue partner of"}


def format_day(day: dt.date) -> str:
    """1 June 2003."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_partial(date: PartialDate) -> str:
    """2001, October 2001 or 21 November 2005, as precise as the record."""
    if date.month is None:
        return str(date.year)
    if date.day is None:
        return f"{MONTHS[date.month - 1]} {date.year}"
    return format_day(date.first_day)


def interval_text(start: PartialDate | None, end: PartialDate | None, iso: bool = False) -> str:
    """"2001-10 – 2005-11-21", "since 1996", "until 2005"; empty ends stay open."""
    show: Callable[[PartialDate], str] = PartialDate.isoformat if iso else format_partial
    if start is None and end is None:
        return f"since before {TIMELINE_START.year}"
    if start is None:
        return f"until {show(end)}"  # type: ignore[arg-type]
    return f"since {show(start)}" if end is None else f"{show(start)} – {show(end)}"


def feature_href(ref: FeatureRef) -> str:
    return f"{FEATURE_SCHEME}:{ref.kind}/{ref.id}"


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def role_phrase(role: str) -> str:
    return ROLE_PHRASES.get(role, f"{role} of")


def actor_name(atlas: Atlas, actor: str) -> str:
    found = atlas.actors.get(actor)
    return found.name if found is not None else actor


def state_on(record: Sourced, day: dt.date) -> str:
    start, end = getattr(record, "start", None), getattr(record, "end", None)
    if start is not None and day < start.first_day:
        return "not yet"
    if end is not None and day >= end.first_day:
        return "no longer"
    return "active"


def countries_once(countries: Iterable[str]) -> list[str]:
    """The countries a line crosses, each once, in the order it first enters them."""
    return list(dict.fromkeys(countries))


def line_about(atlas: Atlas, kind: str, line) -> str:
    """A line in one sentence: "railway, operating, through Turkmenistan, Iran, since 1996"."""
    countries = ", ".join(actor_name(atlas, c) for c in countries_once(line.countries))
    return (f"{kind}, {words(line.status)}, through {countries}, "
            f"{interval_text(line.start, line.end, iso=True)}")


def roles_text(atlas: Atlas, country: str, day: dt.date) -> str:
    roles: dict[str, list[str]] = {}
    for m in atlas.memberships_of(country, day):
        if m.actor == country:
            roles.setdefault(m.role, []).append(short_name(atlas, m.organization))
    return "; ".join(f"{role_phrase(role)} {', '.join(sorted(orgs))}"
                     for role, orgs in sorted(roles.items()))


class Page:
    """An HTML page under construction, with numbered citations of the records it shows; all
    text from records is escaped."""

    def __init__(self, atlas: Atlas, day: dt.date) -> None:
        self.atlas, self.day = atlas, day
        self.parts: list[str] = []
        self.cited: list[str] = []  # source ids in citation order
        self.numbers: dict[str, int] = {}  # URL (or id) -> number

    def cite(self, record: Sourced) -> str:
        """Number the record's sources (one number per URL) and return the marks."""
        marks: list[str] = []
        for sid in record.sources:
            source = self.atlas.sources.get(sid)
            key = source.url if source is not None and source.url else sid
            if key not in self.numbers:
                self.numbers[key] = len(self.numbers) + 1
                self.cited.append(sid)
            if str(self.numbers[key]) not in marks:
                marks.append(str(self.numbers[key]))
        return f' <sup>[{", ".join(marks)}]</sup>' if marks else ""

    @property
    def on(self) -> str:
        """The page's date in words: "1 June 2003"."""
        return format_day(self.day)

    def waypoints(self, ids: Iterable[str]) -> str:
        """A line's waypoints in order, each a link to its place or energy site."""
        links = []
        for wid in ids:
            place, site = self.atlas.places.get(wid), self.atlas.energy_sites.get(wid)
            links.append(self.link(FeatureRef("place", wid), place.name) if place else
                         self.link(FeatureRef("energy_site", wid), site.name) if site else
                         escape(wid))
        return " → ".join(links)

    def link(self, ref: FeatureRef, text: str) -> str:
        return f'<a href="{escape(feature_href(ref))}">{escape(text)}</a>'

    def actor(self, actor: str) -> str:
        found = self.atlas.actors.get(actor)
        if found is not None and found.kind == "state":
            return self.link(FeatureRef("country", actor), found.name)
        return escape(actor_name(self.atlas, actor))

    def heading(self, title: str, subtitle: str) -> None:
        self.parts.append(f"<h2>{escape(title)}</h2><p><i>{escape(subtitle)}</i></p>")

    def table(self, rows: Iterable[tuple[str, str]]) -> None:
        cells = "".join(f"<tr><th align='left' valign='top'>{escape(label)}&nbsp;</th>"
                        f"<td>{value}</td></tr>" for label, value in rows if value)
        self.parts.append(f"<table cellspacing='2'>{cells}</table>")

    def section(self, title: str, items: Iterable[str], empty: str = "") -> None:
        items = list(items)
        if items:
            lis = "".join(f"<li>{item}</li>" for item in items)
            self.parts.append(f"<h3>{escape(title)}</h3><ul>{lis}</ul>")
        elif empty:
            self.parts.append(f"<h3>{escape(title)}</h3><p>{escape(empty)}</p>")

    def interval_rows(self, record: Sourced) -> list[tuple[str, str]]:
        start, end = getattr(record, "start", None), getattr(record, "end", None)
        state = state_on(record, self.day)
        return [("Period", escape(interval_text(start, end))),
                (f"On {self.on}", "active" if state == "active"
                 else f"{state} active")]

    def common_rows(self, record: Sourced) -> list[tuple[str, str]]:
        rows = [("Note", escape(getattr(record, "note", "")))]
        if getattr(record, "approximate", False):
            rows.append(("Approximate", "dates or position are approximate"))
        return rows

    def events(self, events: Iterable[Event], skip: str = "") -> None:
        chosen = sorted((e for e in events if e.id != skip), key=lambda e: e.date.first_day)
        past = [e for e in chosen if e.date.first_day <= self.day][::-1][:RECENT_EVENTS]
        later = [e for e in chosen if e.date.first_day > self.day][:LATER_EVENTS]
        self.section(f"Related events up to {self.on}", [self.event_item(e) for e in past])
        self.section(f"After {self.on}", [self.event_item(e) for e in later])

    def event_item(self, e: Event) -> str:
        return (f"{escape(format_partial(e.date))}: "
                f"{self.link(FeatureRef('event', e.id), e.title)}{self.cite(e)}")

    def sources(self) -> None:
        items = []
        for sid in self.cited:
            s = self.atlas.sources.get(sid)
            if s is None:
                items.append(escape(sid))
                continue
            title = (f'<a href="{escape(s.url, quote=True)}">{escape(s.title)}</a>' if s.url
                     else escape(s.title))
            details = ", ".join(x for x in (s.publisher, s.date and format_partial(s.date)) if x)
            items.append(f"{title} ({escape(details)})" if details else title)
        if items:
            lis = "".join(f"<li>{item}</li>" for item in items)
            self.parts.append(f"<h3>Sources</h3><ol>{lis}</ol>")

    def html(self) -> str:
        self.sources()
        return "".join(self.parts)


def coordinates(lat: float, lon: float) -> str:
    return f"{abs(lat):.3f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.3f}° {'E' if lon >= 0 else 'W'}"
