"""Projects across versions: a file saved before the theme registry opens unchanged; one from a
build with a theme this one lacks opens without it (named, so the user is told); one from a
build without a theme gets that theme's defaults in its place."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from explorer.io.project_file import read_project, write_project
from explorer.model.project import Project
from explorer.model.theme_specs import theme_keys
from explorer.model.themes import ThemeSettings

KEPT = Path(__file__).parents[1] / "data" / "five_themes_2026-12.caexp"
# the themes added since that file was saved
NEW = ("pipelines", "energy", "overlap", "changes", "way")
FUTURE = "glaciers"  # a theme of some later build


def test_a_project_saved_before_the_registry_opens_unchanged(tmp_path: Path) -> None:
    """Its five themes keep their order and settings; the themes added since (pipelines,
    energy) come with their defaults (hidden), after the themes that precede them by default
    (the alliances, on top in that file)."""
    project = read_project(KEPT)
    raw = json.loads(KEPT.read_text(encoding="utf-8"))
    assert [layer.key for layer in project.themes.layers] == [
        "routes", "bases", "places", "events", "alliances", "pipelines", "energy", "overlap",
        "changes", "way"]
    assert not project.themes.layer("pipelines").visible  # the map looks as it did
    assert project.themes.layer("bases").opacity == 0.8
    assert not project.themes.layer("events").visible
    assert project.themes.alliances.organizations == ("CSTO", "GUAM")
    assert project.unknown_themes == ()
    again = tmp_path / "again.caexp"
    write_project(again, project)
    saved = json.loads(again.read_text(encoding="utf-8"))
    old = [layer for layer in saved["themes"]["layers"] if layer["key"] not in NEW]
    kept = {key: saved["themes"][key] for key in raw["themes"]}  # options added since:
    assert {**kept, "layers": old} == raw["themes"]  # their defaults, beside
    assert saved["themes"]["changes_since"] is None and saved["themes"]["way"] is None
    assert saved["selection"] == raw["selection"]
    assert "unknown_themes" not in saved


def test_a_theme_this_build_lacks_is_left_out_and_named(tmp_path: Path) -> None:
    raw = json.loads(KEPT.read_text(encoding="utf-8"))
    raw["themes"]["layers"].insert(1, {"key": FUTURE, "visible": True, "opacity": 0.5})
    project = Project.model_validate(raw)
    assert project.unknown_themes == (FUTURE,)
    assert [layer.key for layer in project.themes.layers if layer.key not in NEW] == [
        "routes", "bases", "places", "events", "alliances"]


def test_a_theme_missing_from_the_file_gets_its_defaults_in_its_place() -> None:
    layers = [{"key": "events", "visible": False}, {"key": "alliances", "opacity": 0.3},
              {"key": "places"}]
    themes = ThemeSettings.model_validate({"layers": layers})
    assert [layer.key for layer in themes.layers] == [
        "events", "alliances", "routes", "pipelines", "energy", "bases", "places", "overlap",
        "changes", "way"]
    assert themes.layer("routes").visible and themes.layer("routes").opacity == 1.0
    assert sorted(layer.key for layer in themes.layers) == sorted(theme_keys())
    with pytest.raises(ValidationError, match="places more than once"):
        ThemeSettings.model_validate({"layers": [*layers, {"key": "places"}]})


def test_export_says_which_themes_it_left_out(tmp_path: Path) -> None:
    raw = json.loads(KEPT.read_text(encoding="utf-8"))
    raw["themes"]["layers"].append({"key": FUTURE, "visible": True, "opacity": 1.0})
    path = tmp_path / "six.caexp"
    path.write_text(json.dumps(raw), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "explorer", "export", str(tmp_path / "m.png"),
                           "--project", str(path), "--size", "400x300"],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert f"themes this version does not have, left out: {FUTURE}" in done.stderr
    assert (tmp_path / "m.png").exists()
