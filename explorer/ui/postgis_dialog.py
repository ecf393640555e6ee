"""Layer → Add PostGIS Layer…: connect to a server, list its geometry tables, choose one."""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from explorer.io.postgis import GeometryTable, PostgisError, is_postgis_uri, parse_uri
from explorer.io.read_errors import one_line
from explorer.ui.app_settings import app_settings
from explorer.ui.plain_text import plain_tooltip
from explorer.ui.postgis_columns import (
    Listing,
    PostgisChoice,
    list_server,
    message,
    server_part,
    server_uri,
    table_uri,
    with_password,
    without_password,
)

__all__ = ["PostgisChoice", "PostgisDialog", "add_postgis_layer", "ask_password"]

DEFAULT_PORT = 5432
COLUMNS = ("Table", "Geometry column", "Geometry type", "SRID", "Rows (estimate)")
ERROR_STYLE = "color: #b00020"



class _Relay(QObject):
    """Carries a listing to the GUI thread: job id, Listing or None, message or None."""

    done = Signal(int, object, object)


class PostgisDialog(QDialog):
    """Host, port, database, user and password (or a URI); Connect lists the tables with a
    geometry column off the GUI thread; OK, once one is chosen, leaves it in `choice`."""

    def __init__(self, parent: QWidget | None = None, uri: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add PostGIS Layer")
        self.choice: PostgisChoice | None = None
        self.listing: Listing | None = None
        self._listed: tuple[str, str | None] | None = None  # (server URI, password) listed
        self._job = 0
        self._busy = False
        self._worker: threading.Thread | None = None
        self._pending: tuple[str, str | None] = ("", None)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_listed)
        settings = app_settings()

        self.host = QLineEdit(str(settings.value("postgis/host", "localhost")))
        self.host.setToolTip("The server's name or address (blank: the local socket)")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(int(settings.value("postgis/port", DEFAULT_PORT, type=int)))
        self.port.setToolTip(f"The server's port ({DEFAULT_PORT} unless it was set otherwise)")
        self.database = QLineEdit(str(settings.value("postgis/database", "")))
        self.database.setToolTip("The database that holds the tables (PostGIS installed in it)")
        self.user = QLineEdit(str(settings.value("postgis/user", "")))
        self.user.setToolTip("Your user name on the server (blank: your login name)")
        self.uri = QLineEdit()
        self.uri.setPlaceholderText("postgresql://user@host:5432/database")
        self.uri.setToolTip("A libpq connection URI; its other parameters (sslmode=…) are kept")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("from ~/.pgpass or PGPASSWORD")
        self.password.setToolTip("Used for this session only, never saved (blank: libpq reads "
                                 "~/.pgpass or the PGPASSWORD variable)")

        fields = QWidget()
        form = QFormLayout(fields)
        form.addRow("Host:", self.host)
        form.addRow("Port:", self.port)
        form.addRow("Database:", self.database)
        form.addRow("User:", self.user)
        uri_page = QWidget()
        uri_form = QFormLayout(uri_page)
        uri_form.addRow("URI:", self.uri)
        hint = QLabel("Its other parameters (sslmode=require, …) are kept; a password in it "
                      "is used for this session, never saved.")
        hint.setWordWrap(True)
        uri_form.addRow(hint)
        self.tabs = QTabWidget()
        self.tabs.addTab(fields, "Parameters")
        self.tabs.addTab(uri_page, "URI")
        if uri:
            bare, typed = without_password(uri)
            self.uri.setText(bare)
            self.password.setText(typed or "")
            self.tabs.setCurrentWidget(uri_page)
        elif settings.value("postgis/mode") == "uri":
            self.uri.setText(str(settings.value("postgis/uri", "")))
            self.tabs.setCurrentWidget(uri_page)
        self._wanted = None  # the table of a URI given, chosen again once listed
        with contextlib.suppress(PostgisError):
            self._wanted = parse_uri(uri) if uri else None

        self.connect_button = QPushButton("Connect")
        self.connect_button.setToolTip("List the tables with a geometry column you may read")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(90)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.resizeColumnsToContents()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("The tables with a geometry column; one point a feature is shown "
                              "(a point on the surface of a line or polygon)")
        self.time = QComboBox()
        self.time.setToolTip("A date or timestamp column: the map shows the rows dated on or "
                             "before its date (none: every row, whatever the date)")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add")
        self.ok_button.setToolTip("Add the chosen table as a layer")

        connect_row = QHBoxLayout()
        connect_row.addWidget(self.connect_button)
        connect_row.addWidget(self.busy_bar)
        connect_row.addWidget(self.status, 1)
        password_form = QFormLayout()
        password_form.addRow("Password:", self.password)
        time_form = QFormLayout()
        time_form.addRow("Date column:", self.time)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(password_form)
        layout.addLayout(connect_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(time_form)
        layout.addWidget(self.buttons)

        self.connect_button.clicked.connect(self._on_connect_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._on_table_chosen)
        self.table.itemDoubleClicked.connect(lambda _item: self.accept())
        for edit in (self.host, self.database, self.user, self.uri, self.password):
            edit.textEdited.connect(self._forget_listing)
        self.port.valueChanged.connect(self._forget_listing)
        self.tabs.currentChanged.connect(self._forget_listing)
        self._forget_listing()
        self.resize(680, 520)

    # -- connecting ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether a listing is under way."""
        return self._busy

    def server(self) -> tuple[str, str | None]:
        """The server the fields name, as a URI without password, and the password."""
        typed = self.password.text() or None
        if self.tabs.currentIndex() == 1:
            bare, in_uri = without_password(server_part(self.uri.text()))
            return bare, typed or in_uri
        return server_uri(self.host.text().strip(), self.port.value(),
                          self.database.text().strip(), self.user.text().strip()), typed

    def start_listing(self) -> None:
        """List the server's tables on a worker thread; the dialog stays responsive."""
        server, password = self.server()
        if self.tabs.currentIndex() == 1 and not is_postgis_uri(server):
            self._show_error("The URI must start with postgresql:// (postgresql://user@host:"
                             "5432/database)")
            return
        self._forget_listing()
        self._job += 1
        job, relay = self._job, self._relay

        def work() -> None:
            listing, error = None, None
            try:
                listing = list_server(with_password(server, password), server)
            except PostgisError as exc:
                error = message(str(exc))
            except Exception as exc:  # a bad server must never take the app down
                error = message(f"{server}: {type(exc).__name__}: {exc}")
            with contextlib.suppress(RuntimeError):  # the dialog is gone: nobody listens
                relay.done.emit(job, listing, error)

        self._pending = (server, password)
        self._set_busy(True)
        self.status.setText(f"Connecting to {server}…")
        self._worker = threading.Thread(target=work, name="explorer-postgis-list", daemon=True)
        self._worker.start()

    def stop_listing(self) -> None:
        """Give up the listing under way: its answer, when it comes, is dropped."""
        if self._busy:
            self._job += 1
            self._set_busy(False)
            self.status.setText("Stopped.")

    def _on_connect_clicked(self) -> None:
        if self._busy:
            self.stop_listing()
        else:
            self.start_listing()

    def _on_listed(self, job: int, listing: Listing | None, error: str | None) -> None:
        if job != self._job:
            return
        self._set_busy(False)
        if listing is None:
            self._show_error(error or "no answer")
            return
        self.listing, self._listed = listing, self._pending
        self._fill(listing.tables)
        count = len(listing.tables)
        self.status.setText(f"{count} table{'s' if count != 1 else ''} with geometry."
                            if count else "Connected, but no table with a geometry column "
                            "that you may read.")
        self.ok_button.setDefault(True)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        self.status.setStyleSheet("")
        self.connect_button.setText("Stop" if busy else "Connect")
        self.connect_button.setToolTip("Stop connecting" if busy else
                                       "List the tables with a geometry column you may read")

    def _show_error(self, text: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(text)
        self.status.setToolTip(plain_tooltip(text))

    # -- the table list -----------------------------------------------------------------------

    def _forget_listing(self, *_args) -> None:
        """The listing belongs to the server it was made for: editing the server drops it
        (and drops the answer of a listing under way)."""
        if self._busy:
            self._job += 1
            self._set_busy(False)
        self.listing, self._listed = None, None
        self.table.setRowCount(0)
        self.status.setText("")
        self.status.setStyleSheet("")
        self.status.setToolTip("")
        self.connect_button.setDefault(True)
        self._on_table_chosen()

    def _fill(self, tables: list[GeometryTable]) -> None:
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(tables))
        for row, table in enumerate(tables):
            name = QTableWidgetItem(f"{table.schema}.{table.table}")
            name.setData(Qt.ItemDataRole.UserRole, table)
            name.setToolTip(plain_tooltip(f"{table.schema}.{table.table}"))
            rows = QTableWidgetItem()
            rows.setData(Qt.ItemDataRole.DisplayRole, table.rows if table.rows >= 0 else None)
            rows.setToolTip("The planner's estimate" if table.rows >= 0 else
                            "Not known: the table was never analysed")
            srid = QTableWidgetItem()
            srid.setData(Qt.ItemDataRole.DisplayRole, table.srid)
            for column, item in enumerate((name, QTableWidgetItem(table.column),
                                           QTableWidgetItem(table.kind), srid, rows)):
                if column >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        wanted = self._wanted
        for row in range(self.table.rowCount()):
            table = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            if wanted and (table.schema, table.table) == (wanted.schema, wanted.table) and (
                    wanted.geometry in (None, table.column)):
                self.table.selectRow(row)
                self.time.setCurrentIndex(max(0, self.time.findData(wanted.time)))
                break

    def chosen_table(self) -> GeometryTable | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def _on_table_chosen(self) -> None:
        table = self.chosen_table()
        self.time.clear()
        self.time.addItem("None", None)
        for column in self.listing.date_columns(table) if self.listing and table else []:
            self.time.addItem(column, column)
        self.time.setEnabled(self.time.count() > 1)
        self.ok_button.setEnabled(table is not None)

    # -- the answer ---------------------------------------------------------------------------

    def accept(self) -> None:
        table = self.chosen_table()
        if table is None or self._listed is None:
            return
        server, password = self._listed
        self.choice = PostgisChoice(table_uri(server, table, self.time.currentData()),
                                    password)
        self._remember()
        super().accept()

    def reject(self) -> None:
        self.stop_listing()
        super().reject()

    def _remember(self) -> None:
        """The server, never the password."""
        settings = app_settings()
        if self.tabs.currentIndex() == 1:
            settings.setValue("postgis/mode", "uri")
            settings.setValue("postgis/uri", without_password(self.uri.text().strip())[0])
            return
        settings.setValue("postgis/mode", "fields")
        settings.setValue("postgis/host", self.host.text().strip())
        settings.setValue("postgis/port", self.port.value())
        settings.setValue("postgis/database", self.database.text().strip())
        settings.setValue("postgis/user", self.user.text().strip())


def add_postgis_layer(parent: QWidget | None = None,
                      uri: str | None = None) -> PostgisChoice | None:
    """Run the dialog (pre-filled with `uri`, if given); the chosen table, or None."""
    dialog = PostgisDialog(parent, uri)
    return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_password(parent: QWidget | None, display: str) -> str | None:
    """The password for a project's PostGIS layer (`display`: its URI without password);
    blank lets libpq try ~/.pgpass and PGPASSWORD; None when the user cancels."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("PostGIS Password")
    label = QLabel(f"Password for {one_line(display)}:")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText("from ~/.pgpass or PGPASSWORD")
    edit.setToolTip("Used for this session only, never saved")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for widget in (label, edit, buttons):
        layout.addWidget(widget)
    dialog.setMinimumWidth(420)
    return edit.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
