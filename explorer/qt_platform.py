"""Check, before Qt aborts cryptically, that a window can be opened on this machine."""

from __future__ import annotations

import ctypes.util
import os
import sys

# Libraries Qt 6's xcb platform plugin loads, with the Debian/Ubuntu package of each.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-randr": "libxcb-randr0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xfixes": "libxcb-xfixes0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "X11-xcb": "libx11-xcb1",
}


def missing_xcb_packages() -> list[str]:
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]


def window_problem() -> str | None:
    """One sentence saying why no window can open here, or None when Qt should manage."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY"):
        return ("no display to open the window on (DISPLAY is not set); run it in a desktop "
                "session, or use `explorer export OUT` to render maps without a window")
    missing = missing_xcb_packages()
    if missing:
        return ("Qt cannot open an X11 window because system libraries are missing; on "
                f"Debian/Ubuntu install them with: sudo apt-get install {' '.join(missing)}")
    return None
