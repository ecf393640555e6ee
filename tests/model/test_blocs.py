"""Blocs measured on a small hand-made atlas: the alignment scores and the co-membership table,
against values worked out by hand; and `explorer analyze` on the same atlas as CSV files."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.analysis.blocs import AlignmentWeights, alignment_on, bloc_overlap, co_membership
from explorer.io.atlas_reader import FILES, SCHEMAS
from explorer.model.atlas import Atlas
from explorer.model.records import Actor, Base, Membership, Relation, Source


def fixture() -> Atlas:
    """Uzbekistan in the CSTO 1992–1999 and 2006–2012 (suspended since), in the SCO from 2001,
    hosting a US base 2001–2005 and in a US partnership 2002–2005; Kazakhstan in both blocs;
    Turkmenistan a GUAM observer (a made-up role, for the table)."""
    s = ("s",)
    actors = [Actor(id=i, name=i, kind="state", sources=s) for i in ("UZB", "KAZ", "TKM", "USA")]
    actors += [Actor(id=o, name=o, kind="organization", sources=s) for o in ("CSTO", "SCO",
                                                                            "GUAM")]
    memberships = [
        Membership(id="m1", actor="UZB", organization="CSTO", role="member", start="1992-05-15",
                   end="1999-04", sources=s),
        Membership(id="m2", actor="UZB", organization="CSTO", role="member", start="2006-06-23",
                   end="2012-06-28", sources=s),
        Membership(id="m3", actor="UZB", organization="CSTO", role="suspended",
                   start="2012-06-28", sources=s),
        Membership(id="m4", actor="UZB", organization="SCO", role="member", start="2001-06-15",
                   sources=s),
        Membership(id="m5", actor="KAZ", organization="CSTO", role="member", start="1992-05-15",
                   sources=s),
        Membership(id="m6", actor="KAZ", organization="SCO", role="member", start="2001-06-15",
                   sources=s),
        Membership(id="m7", actor="TKM", organization="GUAM", role="observer", start="2000",
                   sources=s),
    ]
    bases = [Base(id="k2", name="K2", operator="USA", host="UZB", lat=38.8, lon=65.9,
                  start="2001-10", end="2005-11-21", sources=s)]
    relations = [Relation(id="r1", source="USA", target="UZB", type="strategic_partnership",
                          sign=1, start="2002-03-12", end="2005-07-29", sources=s),
                 Relation(id="r2", source="USA", target="UZB", type="basing", sign=1,
                          directed=True, start="2001-10-07", end="2005-11-21", sources=s)]
    sources = [Source(id="s", title="A source", url="https://example.org/")]
    tables = {"actors": actors, "memberships": memberships, "bases": bases,
              "relations": relations, "sources": sources}
    return Atlas(**{name: {r.id: r for r in rows} for name, rows in tables.items()})


@pytest.mark.parametrize("year, russia, china, west", [
    (1995, 1.0, 0.0, 0.0),  # CSTO member
    (2003, 0.0, 1.0, 1.5),  # SCO member; the US base (1) and partnership (0.5)
    (2008, 1.0, 1.0, 0.0),  # back in the CSTO
    (2013, 0.0, 1.0, 0.0),  # suspended from the CSTO: nothing
])
def test_alignment_by_hand(year, russia, china, west) -> None:
    score = alignment_on(fixture(), "UZB", dt.date(year, 7, 1))
    assert score == {"russia": russia, "china": china, "west": west}


def test_weights_are_adjustable_and_named() -> None:
    weights = AlignmentWeights().with_changes({"member": 0.8, "basing": 1.0, "base": 0.5})
    assert alignment_on(fixture(), "UZB", dt.date(1995, 7, 1), weights)["russia"] == 0.8
    assert alignment_on(fixture(), "UZB", dt.date(2003, 7, 1), weights)["west"] == 2.0
    with pytest.raises(ValueError, match="no weight named 'members'"):
        AlignmentWeights().with_changes({"members": 1.0})


def test_co_membership_by_hand() -> None:
    table = co_membership(fixture(), dt.date(2008, 7, 1))
    assert table.csv_rows() == [["state", "CSTO", "SCO", "GUAM"],
                                ["KAZ", "member", "member", ""],
                                ["UZB", "member", "member", ""],
                                ["TKM", "", "", "observer"]]
    assert table.shared.tolist() == [[2, 2, 0], [2, 2, 0], [0, 0, 0]]


def test_bloc_overlap_by_hand() -> None:
    assert bloc_overlap(fixture(), dt.date(2008, 7, 1)) == {
        "KAZ": {"russia": ("CSTO",), "china": ("SCO",)},
        "UZB": {"russia": ("CSTO",), "china": ("SCO",)}}
    assert bloc_overlap(fixture(), dt.date(2013, 7, 1)) == {  # Uzbekistan suspended
        "KAZ": {"russia": ("CSTO",), "china": ("SCO",)}}


def write_atlas(atlas: Atlas, folder: Path) -> Path:
    """The atlas as the CSV files the app reads."""
    folder.mkdir()
    for name, file in FILES.items():
        fields = list(SCHEMAS[name].model_fields)
        records = atlas.sources.values() if name == "sources" else atlas.table(name).values()
        with (folder / file).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(fields)
            for record in records:
                values = record.model_dump(mode="json")
                writer.writerow([";".join(v) if isinstance(v, list) else
                                 "" if v is None else str(v).lower() if isinstance(v, bool)
                                 else v for v in (values[f] for f in fields)])
    return folder


def test_the_command_line_on_the_same_atlas(tmp_path) -> None:
    folder = write_atlas(fixture(), tmp_path / "atlas")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "explorer", "analyze", *args, "--atlas",
                               str(folder)], capture_output=True, text=True, env=env,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert run("alignment", "UZB", "--from", "2003", "--to", "2003", "--csv").splitlines() == [
        "year,russia,china,west", "2003,0,1,1.5"]
    assert run("alignment", "uzb", "--from", "1995", "--to", "1995", "--csv",
               "--weight", "member=0.8").splitlines()[1] == "1995,0.8,0,0"
    assert run("comembership", "--date", "2008", "--csv").splitlines() == [
        "state,CSTO,SCO,GUAM", "KAZ,member,member,", "UZB,member,member,", "TKM,,,observer"]
    assert run("overlap", "--date", "2013", "--csv").splitlines() == [
        "state,russia,china,west", "KAZ,CSTO,SCO,"]
