"""The atlas loader: broken copies of the real files fail with the file, the row and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explorer.io.atlas_reader import ATLAS_DIR, AtlasError, read_atlas
from explorer.paths import GEODATA


def atlas_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "atlas"
    folder.mkdir(parents=True)
    for csv_file in ATLAS_DIR.glob("*.csv"):
        shutil.copy(csv_file, folder)
    return folder


def edit(folder: Path, file: str, old: str, new: str) -> int:
    """Replace old by new (exactly once) in file; the 1-based line where the change starts."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def line_of(folder: Path, file: str, record_id: str) -> int:
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"{record_id},"))


def failure(folder: Path) -> AtlasError:
    with pytest.raises(AtlasError) as exc:
        read_atlas(folder)
    return exc.value


def test_the_default_atlas_is_the_shipped_one_and_loads() -> None:
    assert ATLAS_DIR == GEODATA / "atlas"
    atlas = read_atlas()
    assert "UZB" in atlas.actors and "base_karshi_khanabad" in atlas.bases


@pytest.mark.parametrize("file, record, old, new, field, words", [
    ("memberships.csv", "mem_uzb_csto_2", "mem_uzb_csto_2,UZB,CSTO,member,",
     "mem_uzb_csto_2,UZB,CSTO,membre,", "role", "'member'"),
    ("bases.csv", "base_karshi_khanabad", "2001-10,2005-11-21", "2001-10,2005-21-11", "end",
     "not a real date"),
    ("bases.csv", "base_manas", "2001-12-16,2014-06-03", "2001-12-16,1999", "end",
     "before start"),
    ("places.csv", "tashkent", "tashkent,Tashkent,capital,UZB,41.2647",
     "tashkent,Tashkent,capital,UZB,141.2647", "lat", "less than or equal to 90"),
    ("actors.csv", "IMU", "IMU,Islamic Movement of Uzbekistan,armed_group",
     "IMU,Islamic Movement of Uzbekistan,militia", "kind", "'armed_group'"),
    ("actors.csv", "QAT", "QAT,Qatar,state,,,false,,a_wp_iso3166_alpha3",
     "QAT,,state,,,false,,a_wp_iso3166_alpha3", "name", "required"),
    ("relations.csv", "rel_usa_uzb_diplomatic", "rel_usa_uzb_diplomatic,USA,UZB",
     "rel_usa_uzb_diplomatic,USX,UZB", "source", "'USX' is not an actor"),
    ("places.csv", "tashkent", "g_geonames;g_wp_tashkent\n", "g_geonames;g_wp_taskhent\n",
     "sources", "'g_wp_taskhent' is not a source"),
    ("events.csv", "ev_2005_andijan", "Andijan massacre,UZB,andijan,",
     "Andijan massacre,UZB,andijon,", "place", "'andijon' is not a place"),
    ("routes.csv", "rail_termez_hairatan", "railway,operating,,,UZB;AFG,",
     "railway,operating,,,UZB,", "countries", "lies in AFG"),
    ("memberships.csv", "mem_uzb_ots_1", "mem_uzb_ots_1,UZB,OTS,", "mem_uzb_ots_1,UZB,TUR,",
     "organization", "not an organization"),
])
def test_a_bad_cell_names_file_row_and_field(tmp_path, file, record, old, new, field,
                                             words) -> None:
    folder = atlas_copy(tmp_path)
    edit(folder, file, old, new)
    error = failure(folder)
    assert len(error.problems) == 1, error.report()
    message = str(error)
    assert message.startswith(f"{file}, row {line_of(folder, file, record)}, field {field!r}: ")
    assert words in message


def test_duplicate_ids_point_at_the_second_row(tmp_path) -> None:
    folder = atlas_copy(tmp_path)
    path = folder / "events.csv"
    first = line_of(folder, "events.csv", "ev_2005_andijan")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[first - 1]]) + "\n", encoding="utf-8")
    message = str(failure(folder))
    assert message == (f"events.csv, row {len(lines) + 1}, field 'id': duplicate id "
                       f"'ev_2005_andijan' (first at row {first})")


def test_rows_are_editor_lines_even_after_a_cell_spanning_lines(tmp_path) -> None:
    folder = atlas_copy(tmp_path)
    edit(folder, "bases.csv", "Agreement signed 22 Sep 2003, official opening",
         "Agreement signed 22 Sep 2003,\nofficial opening")  # inside a quoted cell
    edit(folder, "bases.csv", "2004-10-17,,true,\"The Soviet", "2004-10-17,,maybe,\"The Soviet")
    row = line_of(folder, "bases.csv", "base_201_dushanbe")
    assert row == line_of(folder, "bases.csv", "base_kant") + 2
    assert str(failure(folder)).startswith(f"bases.csv, row {row}, field 'approximate': ")


def test_header_problems_are_on_row_1(tmp_path) -> None:
    folder = atlas_copy(tmp_path)
    edit(folder, "routes.csv", "schematic,approximate,note,sources\n",
         "schematic,approximate,notes,sources\n")
    assert str(failure(folder)) == "routes.csv, row 1, field 'notes': unknown column"
    folder = atlas_copy(tmp_path / "again")
    edit(folder, "places.csv", "id,name,kind,country,lat,lon,", "id,name,kind,country,y,lon,")
    messages = [str(p) for p in failure(folder).problems]
    assert "places.csv, row 1, field 'lat': missing column" in messages


def test_a_ragged_row_is_reported(tmp_path) -> None:
    folder = atlas_copy(tmp_path)
    row = edit(folder, "sources.csv", "a_wp_south_korea,South Korea,Wikipedia,",
               "a_wp_south_korea,South Korea Wikipedia,")
    assert str(failure(folder)) == f"sources.csv, row {row}: 5 cells, but the header has 6 columns"


def test_all_problems_are_collected(tmp_path) -> None:
    folder = atlas_copy(tmp_path)
    edit(folder, "memberships.csv", "mem_uzb_csto_2,UZB,CSTO,member,",
         "mem_uzb_csto_2,UZB,CSTO,membre,")
    edit(folder, "bases.csv", "2001-12-16,2014-06-03", "2001-12-16,1999")
    error = failure(folder)
    assert len(error.problems) == 2
    assert str(error).endswith("(and 1 more problem)")
    assert {p.file for p in error.problems} == {"memberships.csv", "bases.csv"}
    assert len(error.report().splitlines()) == 2


def test_missing_file_or_folder(tmp_path) -> None:
    folder = atlas_copy(tmp_path)
    (folder / "sources.csv").unlink()
    assert str(failure(folder)).startswith("sources.csv: missing file")
    assert "no such atlas folder" in str(failure(tmp_path / "nowhere"))


def test_a_file_that_is_not_utf8_is_reported(tmp_path) -> None:
    folder = atlas_copy(tmp_path)
    (folder / "actors.csv").write_bytes("id,name\nUZB,Oʻzbekiston\n".encode("utf-16"))
    assert str(failure(folder)).startswith("actors.csv: not a readable UTF-8 CSV file")
