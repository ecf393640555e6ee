"""The project schema: a session captured, then applied to a fresh one, comes back the same."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import get_args

import geopandas as gpd
import pytest
import shapely
from pydantic import ValidationError

from explorer.analysis.layout import LAYOUTS, LayoutKeeper
from explorer.io.custom_records import read_custom_records
from explorer.io.vector_reader import VectorData
from explorer.model.features import FeatureRef
from explorer.model.map_view import MapViewState
from explorer.model.network_options import EGO_OPTIONS, SIZE_OPTIONS, NetworkOptions
from explorer.model.project import Extent, FileRef, LayoutName, NetworkSettings, Project
from explorer.model.project_session import (
    LoadedLayer,
    apply_project,
    assign_themes,
    capture_project,
    read_options_of,
)
from explorer.model.session import Session
from explorer.model.themes import ThemeSettings
from tests.layers import layer_data

ACTORS = ("id,name,kind,start,end,approximate,note,sources\n"
          "ACME_PIPE,Acme Pipelines,company,2010,,false,,\"Company filing, 2010\"\n")


def points(name: str, n: int = 4, source_crs: str | None = None) -> VectorData:
    frame = gpd.GeoDataFrame({"kind": [f"k{i % 2}" for i in range(n)], "value": range(n)},
                             geometry=[shapely.Point(60 + i, 40 + i) for i in range(n)],
                             crs="EPSG:4326")
    return layer_data(frame, name, source_crs)


@pytest.fixture
def styled(session: Session, tmp_path: Path) -> Session:
    """A session with two layers (styled, reordered), records, themes, a selection."""
    records_file = tmp_path / "data" / "actors.csv"
    records_file.parent.mkdir()
    records_file.write_text(ACTORS, encoding="utf-8")
    session.add_custom_records(read_custom_records([records_file], session.atlas),
                               [records_file])
    sites = session.user_layers.add(points("sites"), tmp_path / "data" / "sites.geojson")
    wells = session.user_layers.add(points("wells"), tmp_path / "data" / "wells.gpkg",
                                    read_options={"layer": "wells"})
    style = sites.style
    style.name, style.opacity, style.visible = "My sites", 0.4, False
    style.mode, style.field, style.ramp, style.classes = "graduated", "value", "Reds", 3
    style.label_field, style.point_shape, style.line_dash = "kind", "star", "dot"
    style.time_start_field, style.time_end_field = "value", None
    session.user_layers.move(wells.id, 0)
    session.themes.move("bases", len(session.themes.layers) - 1)
    session.themes.layer("routes").visible = False
    session.themes.layer("places").opacity = 0.25
    session.themes.alliances.organizations = ("SCO",)
    session.themes.alliances.mode = "count"
    session.themes.show_history = True
    session.themes.event_window_days = 90
    session.alignment.set("member", 0.75)  # a reader's own weights
    session.alignment.set("base", 2.0)
    session.time.date = dt.date(2005, 3, 4)
    session.selection.select(["UZB", FeatureRef("base", "base_karshi_khanabad"),
                              FeatureRef("country", "KAZ"), FeatureRef("user", f"{sites.id}:2"),
                              "ACME_PIPE"])
    return session


def loaded(project: Project, folder: Path) -> list[LoadedLayer]:
    return [LoadedLayer(i, folder / entry.path, points(Path(entry.path).stem))
            for i, entry in enumerate(project.layers)]


def fresh(atlas) -> Session:
    return Session(atlas, dt.date(2020, 1, 1))


def test_round_trip_gives_the_same_project_and_session(styled, atlas, tmp_path) -> None:
    state = MapViewState(projection="equal_earth", graticule=False, country_labels=False)
    network = NetworkSettings(layout="circular", relation_types={"alliance", "hostility"},
                              size_by="degree", ego=1, legend=True,
                              positions={"force": {"UZB": (0.5, -0.25)}})
    project = capture_project(styled, state, tmp_path, network=network,
                              view=Extent.of((-2e6, -1e6, 2e6, 1e6), "equal_earth"))
    again = Project.model_validate_json(project.model_dump_json())
    assert again.model_dump() == project.model_dump()

    session, target_state = fresh(atlas), MapViewState()
    record_files = [tmp_path / ref.path for ref in project.records]
    apply_project(again, session, target_state, layers=loaded(again, tmp_path),
                  records=read_custom_records(record_files, session.base_atlas),
                  record_files=record_files)
    recaptured = capture_project(session, target_state, tmp_path, network=network,
                                 view=project.view)
    assert recaptured.model_dump() == project.model_dump()
    assert session.date == dt.date(2005, 3, 4)
    assert session.alignment.changes == {"member": 0.75, "base": 2.0}
    assert [layer.style.name for layer in session.user_layers] == ["wells", "My sites"]
    assert session.user_layers.get("layer2").style.point_shape == "star"
    assert [layer.key for layer in session.themes.layers][-1] == "bases"
    assert target_state == state
    assert "ACME_PIPE" in session.atlas.actors
    assert session.record_files == tuple(record_files)
    user_pick = next(i for i in session.selection.items
                     if isinstance(i, FeatureRef) and i.kind == "user")
    assert user_pick == FeatureRef("user", "layer2:2")  # the new id of "My sites"


def test_paths_are_relative_to_the_project_folder_with_the_absolute_as_a_hint(
        styled, tmp_path) -> None:
    project = capture_project(styled, None, tmp_path / "projects")
    assert [entry.path for entry in project.layers] == ["../data/wells.gpkg",
                                                        "../data/sites.geojson"]
    assert project.layers[0].absolute_path == str(tmp_path / "data" / "wells.gpkg")
    assert project.records[0].path == "../data/actors.csv"
    assert project.layers[0].read_options.layer == "wells"


def test_content_ignores_the_extent_and_node_places(styled, tmp_path) -> None:
    base = capture_project(styled, None, tmp_path)
    moved = base.model_copy(update={
        "view": Extent(rect=(0, 0, 1, 1)), "saved_by": "someone",
        "network": NetworkSettings(positions={"force": {"UZB": (1.0, 1.0)}})})
    assert moved.content() == base.content()
    other = base.model_copy(update={"date": dt.date(1999, 1, 1)})
    assert other.content() != base.content()


def test_applying_replaces_what_the_session_had(styled, atlas, tmp_path) -> None:
    themes = styled.themes
    layer_objects = list(themes.layers)
    apply_project(Project(date=dt.date(1995, 1, 1)), styled)
    assert len(styled.user_layers) == 0
    assert styled.atlas is styled.base_atlas and styled.record_files == ()
    assert not styled.selection
    assert styled.themes is themes
    assert {id(layer) for layer in themes.layers} == {id(layer) for layer in layer_objects}
    assert themes.model_dump() == ThemeSettings().model_dump()
    assert styled.date == dt.date(1995, 1, 1)


def test_selection_of_things_that_are_gone_is_dropped(session, tmp_path) -> None:
    project = Project.model_validate({"selection": [
        {"actor": "UZB"}, {"actor": "NOBODY"}, {"kind": "base", "id": "no_such_base"},
        {"kind": "country", "id": "FRA"}, {"kind": "user", "layer": 0, "row": 99},
        {"kind": "user", "layer": 3, "row": 0}]})
    apply_project(project, session)
    assert session.selection.items == ("UZB", FeatureRef("country", "FRA"))


def test_assign_themes_keeps_the_bound_objects(session) -> None:
    themes = session.themes
    alliances, routes = themes.alliances, themes.layer("routes")
    heard: list[object] = []
    routes.events.visible.connect(heard.append)
    source = ThemeSettings()
    source.move("routes", 0)
    source.layer("routes").visible = False
    assign_themes(themes, source)
    assert themes.alliances is alliances and themes.layer("routes") is routes
    assert themes.layers[0] is routes and heard == [False]


def test_read_options_come_from_the_data_when_not_recorded(session, tmp_path) -> None:
    chosen = session.user_layers.add(points("roads", source_crs="EPSG:32642"),
                                     tmp_path / "many.gpkg")
    plain = session.user_layers.add(points("plain"), tmp_path / "plain.csv",
                                    read_options={"lon_column": "x", "lat_column": "y"})
    assert read_options_of(chosen).keywords() == {"layer": "roads", "assume_crs": "EPSG:32642"}
    assert read_options_of(plain).keywords() == {"lon_column": "x", "lat_column": "y"}


def test_layers_without_a_file_are_left_out(session, tmp_path) -> None:
    layer = session.user_layers.add(points("made by code"))
    session.selection.select(FeatureRef("user", f"{layer.id}:0"))
    project = capture_project(session, None, tmp_path)
    assert project.layers == () and project.selection == ()


def test_network_settings_mirror_the_network_options() -> None:
    fields = {f.name for f in dataclasses.fields(NetworkOptions)}
    assert set(NetworkSettings.model_fields) - {"positions"} == fields
    assert get_args(LayoutName) == LAYOUTS
    for size_by in SIZE_OPTIONS:  # every metric the panel offers, and nothing else
        assert NetworkSettings(size_by=size_by).size_by == size_by
    with pytest.raises(ValidationError, match="size_by is one of fixed, degree"):
        NetworkSettings(size_by="pagerank")
    options = NetworkOptions(layout="bipartite", relation_types=frozenset({"trade"}), ego=2)
    assert EGO_OPTIONS == (0, 1, 2)
    settings = NetworkSettings.of(dataclasses.asdict(options))
    assert NetworkOptions(**settings.option_values()) == options


def test_network_positions_round_trip_through_a_layout_keeper(atlas) -> None:
    keeper = LayoutKeeper(atlas)
    keeper.move("force", "UZB", (1.0, 2.0))
    keeper.move("linlog", "TJK", (5.0, 6.0))
    keeper.move("circular", "KAZ", (3.0, 4.0))
    settings = NetworkSettings.of({"layout": "linlog"}, keeper)
    again = LayoutKeeper(atlas)
    loaded = NetworkSettings.model_validate_json(settings.model_dump_json())
    loaded.restore(again)
    assert loaded.layout == "linlog"
    assert again.warm["force"].positions == {"UZB": (1.0, 2.0)}
    assert again.warm["linlog"].positions == {"TJK": (5.0, 6.0)}
    assert again.dragged == {"circular": {"KAZ": (3.0, 4.0)}}


def test_extent_keeps_the_rect_and_a_lonlat_box_around_it() -> None:
    extent = Extent.of((-1e6, -1e6, 1e6, 1e6), "lcc_central_asia")
    west, south, east, north = extent.bbox
    assert west < 65 < east and south < 40 < north  # the projection's centre
    with pytest.raises(ValidationError, match="min < max"):
        Extent(rect=(1, 0, 0, 1))


@pytest.mark.parametrize("bad", [
    {"date": "2003-02-30"},
    {"map": {"projection": "mollweide"}},
    {"themes": {"layers": [{"key": "alliances"}, {"key": "alliances"}]}},
    {"layers": [{"path": "a.csv", "absolute_path": "/a.csv",
                 "style": {"name": "a", "opacity": 2}}]},
    {"layers": [{"path": "a.csv", "absolute_path": "/a.csv",
                 "style": {"name": "a", "ramp": "Rainbow"}}]},
    {"selection": [{"kind": "user", "layer": -1, "row": 0}]},
    {"network": {"layout": "spiral"}},
    {"network": {"positions": {"force": {"UZB": [float("nan"), 0]}}}},
    {"version": 2},
])
def test_invalid_projects_are_refused(bad) -> None:
    with pytest.raises(ValidationError):
        Project.model_validate(bad)


def test_file_ref_on_another_drive_keeps_the_absolute_path(monkeypatch, tmp_path) -> None:
    def other_drive(*args):
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr("os.path.relpath", other_drive)
    ref = FileRef.to(tmp_path / "a.csv", tmp_path / "p")
    assert ref.path == (tmp_path / "a.csv").as_posix() == Path(ref.absolute_path).as_posix()
