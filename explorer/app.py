"""GUI entry point: open the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run_gui(paths: Sequence[str] = ()) -> int:
    """Open the window (paths: layer or project files, opened once those readers exist)."""
    from explorer.qt_platform import window_problem

    problem = window_problem()
    if problem:
        print(f"explorer: {problem}", file=sys.stderr)
        return 1
    if paths:
        print("explorer: opening layer and project files is not supported yet; "
              f"ignoring {', '.join(paths)}", file=sys.stderr)

    from PySide6.QtWidgets import QApplication

    from explorer.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Central Asia Explorer")
    app.setOrganizationName("CentralAsiaExplorer")
    window = MainWindow()
    window.show()
    return app.exec()


def main() -> int:
    from explorer.cli import main as cli_main

    return cli_main()
