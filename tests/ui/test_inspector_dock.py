"""The inspector shows a feature's details on the date and opens only web links."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from explorer.io.atlas_reader import read_atlas
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.ui.inspector_dock import EMPTY_TEXT, InspectorDock
from tests.ui.helpers import shown

K2 = FeatureRef("base", "base_karshi_khanabad")


@pytest.fixture
def dock(qtbot, session) -> InspectorDock:
    return shown(qtbot, InspectorDock(session), (400, 600))


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    calls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: calls.append(url.toString()) or True))
    return calls


def test_starts_empty(dock) -> None:
    assert dock.browser.toPlainText() == EMPTY_TEXT
    assert dock.feature is None


def test_shows_k2_with_operator_host_and_sources(dock, atlas) -> None:
    dock.show_feature(K2)
    text = dock.browser.toPlainText()
    assert "Karshi-Khanabad Air Base" in text
    assert "Operator" in text and "United States" in text
    assert "Host" in text and "Uzbekistan" in text
    assert "On 1 June 2003" in text and "active" in text
    html = dock.browser.toHtml()
    for sid in atlas.bases[K2.id].sources:
        assert atlas.sources[sid].url in html
    assert dock.browser.toolTip()


def test_refreshes_when_the_date_changes(dock, session) -> None:
    dock.show_feature(K2)
    session.time.date = dt.date(2006, 1, 1)
    text = dock.browser.toPlainText()
    assert "On 1 January 2006" in text and "no longer active" in text
    dock.clear()
    session.time.date = dt.date(2003, 1, 1)
    assert dock.browser.toPlainText() == EMPTY_TEXT


def test_only_web_links_open_in_the_browser(dock, opened) -> None:
    dock.show_feature(K2)
    for url in ("javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x",
                "mailto:someone@example.org", "data:text/html,<b>x</b>"):
        dock.browser.anchorClicked.emit(QUrl(url))
    assert opened == []
    dock.browser.anchorClicked.emit(QUrl("https://en.wikipedia.org/wiki/Karshi-Khanabad_Air_Base"))
    dock.browser.anchorClicked.emit(QUrl("http://news.bbc.co.uk/2/hi/asia-pacific/4457844.stm"))
    assert opened == ["https://en.wikipedia.org/wiki/Karshi-Khanabad_Air_Base",
                      "http://news.bbc.co.uk/2/hi/asia-pacific/4457844.stm"]
    assert dock.feature == K2  # the page stays


def test_feature_links_navigate_inside_the_dock(qtbot, dock, opened) -> None:
    dock.show_feature(K2)
    with qtbot.waitSignal(dock.sigFeatureActivated) as blocker:
        dock.browser.anchorClicked.emit(QUrl("feature:country/UZB"))
    assert blocker.args == [FeatureRef("country", "UZB")]
    assert dock.feature == FeatureRef("country", "UZB")
    assert "Memberships on 1 June 2003" in dock.browser.toPlainText()
    assert opened == []


def test_a_country_without_atlas_records(dock) -> None:
    dock.show_feature(FeatureRef("country", "ERI"), name="Eritrea")
    text = dock.browser.toPlainText()
    assert "Eritrea" in text and "no records" in text


def test_a_deleted_dock_stops_listening(qtbot, session) -> None:
    widget = InspectorDock(session)
    widget.show_feature(K2)
    widget.deleteLater()
    qtbot.wait(10)
    session.time.date = dt.date(2010, 1, 1)
    assert session.time.date == dt.date(2010, 1, 1)


def test_an_actor_shows_its_network_metrics_on_the_date(qtbot) -> None:
    import datetime as dt

    from explorer.model.features import FeatureRef
    from explorer.ui.inspector_dock import InspectorDock

    session = Session(read_atlas(), dt.date(2003, 6, 1))
    dock = InspectorDock(session)
    qtbot.addWidget(dock)
    dock.show_feature(FeatureRef("country", "UZB"))
    text = dock.browser.toPlainText()
    assert "In the network on 1 June 2003" in text and "Betweenness" in text
    dock.show_feature(FeatureRef("base", "base_karshi_khanabad"))
    assert "Betweenness" not in dock.browser.toPlainText()
