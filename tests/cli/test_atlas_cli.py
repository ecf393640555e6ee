"""`explorer atlas`: the JSON contract, the state of things on a date, one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.io.atlas_reader import ATLAS_DIR, read_atlas

KEYS = {
    "actors": {"id", "name", "kind", "start", "end", "sources"},
    "memberships": {"id", "actor", "organization", "role", "start", "end", "sources"},
    "relations": {"id", "source", "target", "type", "start", "end", "sources"},
    "bases": {"id", "name", "operator", "host", "lat", "lon", "start", "end", "sources"},
    "routes": {"id", "name", "kind", "status", "start", "end", "countries", "sources"},
    "places": {"id", "name", "kind", "lat", "lon", "country", "sources"},
    "events": {"id", "date", "title", "actors", "sources"},
    "pipelines": {"id", "name", "kind", "status", "start", "end", "countries", "waypoints",
                  "operators", "sources"},
    "energy_sites": {"id", "name", "kind", "status", "start", "end", "country", "lat", "lon",
                     "sources"},
}


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "explorer", "atlas", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def atlas_json(args: list[str], cwd: Path) -> dict:
    done = run([*args, "--json"], cwd)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def june_2003(tmp_path_factory) -> dict:
    return atlas_json(["--date", "2003-06-01"], tmp_path_factory.mktemp("cwd"))


def test_json_follows_the_contract(june_2003) -> None:
    assert list(june_2003) == ["date", *KEYS, "sources"]
    assert june_2003["date"] == "2003-06-01"
    for table, keys in KEYS.items():
        assert june_2003[table], f"no {table} in 2003"
        for record in june_2003[table]:
            assert keys <= set(record), (table, record["id"])
            assert record["sources"] and all(s in june_2003["sources"] for s in record["sources"])
    for citation in june_2003["sources"].values():
        assert {"title", "publisher", "url", "date"} <= set(citation)


def test_2003_has_k2_and_uzbekistan_outside_the_csto(june_2003) -> None:
    assert "base_karshi_khanabad" in {b["id"] for b in june_2003["bases"]}
    uzbekistan = {(m["organization"], m["role"]) for m in june_2003["memberships"]
                  if m["actor"] == "UZB"}
    assert not any(organization == "CSTO" for organization, _ in uzbekistan)
    assert {("CIS", "member"), ("SCO", "member"), ("GUAM", "suspended")} <= uzbekistan
    k2 = next(b for b in june_2003["bases"] if b["id"] == "base_karshi_khanabad")
    assert (k2["operator"], k2["host"], k2["start"], k2["end"]) == ("USA", "UZB", "2001-10",
                                                                    "2005-11-21")
    assert all(e["date"] <= "2003-06-01" for e in june_2003["events"])
    assert "ev_2005_andijan" not in {e["id"] for e in june_2003["events"]}


def test_2008_has_uzbekistan_back_in_the_csto_and_no_k2(tmp_path) -> None:
    state = atlas_json(["--date", "2008"], tmp_path)
    assert ("UZB", "CSTO", "member") in {(m["actor"], m["organization"], m["role"])
                                         for m in state["memberships"]}
    assert "base_karshi_khanabad" not in {b["id"] for b in state["bases"]}
    assert state["date"] == "2008"


def test_without_a_date_everything(tmp_path) -> None:
    everything = atlas_json([], tmp_path)
    atlas = read_atlas()
    assert everything["date"] is None
    for table in KEYS:
        assert [r["id"] for r in everything[table]] == list(atlas.table(table))
    assert set(everything["sources"]) == set(atlas.sources)


def test_tables_for_people(tmp_path) -> None:
    done = run(["--date", "2003-06-01"], tmp_path)
    assert done.returncode == 0, done.stderr
    for heading in ("Actors (", "Memberships (", "Relations (", "Bases (", "Routes (",
                    "Places (", "Events ("):
        assert f"\n{heading}" in done.stdout
    assert "base_karshi_khanabad" in done.stdout and "2003-06-01" in done.stdout.splitlines()[0]


@pytest.mark.parametrize("date, words", [
    ("2003-13-01", "not a real date"),
    ("2003-02-30", "not a real date"),
    ("June 2003", "--date takes YYYY, YYYY-MM or YYYY-MM-DD"),
    ("03", "--date takes YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_a_bad_date_exits_2_with_one_line(tmp_path, date, words) -> None:
    done = run(["--date", date], tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], done.stderr
    assert lines[0].startswith("explorer atlas: ")


def test_a_broken_atlas_exits_1_naming_file_row_and_field(tmp_path) -> None:
    folder = tmp_path / "atlas"
    shutil.copytree(ATLAS_DIR, folder)
    path = folder / "bases.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2001-12-16,2014-06-03",
                                                             "2001-12-16,1999"), "utf-8")
    done = run(["--atlas", str(folder)], tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith("explorer atlas: bases.csv, row 3, field 'end': end 1999 is before")
