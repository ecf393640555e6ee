"""`explorer export --layer postgresql://…`: the table's rows in the map's extent drawn as a
layer of the page, headless; a dead server or a missing table is one line and no file."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from explorer.cli import main
from explorer.io.postgis import read_view
from tests.layers import as_frame
from tests.postgis.sample import BOX, N, inside, lonlat


def test_a_view_of_the_table_is_a_layer_with_its_columns(tables) -> None:
    data = read_view(f"{tables}?table=field.events", BOX)
    lon, lat = lonlat(N)
    assert len(data) == int(inside(lon, lat).sum()) and data.name == "events"
    assert {"id", "kind", "day"} <= set(as_frame(data).columns)
    assert as_frame(data).crs.to_epsg() == 4326


def test_export_draws_the_table_over_the_map(tables, tmp_path, capsys) -> None:
    plain, drawn = tmp_path / "plain.png", tmp_path / "drawn.png"
    args = ["--size", "800x500", "--themes", "none", "--no-legend", "--no-footnotes"]
    assert main(["export", str(plain), *args]) == 0
    assert main(["export", str(drawn), *args, "--layer",
                 f"{tables}?table=field.events"]) == 0
    before = QImage(str(plain)).convertToFormat(QImage.Format.Format_RGB32)
    after = QImage(str(drawn)).convertToFormat(QImage.Format.Format_RGB32)
    changed = sum(before.pixel(x, y) != after.pixel(x, y)
                  for x in range(0, 800, 4) for y in range(0, 500, 4))
    assert changed > 500  # thousands of points over Central Asia


@pytest.mark.parametrize("where, words", [("field.nothing", "no table field.nothing"),
                                          ("dead", "cannot connect")])
def test_a_bad_table_or_server_is_one_line_and_no_file(tables, tmp_path, capsys, where,
                                                       words) -> None:
    import socket

    if where == "dead":
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            uri = f"postgresql://nobody@127.0.0.1:{s.getsockname()[1]}/x?table=t"
    else:
        uri = f"{tables}?table={where}"
    out = tmp_path / "map.png"
    assert main(["export", str(out), "--size", "400x300", "--layer", uri]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0] and not out.exists()


def test_a_view_over_the_read_limits_takes_max_features(tables, tmp_path, capsys,
                                                        monkeypatch) -> None:
    from explorer.io import read_limits

    monkeypatch.setattr(read_limits, "MAX_FEATURES", 100)
    out, uri = tmp_path / "map.png", f"{tables}?table=field.events"
    args = ["export", str(out), "--size", "400x300", "--bbox", "55,37,73,45", "--layer", uri]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "features in the view" in err and "--max-features" in err and not out.exists()
    assert main([*args, "--max-features", str(N)]) == 0 and out.exists()


def test_a_projects_postgis_layer_is_exported_in_its_style(tables, tmp_path) -> None:
    import json
    from pathlib import Path

    kept = Path(__file__).parents[1] / "data" / "five_themes_2026-12.caexp"
    raw = json.loads(kept.read_text(encoding="utf-8"))
    raw["databases"] = [{"uri": f"{tables}?table=field.events",
                         "style": {"name": "field events", "colour": "#ff00ff",
                                   "point_size": 8}}]
    project = tmp_path / "db.caexp"
    project.write_text(json.dumps(raw), encoding="utf-8")
    out = tmp_path / "map.png"
    assert main(["export", str(out), "--project", str(project), "--size", "800x500",
                 "--themes", "none", "--no-footnotes", "--bbox", "55,37,73,45"]) == 0
    image = QImage(str(out)).convertToFormat(QImage.Format.Format_RGB32)
    magenta = sum(1 for x in range(0, 800, 4) for y in range(0, 500, 4)
                  if (c := image.pixelColor(x, y)).red() > 200 and c.blue() > 200
                  and c.green() < 80)
    assert magenta > 50  # the layer's points, in the project's colour
