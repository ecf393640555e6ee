"""GUI entry point: open the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run_gui(paths: Sequence[str] = ()) -> int:
    """Open the window; PATHs are the user's vector files, opened as layers, or one project
    file (.caexp)."""
    from explorer.qt_platform import window_problem

    problem = window_problem()
    if problem:
        print(f"explorer: {problem}", file=sys.stderr)
        return 1
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from explorer.paths import APPLICATION, ORGANIZATION
    from explorer.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    window = MainWindow()
    window.show()
    # Once the window is up: stale temp files cleared, the offer to recover a crashed
    # session's autosave, then the project and layer files (read off the GUI thread; bad
    # files get a message).
    if window.projects is not None:
        QTimer.singleShot(0, lambda: window.projects.start(list(paths)))
    elif paths:
        QTimer.singleShot(0, lambda: window.open_paths(list(paths)))
    return app.exec()
