"""Tooltips and inspector pages: what they say about a feature on a date, escaped and sourced."""

from __future__ import annotations

import datetime as dt
import re

from explorer.model.atlas import Atlas
from explorer.model.dates import PartialDate
from explorer.model.details import (
    details_html,
    format_day,
    format_partial,
    interval_text,
    parse_feature_href,
    tooltip,
)
from explorer.model.features import FeatureRef
from explorer.model.records import Base, Source

K2 = FeatureRef("base", "base_karshi_khanabad")
D2003 = dt.date(2003, 6, 1)


def test_dates_read_naturally() -> None:
    assert format_day(dt.date(2003, 6, 1)) == "1 June 2003"
    assert format_partial(PartialDate.parse("2001")) == "2001"
    assert format_partial(PartialDate.parse("2001-10")) == "October 2001"
    start, end = PartialDate.parse("2001-10"), PartialDate.parse("2005-11-21")
    assert interval_text(start, end, iso=True) == "2001-10 – 2005-11-21"
    assert interval_text(start, None) == "since October 2001"
    assert interval_text(None, end) == "until 21 November 2005"
    assert interval_text(None, None) == "since before 1991"


def test_k2_tooltip(atlas) -> None:
    text = tooltip(atlas, D2003, K2)
    assert text == ("Karshi-Khanabad Air Base (K2, Camp Stronghold Freedom) — United States "
                    "base in Uzbekistan, 2001-10 – 2005-11-21")
    assert "\n" not in text
    assert tooltip(atlas, dt.date(2006, 1, 1), K2).endswith("(no longer active on 1 January 2006)")
    assert tooltip(atlas, dt.date(2000, 1, 1), K2).endswith("(not yet active on 1 January 2000)")


def test_tooltips_of_every_kind(atlas) -> None:
    place = tooltip(atlas, D2003, FeatureRef("place", "tashkent"))
    assert place == "Tashkent — capital in Uzbekistan"
    route = tooltip(atlas, D2003, FeatureRef("route", "rail_tejen_sarakhs_mashhad"))
    assert "railway, operating, through Turkmenistan, Iran" in route
    event = tooltip(atlas, D2003, FeatureRef("event", "ev_2005_k2_last_departure"))
    assert event == "21 November 2005: Last US personnel and aircraft leave K2"
    uzbekistan = tooltip(atlas, dt.date(2008, 6, 1), FeatureRef("country", "UZB"))
    assert uzbekistan.startswith("Uzbekistan — member of ") and "CSTO" in uzbekistan
    assert "CSTO" not in tooltip(atlas, D2003, FeatureRef("country", "UZB"))
    assert tooltip(atlas, D2003, FeatureRef("country", "ERI")) == "ERI — no atlas records"
    assert tooltip(atlas, D2003, FeatureRef("country", "ERI"), "Eritrea") == (
        "Eritrea — no atlas records")
    assert "not in the atlas" in tooltip(atlas, D2003, FeatureRef("base", "nowhere"))


def test_countries_and_organizations_by_name_each_country_once(atlas) -> None:
    day = dt.date(2020, 1, 1)
    fergana = FeatureRef("route", "rail_khujand_fergana")  # UZB -> TJK -> UZB
    assert "through Uzbekistan, Tajikistan, since" in tooltip(atlas, day, fergana)
    row = re.search(r"Countries&nbsp;</th><td>(.*?)</td>", details_html(atlas, day, fergana))
    assert re.sub(r"<[^>]+>", "", row.group(1)) == "Uzbekistan, Tajikistan"
    kazakhstan = tooltip(atlas, day, FeatureRef("country", "KAZ"))
    assert "Ashgabat Agreement" in kazakhstan and "ASHGABAT" not in kazakhstan
    ashgabat = next(r for r in atlas.routes.values() if r.corridor == "ashgabat")
    page = details_html(atlas, day, FeatureRef("route", ashgabat.id))
    assert "Corridor&nbsp;</th><td>Ashgabat Agreement corridor</td>" in page


def test_k2_details(atlas) -> None:
    html = details_html(atlas, D2003, K2)
    assert "<h2>Karshi-Khanabad Air Base (K2, Camp Stronghold Freedom)</h2>" in html
    assert 'Operator&nbsp;</th><td><a href="feature:country/USA">United States</a>' in html
    assert 'Host&nbsp;</th><td><a href="feature:country/UZB">Uzbekistan</a>' in html
    assert "October 2001 – 21 November 2005" in html
    assert "US forces deploy to Karshi-Khanabad (K2) air base" in html  # a related event
    sources = re.search(r"<h3>Sources</h3><ol>(.*)</ol>", html).group(1)
    items = re.findall(r"<li>(.*?)</li>", sources)
    base = atlas.bases[K2.id]
    for number, sid in enumerate(base.sources[:2], start=1):  # the base's own come first
        s = atlas.sources[sid]
        assert s.url in items[number - 1] and s.publisher in items[number - 1]
    assert "[1, 2, 3, 4]" in html


def test_related_events_most_recent_first_up_to_the_date(atlas) -> None:
    html = details_html(atlas, dt.date(2006, 1, 1), K2)
    past = html.split("<h3>Related events up to 1 January 2006</h3>")[1].split("</ul>")[0]
    assert past.index("Last US personnel") < past.index("serves notice") < past.index("deploy")


def test_country_details(atlas) -> None:
    html = details_html(atlas, dt.date(2008, 6, 1), FeatureRef("country", "UZB"))
    assert "<h3>Memberships on 1 June 2008</h3>" in html
    assert "Collective Security Treaty Organization" in html
    assert "<h3>Relations on 1 June 2008</h3>" in html
    assert "<h3>Bases on 1 June 2008</h3>" in html and "Termez" in html
    assert "Karshi-Khanabad" not in html.split("<h3>Bases")[1].split("</ul>")[0]
    assert "<h3>Routes through it on 1 June 2008</h3>" in html
    assert html.count("<h3>Sources</h3>") == 1


def test_other_kinds_have_pages(atlas) -> None:
    route = details_html(atlas, D2003, FeatureRef("route", "rail_tejen_sarakhs_mashhad"))
    assert '<a href="feature:place/tejen">Tejen</a>' in route and "<h3>Sources</h3>" in route
    place = details_html(atlas, D2003, FeatureRef("place", "karshi"))
    assert "Routes through it" in place or "Related events" in place or "After" in place
    event = details_html(atlas, D2003, FeatureRef("event", "ev_2005_k2_eviction"))
    assert "still to come" in event and 'href="feature:place/tashkent"' in event


def test_a_country_the_atlas_lacks() -> None:
    html = details_html(Atlas(), D2003, FeatureRef("country", "FRA"), name="France")
    assert "<h2>France</h2>" in html and "no records" in html


def test_all_text_is_escaped() -> None:
    source = Source(id="s", title="<script>x</script>", publisher="A & B",
                    url="https://example.org/?a=1&b=\"2\"")
    base = Base(id="b", name="<b>Base</b>", operator="USA", host="UZB", lat=1, lon=2,
                note="<img src=x onerror=alert(1)>", sources=("s",))
    atlas = Atlas(bases={"b": base}, sources={"s": source})
    html = details_html(atlas, D2003, FeatureRef("base", "b"))
    assert "<script>" not in html and "<img" not in html and "<b>Base" not in html
    assert "&lt;script&gt;" in html and "A &amp; B" in html
    assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in html


def test_feature_links_round_trip() -> None:
    assert parse_feature_href("feature:base/base_manas") == FeatureRef("base", "base_manas")
    assert parse_feature_href("feature:planet/x") is None
    assert parse_feature_href("https://example.org") is None
