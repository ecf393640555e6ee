"""What the export dialog remembers between runs: its last file, size, extent, title and
elements."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from explorer.geo.projection import CENTRAL_ASIA_BBOX
from explorer.render.export import DATE_PLACEHOLDER
from explorer.ui.app_settings import app_settings

if TYPE_CHECKING:
    from explorer.ui.export_dialog import ExportDialog

WINDOW, CUSTOM = "window", "custom"  # the size presets that are not paper sizes


def remember(dialog: ExportDialog) -> None:
    """The dialog's choices kept for next time (a title's date as {date}: it follows)."""
    settings = app_settings()
    settings.setValue("export/last_path", dialog.path.text())
    settings.setValue("export/preset", dialog.preset.currentData())
    settings.setValue("export/size", f"{dialog.width_box.value()}x{dialog.height_box.value()}")
    settings.setValue("export/dpi", dialog.dpi_box.value())
    settings.setValue("export/transparent", dialog.transparent.isChecked())
    settings.setValue("export/extent", "bbox" if dialog.chosen_extent.isChecked() else "view")
    settings.setValue("export/bbox", ",".join(f"{b.value():g}" for b in dialog.bbox_boxes))
    for key, box in (("title", dialog.title), ("subtitle", dialog.subtitle)):  # dates follow
        settings.setValue(f"export/{key}", box.text().replace(dialog.date_text(),
                                                              DATE_PLACEHOLDER))
    for key, box in dialog.elements.items():
        settings.setValue(f"export/{key}", box.isChecked())


def restore(dialog: ExportDialog) -> None:
    """The choices kept last time, or the defaults."""
    from explorer.render.export import ExportOptions

    settings = app_settings()
    path = str(settings.value("export/last_path", str(Path.home() / "map.png")))
    dialog.path.setText(path)
    suffix = Path(path).suffix.lower().replace(".jpeg", ".jpg")
    dialog.format.setCurrentIndex(max(0, dialog.format.findData(suffix)))
    dialog.preset.setCurrentIndex(max(0, dialog.preset.findData(
        settings.value("export/preset", WINDOW))))
    width, _, height = str(settings.value("export/size", "1600x1000")).partition("x")
    dialog.width_box.setValue(int(width) if width.isdigit() else 1600)
    dialog.height_box.setValue(int(height) if height.isdigit() else 1000)
    dialog.dpi_box.setValue(settings.value("export/dpi", 96, type=int))
    dialog.transparent.setChecked(settings.value("export/transparent", False, type=bool))
    chosen = settings.value("export/extent", "view") == "bbox"
    (dialog.chosen_extent if chosen else dialog.current_view).setChecked(True)
    try:
        bbox = [float(v) for v in str(settings.value("export/bbox", "")).split(",")]
    except ValueError:
        bbox = []
    for box, value in zip(dialog.bbox_boxes, bbox if len(bbox) == 4 else CENTRAL_ASIA_BBOX,
                          strict=True):
        box.setValue(value)
    for key, box in (("title", dialog.title), ("subtitle", dialog.subtitle)):
        box.setText(str(settings.value(f"export/{key}", "")).replace(DATE_PLACEHOLDER,
                                                                       dialog.date_text()))
    defaults = ExportOptions()
    for key, box in dialog.elements.items():
        box.setChecked(settings.value(f"export/{key}", getattr(defaults, key), type=bool))
