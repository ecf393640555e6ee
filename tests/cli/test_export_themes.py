"""`explorer export --date/--themes`: the atlas drawn as it stood on the date, with its legend."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from explorer.render.export import ExportOptions, export_map


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "explorer", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def rgb_of(image: QImage) -> np.ndarray:
    """The image's pixels as (height, width, 3) ints."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    bgra = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)
    return bgra[:, :image.width(), 2::-1].astype(int)


def near(image: QImage, colour: str, tolerance: int = 60) -> np.ndarray:
    """Where the image is within a small distance of the colour (lines are antialiased)."""
    wanted = np.array([int(colour[k:k + 2], 16) for k in (1, 3, 5)])
    return np.abs(rgb_of(image) - wanted).sum(axis=2) < tolerance


def differing_pixels(a: QImage, b: QImage, box: tuple[int, int, int, int]) -> int:
    x0, y0, x1, y1 = box
    return sum(a.pixel(x, y) != b.pixel(x, y) for x in range(x0, x1, 2) for y in range(y0, y1, 2))


def test_exports_at_two_dates_differ_where_the_atlas_changed(qapp, tmp_path: Path) -> None:
    # Around Karshi (K2) and Uzbekistan: the base goes, the CSTO shading arrives.
    bbox = (60.0, 36.0, 72.0, 44.0)
    options = {"size": (600, 400), "bbox": bbox, "themes": "alliances:CSTO,bases",
               "legend": False}
    early = QImage(str(export_map(tmp_path / "2003.png",
                                  ExportOptions(date=dt.date(2003, 6, 1), **options))))
    late = QImage(str(export_map(tmp_path / "2008.png",
                                 ExportOptions(date=dt.date(2008, 6, 1), **options))))
    assert differing_pixels(early, late, (0, 0, 600, 400)) > 500


def test_bare_basemap_without_themes_has_no_legend(qapp, tmp_path: Path) -> None:
    bare = QImage(str(export_map(tmp_path / "a.png", ExportOptions(size=(800, 500),
                                                                   themes="none"))))
    themed = QImage(str(export_map(tmp_path / "b.png", ExportOptions(
        size=(800, 500), themes="alliances:CSTO,SCO,bases", date=dt.date(2003, 6, 1)))))
    top_right = (560, 10, 790, 120)  # where the legend sits
    assert differing_pixels(bare, themed, top_right) > 200


def test_cli_date_and_themes(tmp_path: Path) -> None:
    done = run(["export", "m.png", "--date", "2003-06", "--themes", "alliances:SCO,CSTO,bases",
                "--size", "800x500"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert QImage(str(tmp_path / "m.png")).width() == 800


@pytest.mark.parametrize("args, words", [
    (["--date", "2003-13"], "--date"),
    (["--themes", "glaciers"], "unknown theme"),
])
def test_cli_bad_theme_arguments(tmp_path: Path, args, words) -> None:
    done = run(["export", "m.png", *args], cwd=tmp_path)
    assert done.returncode == 2
    assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_select_highlights_and_unknown_ids_are_refused(qapp, tmp_path: Path) -> None:
    from explorer.render.export import ExportError

    options = {"size": (600, 400), "bbox": (55.0, 36.0, 75.0, 46.0), "legend": False,
               "date": dt.date(2003, 6, 1), "themes": "bases"}
    plain = QImage(str(export_map(tmp_path / "a.png", ExportOptions(**options))))
    lit = QImage(str(export_map(tmp_path / "b.png", ExportOptions(select=("UZB",), **options))))
    assert differing_pixels(plain, lit, (0, 0, 600, 400)) > 1000
    with pytest.raises(ExportError, match="not an actor"):
        export_map(tmp_path / "c.png", ExportOptions(select=("XYZ",), **options))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]


def test_cli_draws_the_pipelines_and_energy_themes_on_their_dates(tmp_path: Path) -> None:
    """`--themes pipelines,energy`: the gas lines to China (teal tubes with a white core) and
    Nurek's dam in 2015; none of them before the Central Asia–China pipeline was built."""
    from explorer.model.atlas_themes.energy import SYMBOLS
    from explorer.model.atlas_themes.pipelines import COLOURS

    def count(image: QImage, colour: str) -> int:
        return int(near(image, colour).sum())

    images = {}
    for date in ("2005-01-01", "2015-06-01"):
        done = run(["export", f"{date}.png", "--date", date, "--themes", "pipelines,energy",
                    "--bbox", "62,36,76,44", "--size", "800x500", "--no-legend"], tmp_path)
        assert done.returncode == 0, done.stderr
        images[date] = QImage(str(tmp_path / f"{date}.png"))
    gas, dam = COLOURS["gas"], SYMBOLS["dam"][1]
    assert count(images["2015-06-01"], gas) > 3 * max(count(images["2005-01-01"], gas), 20)
    assert count(images["2015-06-01"], dam) > 10  # Nurek, Toktogul, Sangtuda-1


def test_cli_compare_draws_the_diff_map(tmp_path: Path) -> None:
    """--compare 2005 --date 2013: Georgia, which left the CIS in 2009, shaded red; the same
    map without --compare is not."""
    from explorer.model.atlas_themes.changes import LOST

    images = {}
    for name, extra in (("diff", ["--compare", "2005"]), ("plain", [])):
        done = run(["export", f"{name}.png", "--date", "2013", "--themes", "none", "--bbox",
                    "40,38,48,45", "--size", "600x500", "--no-legend", *extra], tmp_path)
        assert done.returncode == 0, done.stderr
        images[name] = QImage(str(tmp_path / f"{name}.png"))
    red = np.array([int(LOST[k:k + 2], 16) for k in (1, 3, 5)])

    def reddish(image: QImage) -> float:
        rgb = rgb_of(image)
        return float(((rgb[..., 0] - rgb[..., 1]) > 40).mean())  # red well over green

    assert reddish(images["diff"]) > reddish(images["plain"]) + 0.02  # Georgia: ~4% of it
    assert red[0] > red[1]


def test_cli_route_draws_the_way(tmp_path: Path) -> None:
    from explorer.model.atlas_themes.way import COLOUR

    images = {}
    for name, extra in (("way", ["--route", "Tashkent:sea"]), ("plain", [])):
        done = run(["export", f"{name}.png", "--date", "2010", "--themes", "none", "--size",
                    "600x400", "--no-legend", *extra], tmp_path)
        assert done.returncode == 0, done.stderr
        images[name] = QImage(str(tmp_path / f"{name}.png"))
    assert near(images["way"], COLOUR).mean() > 0.002 > near(images["plain"], COLOUR).mean()
    bad = run(["export", "x.png", "--route", "tashkent"], tmp_path)
    assert bad.returncode == 2 and "--route takes FROM:TO" in bad.stderr


@pytest.mark.parametrize("suffix", ["svg", "pdf"])
def test_a_small_page_with_a_long_legend_still_exports(tmp_path: Path, suffix: str) -> None:
    """A legend that leaves the map a flat strip: country names placed in a view flatter than
    their anchor grid's step (once a GEOS error, in PDF a crash)."""
    done = run(["export", f"m.{suffix}", "--size", "800x500", "--date", "2003-06-01",
                "--title", "Bases", "--themes", "alliances,routes,bases,places,events"],
               tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / f"m.{suffix}").stat().st_size > 10_000


def test_the_rival_blocs_map_mode_shades_uzbekistan_and_turkmenistan(qapp, tmp_path) -> None:
    """2010: Uzbekistan in the three blocs at once (red), Turkmenistan in Russia's and the
    West's (purple); neither shaded without the layer."""
    options = {"size": (600, 400), "bbox": (52.0, 36.0, 72.0, 44.0), "legend": False,
               "date": dt.date(2010, 6, 1), "footnotes": False}
    images = {name: rgb_of(QImage(str(export_map(tmp_path / f"{name}.png", ExportOptions(
        themes=themes, **options))))) for name, themes in (("overlap", "overlap"),
                                                           ("plain", "none"))}

    def share(rgb: np.ndarray, test) -> float:
        return float(test(rgb[..., 0], rgb[..., 1], rgb[..., 2]).mean())

    def red(r, g, b):  # the three blocs' red over the land: (221, 152, 122)
        return (r - g > 50) & (r - b > 70)

    def purple(r, g, b):  # Russia's and the West's purple over the land: (199, 156, 178)
        return (b - g > 12) & (r - g > 30)

    assert share(images["overlap"], red) > share(images["plain"], red) + 0.1
    assert share(images["overlap"], purple) > share(images["plain"], purple) + 0.05
