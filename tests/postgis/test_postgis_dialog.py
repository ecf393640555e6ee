"""Add PostGIS Layer… against a real server: Connect lists the geometry tables off the GUI
thread, a bad server is an inline error, the answer and the settings never hold a password."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit

from explorer.io.postgis import parse_uri
from explorer.ui.postgis_columns import with_password, without_password
from explorer.ui.postgis_dialog import PostgisDialog, ask_password
from tests.postgis.cluster import free_port
from tests.postgis.sample import N

PASSWORD = "s3cret<b>:@/"  # quoting, and markup that must stay characters


def dialog_for(qtbot, uri: str, port: int | None = None, database: str | None = None):
    """The dialog with its fields set to the server of `uri` (the Parameters tab)."""
    parts = urlsplit(uri)
    dialog = PostgisDialog()
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(0)
    dialog.host.setText(parts.hostname or "")
    dialog.port.setValue(port or parts.port or 5432)
    dialog.database.setText(database or parts.path.lstrip("/"))
    dialog.user.setText(parts.username or "")
    dialog.show()
    return dialog


def connect_and_wait(qtbot, dialog: PostgisDialog, timeout: int = 10_000) -> None:
    dialog.connect_button.click()
    assert dialog.busy and dialog.connect_button.text() == "Stop"  # returned at once
    assert dialog.busy_bar.isVisibleTo(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=timeout)


def listed(dialog: PostgisDialog) -> dict[str, tuple[str, ...]]:
    return {dialog.table.item(row, 0).text(): tuple(dialog.table.item(row, column).text()
                                                    for column in range(1, 5))
            for row in range(dialog.table.rowCount())}


def choose(dialog: PostgisDialog, name: str) -> None:
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == name)
    dialog.table.selectRow(row)


def test_connect_lists_the_geometry_tables_with_srid_and_type(qtbot, tables) -> None:
    dialog = dialog_for(qtbot, tables)
    assert not dialog.ok_button.isEnabled()
    connect_and_wait(qtbot, dialog)
    found = listed(dialog)
    assert found["field.events"] == ("geom", "POINT", "4326", str(N))
    assert found["field.utm"][:3] == ("geom", "POINT", "32642")
    assert dialog.status.text() == "2 tables with geometry."
    assert not dialog.ok_button.isEnabled()  # nothing chosen yet
    choose(dialog, "field.events")
    assert dialog.ok_button.isEnabled()
    assert [dialog.time.itemText(i) for i in range(dialog.time.count())] == ["None", "day"]
    choose(dialog, "field.utm")
    assert dialog.time.count() == 1 and not dialog.time.isEnabled()


def test_a_wrong_port_is_an_inline_error_and_the_dialog_stays_usable(qtbot, tables) -> None:
    dialog = dialog_for(qtbot, tables, port=free_port())
    connect_and_wait(qtbot, dialog)
    assert "cannot connect to postgresql://explorer@127.0.0.1:" in dialog.status.text()
    assert "table=" not in dialog.status.text() and "\\" not in dialog.status.text()
    assert dialog.status.textFormat() == Qt.TextFormat.PlainText
    assert dialog.table.rowCount() == 0 and not dialog.ok_button.isEnabled()
    dialog.port.setValue(urlsplit(tables).port)
    assert dialog.status.text() == ""  # the error belonged to the other port
    connect_and_wait(qtbot, dialog)
    assert "field.events" in listed(dialog)


def test_a_database_without_postgis_says_so(qtbot, tables) -> None:
    dialog = dialog_for(qtbot, tables, database="postgres")
    connect_and_wait(qtbot, dialog)
    assert "PostGIS is not installed" in dialog.status.text()
    assert dialog.connect_button.isEnabled() and dialog.connect_button.text() == "Connect"


def test_the_answer_and_the_settings_hold_no_password(qtbot, tables) -> None:
    from explorer.ui.app_settings import app_settings

    dialog = dialog_for(qtbot, tables)
    dialog.password.setText(PASSWORD)  # the test server trusts: any password will do
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    connect_and_wait(qtbot, dialog)
    choose(dialog, "field.events")
    dialog.time.setCurrentIndex(dialog.time.findData("day"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    choice = dialog.choice
    port = urlsplit(tables).port
    assert choice.uri == (f"postgresql://explorer@127.0.0.1:{port}/explorer_test"
                          "?table=field.events&geom=geom&time=day")
    assert choice.password == PASSWORD
    ref = choice.ref()
    assert (ref.schema, ref.table, ref.geometry, ref.time) == ("field", "events", "geom", "day")
    assert urlsplit(ref.conninfo).password is not None and "s3cret" not in ref.display

    settings = app_settings()
    remembered = {key: str(settings.value(key)) for key in settings.allKeys()}
    assert not any("s3cret" in key or "s3cret" in value for key, value in remembered.items())
    assert remembered["postgis/port"] == str(port)
    again = PostgisDialog()
    qtbot.addWidget(again)
    assert (again.host.text(), again.port.value(), again.database.text(), again.user.text(),
            again.password.text()) == ("127.0.0.1", port, "explorer_test", "explorer", "")


def test_a_uri_with_a_password_is_split_and_its_table_chosen_again(qtbot, tables) -> None:
    from explorer.ui.app_settings import app_settings

    uri = with_password(f"{tables}?table=field.events&time=day", PASSWORD)
    assert without_password(uri) == (f"{tables}?table=field.events&time=day", PASSWORD)
    dialog = PostgisDialog(None, uri)
    qtbot.addWidget(dialog)
    assert dialog.tabs.currentIndex() == 1 and "s3cret" not in dialog.uri.text()
    assert dialog.password.text() == PASSWORD
    connect_and_wait(qtbot, dialog)
    assert dialog.chosen_table().table == "events" and dialog.time.currentData() == "day"
    dialog.accept()
    assert "s3cret" not in dialog.choice.uri and dialog.choice.password == PASSWORD
    assert parse_uri(dialog.choice.uri).table == "events"
    settings = app_settings()
    assert settings.value("postgis/mode") == "uri"
    assert all("s3cret" not in str(settings.value(key)) for key in settings.allKeys())


def test_a_silent_server_can_be_stopped_and_the_dialog_closed(qtbot) -> None:
    """A server that accepts the connection and never answers (libpq waits CONNECT_TIMEOUT_S):
    Stop gives up at once, and the late answer is dropped."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        dialog = dialog_for(qtbot, f"postgresql://nobody@127.0.0.1:{silent.getsockname()[1]}/x")
        dialog.connect_button.click()
        qtbot.wait(300)
        assert dialog.busy and "Connecting to postgresql://nobody@127.0.0.1" in (
            dialog.status.text())
        dialog.connect_button.click()  # Stop
        assert not dialog.busy and dialog.status.text() == "Stopped."
        dialog.reject()
        assert not dialog.isVisible()
    dialog._worker.join(10)  # the socket closed: libpq gives up at once
    assert not dialog._worker.is_alive()
    qtbot.wait(50)
    assert dialog.status.text() == "Stopped." and dialog.table.rowCount() == 0


def test_a_uri_must_be_postgresql(qtbot) -> None:
    dialog = PostgisDialog(None, "mysql://h/db")
    qtbot.addWidget(dialog)
    dialog.connect_button.click()
    assert not dialog.busy and "must start with postgresql://" in dialog.status.text()


@pytest.mark.parametrize("typed", [PASSWORD, None])
def test_ask_password_names_the_server_in_plain_text(qtbot, typed) -> None:
    display = "postgresql://ana@<b>db</b>:5432/atlas?table=field.events"
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        label = next(w for w in box.findChildren(QLabel) if "Password for" in w.text())
        seen.append(label.text())
        assert label.textFormat() == Qt.TextFormat.PlainText
        edit = box.findChild(QLineEdit)
        assert edit.echoMode() == QLineEdit.EchoMode.Password
        if typed is None:
            box.reject()
        else:
            edit.setText(typed)
            box.accept()

    QTimer.singleShot(100, answer)
    assert ask_password(None, display) == typed
    assert seen == [f"Password for {display}:"]
