"""Custom actors and relations: read, validated by row, merged into the session's atlas."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.analysis.network import build_network
from explorer.io.atlas_reader import AtlasError
from explorer.io.custom_records import read_custom_records

ACTORS = ("id,name,kind,start,end,approximate,note,sources\n"
          "ACME_PIPE,Acme Pipelines,company,2010,,false,,\"Company filing, 2010\"\n"
          "TAPI_CO,TAPI Pipeline Company,company,2014-11,,false,,a_wp_iso3166_alpha3\n")
RELATIONS = ("id,source,target,type,directed,sign,weight,start,end,approximate,label,note,"
             "sources\n"
             "rel_acme_uzb_transit,ACME_PIPE,UZB,transit,true,1,2.5,2012,,false,Gas transit,,"
             "Field notes of the user\n")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_good_files_extend_the_atlas_and_the_network(tmp_path: Path, session) -> None:
    actors = write(tmp_path / "my actors.csv", ACTORS)
    relations = write(tmp_path / "my_relations.csv", RELATIONS)
    before = {p: p.read_bytes() for p in (actors, relations)}
    stamps = {p: p.stat().st_mtime_ns for p in (actors, relations)}
    records = read_custom_records([actors, relations], session.atlas)
    assert set(records.actors) == {"ACME_PIPE", "TAPI_CO"}
    assert set(records.relations) == {"rel_acme_uzb_transit"}
    # Free citation text becomes a synthetic source; atlas source ids are kept.
    acme = records.actors["ACME_PIPE"]
    (sid,) = acme.sources
    assert sid == "user_my_actors_2"
    assert records.sources[sid].title == "Company filing, 2010"
    assert records.sources[sid].publisher == "user:my actors.csv:2"
    assert records.actors["TAPI_CO"].sources == ("a_wp_iso3166_alpha3",)

    heard: list = []
    session.atlas_changed.connect(heard.append)
    old = session.atlas
    merged = session.add_custom_records(records)
    assert heard == [merged] and session.atlas is merged
    assert "ACME_PIPE" not in old.actors and "ACME_PIPE" in merged.actors
    assert not merged.problems()
    graph = build_network(merged)
    assert graph.has_edge("ACME_PIPE", "UZB", key="rel_acme_uzb_transit")
    assert graph.edges["ACME_PIPE", "UZB", "rel_acme_uzb_transit"]["weight"] == 2.5
    assert "ACME_PIPE" not in session.active.actors  # 2003: before the company's start
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_bad_rows_are_reported_by_file_row_and_field(tmp_path: Path, atlas) -> None:
    path = write(tmp_path / "bad.csv", ACTORS.splitlines()[0] + "\n"
                 "GOOD_CO,Good,company,,,false,,a_wp_iso3166_alpha3\n"
                 "BAD_DATE,Bad date,company,2010-13,,false,,a_wp_iso3166_alpha3\n"
                 "lower,Lower id,company,,,false,,a_wp_iso3166_alpha3\n"
                 "NO_SRC,No sources,company,,,false,,\n"
                 "ZZ,Not a state id,state,,,false,,a_wp_iso3166_alpha3\n"
                 "SHORT,Short\n")
    before = path.read_bytes()
    with pytest.raises(AtlasError) as caught:
        read_custom_records(path, atlas)
    report = caught.value.report()
    lines = report.splitlines()
    assert any(line.startswith("bad.csv, row 3, field 'start':") for line in lines), report
    assert any(line.startswith("bad.csv, row 4, field 'id':") for line in lines), report
    assert "bad.csv, row 5, field 'sources': this field is required" in report
    assert any(line.startswith("bad.csv, row 6, field 'id':") for line in lines), report
    assert "bad.csv, row 7: 2 cells" in report
    assert not any("row 2" in line for line in lines)
    assert path.read_bytes() == before


def test_unknown_actor_ids_and_clashes_are_reported(tmp_path: Path, session) -> None:
    path = write(tmp_path / "rels.csv", RELATIONS.splitlines()[0] + "\n"
                 "rel_x,NOWHERE,UZB,trade,false,1,,2001,,false,,,note\n"
                 "rel_usa_uzb_diplomatic,USA,UZB,trade,false,1,,2001,,false,,,note\n"
                 "rel_y,USA,KAZ,trade,false,1,,2001-02-30,,false,,,note\n")
    with pytest.raises(AtlasError) as caught:
        read_custom_records(path, session.atlas)
    report = caught.value.report()
    assert "rels.csv, row 4, field 'start':" in report  # bad dates first, row by row
    path = write(tmp_path / "rels.csv", "\n".join(path.read_text().splitlines()[:3]) + "\n")
    with pytest.raises(AtlasError) as caught:
        read_custom_records(path, session.atlas)
    report = caught.value.report()
    assert "rels.csv, row 2, field 'source': unknown actor id 'NOWHERE'" in report
    assert "rels.csv, row 3, field 'id': id 'rel_usa_uzb_diplomatic' is already" in report
    # Read without the atlas, the merge reports the same and leaves the session alone.
    records = read_custom_records(write(tmp_path / "actors.csv", ACTORS), session.atlas)
    clash = write(tmp_path / "again.csv", ACTORS)
    session.add_custom_records(records)
    atlas = session.atlas
    with pytest.raises(AtlasError, match=r"again\.csv, row 2, field 'id'"):
        session.add_custom_records(read_custom_records(clash))
    assert session.atlas is atlas


def test_unreadable_and_unknown_files(tmp_path: Path) -> None:
    with pytest.raises(AtlasError, match="no such file"):
        read_custom_records(tmp_path / "missing.csv")
    with pytest.raises(AtlasError, match="neither the columns"):
        read_custom_records(write(tmp_path / "x.csv", "a,b\n1,2\n"))
    with pytest.raises(AtlasError, match=r"x\.csv, row 1, field 'notes': unknown column"):
        read_custom_records(write(tmp_path / "x.csv", ACTORS.replace("note,", "notes,")))
    with pytest.raises(AtlasError, match="no rows"):
        read_custom_records(write(tmp_path / "x.csv", ACTORS.splitlines()[0] + "\n"))
    (tmp_path / "bin.csv").write_bytes(b"id,name,kind\n\xff\xfe\x00")
    with pytest.raises(AtlasError, match="not a readable UTF-8"):
        read_custom_records(tmp_path / "bin.csv")
