"""Text from users and files in a message box stays plain text: no link to click."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from explorer.ui.messages import message_box

HOSTILE = ('Cannot open <a href="file:///etc/passwd">report.geojson</a> or '
           '<a href="smb://evil/share">the share</a>')


def test_a_link_in_a_file_name_is_plain_text(qtbot) -> None:
    box = message_box(QMessageBox.Icon.Warning, "Cannot Open File", HOSTILE)
    qtbot.addWidget(box)
    box.show()
    assert box.textFormat() == Qt.TextFormat.PlainText
    shown = [label for label in box.findChildren(QLabel) if label.text() == HOSTILE]
    assert shown, "the text is shown as it is, tags and all"
    for label in shown:
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert not label.openExternalLinks()
        flags = label.textInteractionFlags()
        assert not flags & Qt.TextInteractionFlag.LinksAccessibleByMouse
        assert not flags & Qt.TextInteractionFlag.LinksAccessibleByKeyboard


def test_no_message_box_of_the_app_bypasses_the_plain_text_one() -> None:
    from pathlib import Path

    import explorer.ui

    folder = Path(explorer.ui.__file__).parent
    for module in folder.glob("*.py"):
        if module.name in {"messages.py", "about.py"}:  # about: the app's own text and link
            continue
        text = module.read_text(encoding="utf-8")
        for call in ("QMessageBox.warning(", "QMessageBox.question(", "QMessageBox.critical(",
                     "QMessageBox.information(", "QMessageBox("):
            assert call not in text, f"{module.name} calls {call}: use explorer.ui.messages"
