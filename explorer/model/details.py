"""What the hover tooltips and the inspector say about a feature on a date (plain text / HTML)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from html import escape

from explorer.model.atlas import Atlas
from explorer.model.corridors import corridor_label
from explorer.model.dates import PartialDate
from explorer.model.features import FEATURE_KINDS, FeatureRef
from explorer.model.network_options import METRICS
from explorer.model.records import Base, Event, Place, Relation, Route, Sourced
from explorer.model.session import TIMELINE_START
from explorer.model.theme_specs import FEATURE_TABLES

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
FEATURE_SCHEME = "feature"  # in-page links to other features: feature:country/UZB
RECENT_EVENTS = 6  # related events shown up to the date, most recent first
LATER_EVENTS = 3  # and the next ones after it
ROUTE_KINDS = {"maritime": "sea route"}
ROLE_PHRASES = {"suspended": "suspended from", "dialogue_partner": "dialogue partner of"}
BASE_EVENT_MARGIN = dt.timedelta(days=366)  # a base's events: its actors', around its interval


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


def parse_feature_href(href: str) -> FeatureRef | None:
    """The feature an in-page link names, or None when it is not such a link."""
    scheme, _, rest = href.partition(":")
    kind, _, rid = rest.partition("/")
    if scheme != FEATURE_SCHEME or kind not in FEATURE_KINDS or not rid:
        return None
    return FeatureRef(kind, rid)  # type: ignore[arg-type]


def _words(value: str) -> str:
    return value.replace("_", " ")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _role(role: str) -> str:
    return ROLE_PHRASES.get(role, f"{role} of")


def _actor_name(atlas: Atlas, actor: str) -> str:
    found = atlas.actors.get(actor)
    return found.name if found is not None else actor


def _state_on(record: Sourced, day: dt.date) -> str:
    start, end = getattr(record, "start", None), getattr(record, "end", None)
    if start is not None and day < start.first_day:
        return "not yet"
    if end is not None and day >= end.first_day:
        return "no longer"
    return "active"


def _short_name(atlas: Atlas, actor: str) -> str:
    found = atlas.actors.get(actor)
    return found.short_name if found is not None else actor


def _route_countries(r: Route) -> list[str]:
    """The countries a route crosses, each once, in the order it first enters them."""
    return list(dict.fromkeys(r.countries))


def _roles_text(atlas: Atlas, country: str, day: dt.date) -> str:
    roles: dict[str, list[str]] = {}
    for m in atlas.memberships_of(country, day):
        if m.actor == country:
            roles.setdefault(m.role, []).append(_short_name(atlas, m.organization))
    return "; ".join(f"{_role(role)} {', '.join(sorted(orgs))}"
                     for role, orgs in sorted(roles.items()))


# --- tooltips ---------------------------------------------------------------------------------

def _base_about(atlas: Atlas, b: Base) -> str:
    return (f"{_actor_name(atlas, b.operator)} base in {_actor_name(atlas, b.host)}, "
            f"{interval_text(b.start, b.end, iso=True)}")


def _route_about(atlas: Atlas, r: Route) -> str:
    countries = ", ".join(_actor_name(atlas, c) for c in _route_countries(r))
    return (f"{ROUTE_KINDS.get(r.kind, r.kind)}, {_words(r.status)}, through {countries}, "
            f"{interval_text(r.start, r.end, iso=True)}")


def _place_about(atlas: Atlas, p: Place) -> str:
    return f"{_words(p.kind)} in {_actor_name(atlas, p.country)}"


def _event_about(atlas: Atlas, e: Event) -> str:
    return f"event of {format_partial(e.date)}"


_ABOUT: dict[str, Callable] = {"base": _base_about, "route": _route_about,
                               "place": _place_about, "event": _event_about}


def tooltip(atlas: Atlas, day: dt.date, ref: FeatureRef, name: str | None = None) -> str:
    """One line about the feature on day; `name` names a country the atlas does not know."""
    if ref.kind == "country":
        actor = atlas.actors.get(ref.id)
        if actor is None:
            return f"{name or ref.id} — no atlas records"
        roles = _roles_text(atlas, ref.id, day)
        return f"{actor.name} — {roles}" if roles else actor.name
    record = atlas.table(FEATURE_TABLES[ref.kind]).get(ref.id)
    if record is None:
        return f"{ref.kind} {ref.id} (not in the atlas)"
    if isinstance(record, Event):
        return f"{format_partial(record.date)}: {record.title}"
    text = f"{record.name} — {_ABOUT[ref.kind](atlas, record)}"
    state = _state_on(record, day)
    return text if state == "active" else f"{text} ({state} active on {format_day(day)})"


# --- details pages ----------------------------------------------------------------------------

class _Page:
    """An HTML page under construction, with numbered citations of the records it shows."""

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

    def link(self, ref: FeatureRef, text: str) -> str:
        return f'<a href="{escape(feature_href(ref))}">{escape(text)}</a>'

    def actor(self, actor: str) -> str:
        found = self.atlas.actors.get(actor)
        if found is not None and found.kind == "state":
            return self.link(FeatureRef("country", actor), found.name)
        return escape(_actor_name(self.atlas, actor))

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
        state = _state_on(record, self.day)
        return [("Period", escape(interval_text(start, end))),
                ("On " + format_day(self.day), "active" if state == "active"
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
        on = format_day(self.day)
        self.section(f"Related events up to {on}", [self.event_item(e) for e in past])
        self.section(f"After {on}", [self.event_item(e) for e in later])

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


def _coordinates(lat: float, lon: float) -> str:
    return f"{abs(lat):.3f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.3f}° {'E' if lon >= 0 else 'W'}"


def _base_page(page: _Page, b: Base) -> None:
    own = page.cite(b)
    page.table([("Operator", page.actor(b.operator)), ("Host", page.actor(b.host)),
                *page.interval_rows(b), ("Position", _coordinates(b.lat, b.lon)),
                *page.common_rows(b), ("Sources", own)])
    low = b.start.first_day - BASE_EVENT_MARGIN if b.start else dt.date.min
    high = b.end.first_day + BASE_EVENT_MARGIN if b.end else dt.date.max
    page.events(e for e in page.atlas.events.values() if b.operator in e.actors
                and b.host in e.actors and low <= e.date.first_day <= high)


def _route_page(page: _Page, r: Route) -> None:
    own = page.cite(r)
    places = [page.link(FeatureRef("place", p), page.atlas.places[p].name)
              if p in page.atlas.places else escape(p) for p in r.waypoints]
    page.table([("Kind", escape(ROUTE_KINDS.get(r.kind, r.kind))),
                ("Status", escape(_words(r.status))), *page.interval_rows(r),
                ("Countries", ", ".join(page.actor(c) for c in _route_countries(r))),
                ("Through", " → ".join(places)),
                ("Corridor", escape(corridor_label(page.atlas, r.corridor) if r.corridor else "")),
                ("Drawn", "schematically" if r.schematic else ""),
                *page.common_rows(r), ("Sources", own)])
    page.events(e for e in page.atlas.events.values() if e.place in r.waypoints)


def _place_page(page: _Page, p: Place) -> None:
    own = page.cite(p)
    page.table([("Kind", escape(_words(p.kind))), ("Country", page.actor(p.country)),
                ("Position", _coordinates(p.lat, p.lon)), *page.common_rows(p),
                ("Sources", own)])
    page.section("Routes through it", [
        f"{page.link(FeatureRef('route', r.id), r.name)} ({escape(_words(r.status))}, "
        f"{escape(interval_text(r.start, r.end))})"
        for r in page.atlas.routes.values() if p.id in r.waypoints])
    page.events(e for e in page.atlas.events.values() if e.place == p.id)


def _event_page(page: _Page, e: Event) -> None:
    own = page.cite(e)
    where = page.atlas.places.get(e.place or "")
    happened = "happened" if e.date.first_day <= page.day else "still to come"
    page.table([("Date", escape(format_partial(e.date))),
                ("On " + format_day(page.day), happened),
                ("Actors", ", ".join(page.actor(a) for a in e.actors)),
                ("Place", page.link(FeatureRef("place", where.id), where.name) if where else ""),
                *page.common_rows(e), ("Sources", own)])
    page.events((x for x in page.atlas.events.values() if e.place and x.place == e.place),
                skip=e.id)


def _relation_item(page: _Page, country: str, r: Relation) -> str:
    kind = escape(_sentence(_words(r.type)))
    if r.directed:
        ends = f"{kind}: {page.actor(r.source)} → {page.actor(r.target)}"
    else:
        ends = f"{kind} with {page.actor(r.target if r.source == country else r.source)}"
    label = f" — {escape(r.label)}" if r.label else ""
    return (f"{ends}{label} "
            f"({escape(interval_text(r.start, r.end))}){page.cite(r)}")


def _country_page(page: _Page, iso3: str) -> None:
    atlas, day = page.atlas, page.day
    actor = atlas.actors[iso3]
    page.table([("Code", escape(iso3)), *page.common_rows(actor), ("Sources", page.cite(actor))])
    on = format_day(day)
    page.section(f"Memberships on {on}", [
        f"{escape(_sentence(_role(m.role)))} {page.actor(m.organization)} "
        f"({escape(interval_text(m.start, m.end))}){page.cite(m)}"
        for m in sorted(atlas.memberships_of(iso3, day), key=lambda m: m.organization)
        if m.actor == iso3], empty="None recorded.")
    page.section(f"Relations on {on}", [
        _relation_item(page, iso3, r)
        for r in sorted(atlas.relations_of(iso3, day), key=lambda r: (r.type, r.id))],
        empty="None recorded.")
    bases = [b for b in atlas.bases_of(iso3) if b.active_on(day)]
    page.section(f"Bases on {on}", [
        f"{page.link(FeatureRef('base', b.id), b.name)} — "
        f"{page.actor(b.operator)} in {page.actor(b.host)}{page.cite(b)}" for b in bases])
    page.section(f"Routes through it on {on}", [
        f"{page.link(FeatureRef('route', r.id), r.name)} ({escape(_words(r.status))}){page.cite(r)}"
        for r in atlas.routes_through(iso3) if r.active_on(day)])
    page.events(atlas.events_of(iso3))


_PAGES: dict[str, Callable] = {"base": _base_page, "route": _route_page, "place": _place_page,
                               "event": _event_page}


def details_html(atlas: Atlas, day: dt.date, ref: FeatureRef, name: str | None = None) -> str:
    """The inspector page of a feature on day: attributes, interval, linked actors, related
    events and numbered sources; all text escaped. `name` names a country the atlas lacks."""
    page = _Page(atlas, day)
    if ref.kind == "country":
        actor = atlas.actors.get(ref.id)
        if actor is None:
            page.heading(name or ref.id, f"Country {ref.id}")
            page.parts.append(f"<p>The atlas has no records for {escape(name or ref.id)}: no "
                              "memberships, relations, bases, routes or events.</p>")
            return page.html()
        kind = _words(actor.kind).capitalize() if actor.kind != "state" else "State"
        page.heading(actor.name, _sentence(_roles_text(atlas, ref.id, day)) or kind)
        _country_page(page, ref.id)
        return page.html()
    record = atlas.table(FEATURE_TABLES[ref.kind]).get(ref.id)
    if record is None:
        page.heading(ref.id, f"No {ref.kind} {ref.id} in the atlas")
        return page.html()
    title = record.title if isinstance(record, Event) else record.name
    page.heading(title, _sentence(_ABOUT[ref.kind](atlas, record)))
    _PAGES[ref.kind](page, record)
    return page.html()


def metrics_lines(metrics: dict[str, float]) -> list[tuple[str, str]]:
    """An actor's numbers as every view words them: (label, value) for degree, betweenness
    and eigenvector centrality (analysis.network.node_metrics's)."""
    return [(metric.label, f"{metrics.get(key, 0):.{metric.digits}f}")
            for key, metric in METRICS.items()]


def metrics_html(metrics: dict[str, float], day: dt.date, filtered: bool = False) -> str:
    """The actor's place in the network on day, as the network panel draws it (`filtered`:
    with some ties or actors left out there)."""
    rows = "".join(f"<tr><th align='left'>{escape(label)}&nbsp;</th><td>{value}</td></tr>"
                   for label, value in metrics_lines(metrics))
    scope = " (with the network panel's filters)" if filtered else ""
    return (f"<h3>In the network on {escape(format_day(day))}{scope}</h3>"
            f"<table>{rows}</table>")


def user_feature_tooltip(layer_name: str, values: dict[str, object]) -> str:
    """One line: the layer's name and the feature's first few attribute values."""
    shown = [f"{k}: {v}" for k, v in list(values.items())[:3] if str(v) not in ("", "nan")]
    return f"{layer_name} — " + ", ".join(shown) if shown else layer_name


def user_feature_html(layer_name: str, row: int, values: dict[str, object]) -> str:
    """A feature of one of the user's layers: its attributes, as they are in the file."""
    rows = "".join(f"<tr><th align='left' valign='top'>{escape(str(k))}&nbsp;</th>"
                   f"<td>{escape(str(v))}</td></tr>" for k, v in values.items())
    return (f"<h2>{escape(layer_name)}</h2><p><i>Feature {row + 1} of your layer; the values "
            f"come from your file.</i></p><table cellspacing='2'>{rows}</table>")
