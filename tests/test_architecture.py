"""Architecture contracts: the model never imports Qt; README and CI run the same tests."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_model_io_geo_do_not_import_qt() -> None:
    lint_imports = shutil.which("lint-imports")
    if lint_imports is None:
        pytest.fail("import-linter is part of the test extra; install '.[test]'")
    done = subprocess.run([lint_imports, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```(?:sh|bash)\n(.+?)\n```", text)


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one() -> None:
    commands = readme_commands()
    install_and_run, install_and_test = commands[0], commands[1]
    assert "pip install" in install_and_run and "explorer" in install_and_run
    assert "[test]" in install_and_test and "pytest" in install_and_test
    assert install_and_test in (ROOT / ".ci" / "run").read_text()


HEAVY = ("geopandas", "pandas", "pyogrio", "networkx", "scipy")


def test_a_map_export_loads_no_data_frame_nor_network_library(tmp_path: Path) -> None:
    """`explorer export` is run from scripts: a map-only page loads none of geopandas, pandas,
    pyogrio (its import loads geopandas), networkx or scipy: their imports would take longer
    than the drawing. A briefing in the same process then loads networkx, as it must."""
    import os
    import sys

    code = ("import sys; from explorer.cli import main; "
            f"heavy = {HEAVY!r}; "
            f"assert main(['export', {str(tmp_path / 'map.png')!r}, '--size', '400x300', "
            "'--no-footnotes']) == 0; print('map:', [m for m in heavy if m in sys.modules]); "
            f"assert main(['export', {str(tmp_path / 'brief.png')!r}, '--size', '400x300', "
            "'--no-footnotes', '--briefing']) == 0; print('briefing:', 'networkx' in sys.modules)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "map: []" in lines and "briefing: True" in lines, done.stdout


def test_a_geoparquet_of_points_is_drawn_without_data_frames(tmp_path: Path) -> None:
    """A layer of points in one colour from GeoParquet: pyarrow reads it, numpy draws it;
    geopandas, pandas and pyogrio stay unloaded (a large share of a script's run)."""
    import os
    import sys

    import geopandas as gpd
    import shapely

    gpd.GeoDataFrame({"kind": ["a", "b"]}, geometry=shapely.points([69.2, 66.9], [41.3, 39.6]),
                     crs="EPSG:4326").to_parquet(tmp_path / "events.parquet")
    code = ("import sys; from explorer.cli import main; "
            f"assert main(['export', {str(tmp_path / 'map.png')!r}, '--size', '400x300', "
            f"'--layer', {str(tmp_path / 'events.parquet')!r}]) == 0; "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]", done.stdout
