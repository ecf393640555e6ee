"""What the hover tooltips and the inspector say about a feature on a date (plain text / HTML);
each theme writes its own features' part (its spec's `about`, `page` and `country`)."""

from __future__ import annotations

import datetime as dt
from html import escape

from explorer.model.atlas import Atlas
from explorer.model.detail_page import (
    FEATURE_SCHEME,
    Page,
    format_day,
    format_partial,
    interval_text,
    role_phrase,
    roles_text,
    sentence,
    state_on,
    words,
)
from explorer.model.features import FeatureRef
from explorer.model.network_options import METRICS
from explorer.model.records import Relation
from explorer.model.theme_specs import feature_kinds, feature_record, themes

__all__ = ["details_html", "format_day", "format_partial", "interval_text", "metrics_html",
           "metrics_lines", "parse_feature_href", "tooltip", "user_feature_html",
           "user_feature_tooltip"]


def parse_feature_href(href: str) -> FeatureRef | None:
    """The feature an in-page link names, or None when it is not such a link."""
    scheme, _, rest = href.partition(":")
    kind, _, rid = rest.partition("/")
    if scheme != FEATURE_SCHEME or kind not in feature_kinds() or not rid:
        return None
    return FeatureRef(kind, rid)


def tooltip(atlas: Atlas, day: dt.date, ref: FeatureRef, name: str | None = None) -> str:
    """One line about the feature on day; `name` names a country the atlas does not know."""
    if ref.kind == "country":
        actor = atlas.actors.get(ref.id)
        if actor is None:
            return f"{name or ref.id} — no atlas records"
        roles = roles_text(atlas, ref.id, day)
        return f"{actor.name} — {roles}" if roles else actor.name
    found = feature_record(atlas, ref)
    if found is None:
        return f"{words(ref.kind)} {ref.id} (not in the atlas)"
    spec, record = found
    if spec.tooltip is not None:
        return spec.tooltip(atlas, record)
    text = f"{spec.name(record)} — {spec.about(atlas, record)}"
    state = state_on(record, day)
    return text if state == "active" else f"{text} ({state} active on {format_day(day)})"


def _relation_item(page: Page, country: str, r: Relation) -> str:
    kind = escape(sentence(words(r.type)))
    if r.directed:
        ends = f"{kind}: {page.actor(r.source)} → {page.actor(r.target)}"
    else:
        ends = f"{kind} with {page.actor(r.target if r.source == country else r.source)}"
    label = f" — {escape(r.label)}" if r.label else ""
    return (f"{ends}{label} "
            f"({escape(interval_text(r.start, r.end))}){page.cite(r)}")


def _country_page(page: Page, iso3: str) -> None:
    """A country's code and note, its memberships and relations on the date, each theme's
    part (its bases, the lines through it…) and its events."""
    atlas, day = page.atlas, page.day
    actor = atlas.actors[iso3]
    page.table([("Code", escape(iso3)), *page.common_rows(actor), ("Sources", page.cite(actor))])
    page.section(f"Memberships on {page.on}", [
        f"{escape(sentence(role_phrase(m.role)))} {page.actor(m.organization)} "
        f"({escape(interval_text(m.start, m.end))}){page.cite(m)}"
        for m in sorted(atlas.memberships_of(iso3, day), key=lambda m: m.organization)
        if m.actor == iso3], empty="None recorded.")
    page.section(f"Relations on {page.on}", [
        _relation_item(page, iso3, r)
        for r in sorted(atlas.relations_of(iso3, day), key=lambda r: (r.type, r.id))],
        empty="None recorded.")
    for spec in reversed(themes()):  # the top theme's part first, as in the legend
        spec.country(page, iso3)
    page.events(atlas.events_of(iso3))


def details_html(atlas: Atlas, day: dt.date, ref: FeatureRef, name: str | None = None) -> str:
    """The inspector page of a feature on day: attributes, interval, linked actors, related
    events and numbered sources; all text escaped. `name` names a country the atlas lacks."""
    page = Page(atlas, day)
    if ref.kind == "country":
        actor = atlas.actors.get(ref.id)
        if actor is None:
            page.heading(name or ref.id, f"Country {ref.id}")
            page.parts.append(f"<p>The atlas has no records for {escape(name or ref.id)}: no "
                              "memberships, relations, bases, routes or events.</p>")
            return page.html()
        kind = words(actor.kind).capitalize() if actor.kind != "state" else "State"
        page.heading(actor.name, sentence(roles_text(atlas, ref.id, day)) or kind)
        _country_page(page, ref.id)
        return page.html()
    found = feature_record(atlas, ref)
    if found is None:
        page.heading(ref.id, f"No {words(ref.kind)} {ref.id} in the atlas")
        return page.html()
    spec, record = found
    page.heading(spec.name(record), sentence(spec.about(atlas, record)))
    spec.page(page, record)
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
