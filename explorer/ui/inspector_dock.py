"""The inspector dock: the chosen feature's attributes, links, events and sources on the date."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDockWidget, QTextBrowser, QWidget

from explorer.analysis.network import network_metrics
from explorer.model.atlas_themes.way import way_html
from explorer.model.details import (
    details_html,
    metrics_html,
    parse_feature_href,
    user_feature_html,
)
from explorer.model.features import FeatureRef
from explorer.model.network_options import NetworkOptions
from explorer.model.session import Session
from explorer.render.model_signals import follow

EMPTY_TEXT = "Click a feature on the map to see its details and sources."
WEB_SCHEMES = ("http", "https")


class InspectorDock(QDockWidget):
    """Shows `details_html` of one feature for the session's date; follows the date."""

    sigFeatureActivated = Signal(object)  # FeatureRef of an in-page link the user followed

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Inspector", parent)
        self.setObjectName("InspectorDock")
        self.session = session
        self.feature: FeatureRef | None = None
        self._name: str | None = None
        self._metrics_key: tuple | None = None
        self._metrics_cache: dict[str, dict[str, float]] = {}
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setToolTip("Details of the chosen feature; source links open in your "
                                "web browser")
        self.browser.anchorClicked.connect(self._on_link_clicked)
        self.setWidget(self.browser)
        follow(self, session.time.events.date, self._rerender)
        follow(self, session.network.changed, self._on_network_options_changed)
        follow(self, session.themes.events.way, self._rerender)
        self.clear()


    def show_feature(self, ref: FeatureRef | None, name: str | None = None) -> None:
        """Show a feature (None clears); `name` names a country the atlas has no record of."""
        self.feature, self._name = ref, name
        self._render()

    def clear(self) -> None:
        self.show_feature(None)

    def _render(self) -> None:
        if self.feature is None:
            self.browser.setHtml(f"<p><i>{escape(EMPTY_TEXT)}</i></p>")
            return
        day = self.session.time.date
        if self.feature.kind == "user":
            self.browser.setHtml(self._user_feature_html())
            return
        if self.feature.kind == "way":
            self.browser.setHtml(way_html(self.session))
            return
        html = details_html(self.session.atlas, day, self.feature, self._name)
        if self.feature.kind == "country" and self.feature.id in self.session.atlas.actors:
            metrics = self._metrics(day).get(self.feature.id)
            if metrics is not None:  # after the heading's table, before the sections
                head, sep, rest = html.partition("</table>")
                filtered = self.session.network.options.filters() != NetworkOptions().filters()
                html = head + sep + metrics_html(metrics, day, filtered) + rest
        self.browser.setHtml(html)

    def _user_feature_html(self) -> str:
        row = self.feature.user_row()
        found = None if row is None else self.session.user_layers.attributes(*row)
        if found is None:
            return f"<p><i>{escape(EMPTY_TEXT)}</i></p>"
        return user_feature_html(found[0], row[1], found[1])

    def _metrics(self, day: dt.date) -> dict[str, dict[str, float]]:
        """Network metrics of every actor on day in the network panel's network (its filters),
        computed once per day, atlas and filters shown."""
        options = self.session.network.options
        key = (day, id(self.session.atlas), options.filters())
        if self._metrics_key != key:
            self._metrics_cache = network_metrics(self.session.active, None, options)
            self._metrics_key = key
        return self._metrics_cache

    def _on_network_options_changed(self, new: NetworkOptions, old: NetworkOptions) -> None:
        if new.filters() != old.filters():
            self._rerender()

    def _rerender(self, *args: object) -> None:
        """Show the feature again (a new date, or a new way), where the page was scrolled to."""
        if self.feature is not None:
            scroll = self.browser.verticalScrollBar().value()
            self._render()
            self.browser.verticalScrollBar().setValue(scroll)

    def _on_link_clicked(self, url: QUrl) -> None:
        """Web links open in the system browser, feature links here; anything else is ignored."""
        ref = parse_feature_href(url.toString())
        if ref is not None:
            self.show_feature(ref)
            self.sigFeatureActivated.emit(ref)
        elif url.scheme().lower() in WEB_SCHEMES and url.isValid() and url.host():
            QDesktopServices.openUrl(url)
