"""The session an export draws: the atlas on its date, its themes, the user's layers (their
rows in its extent, for databases and files too big to read whole) and its selection."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from explorer.io.atlas_reader import read_atlas
from explorer.model.session import Session
from explorer.render.page_files import ExportError

if TYPE_CHECKING:
    from explorer.render.export import ExportOptions


def export_session(options: ExportOptions) -> Session | None:
    """The atlas on the export's date with the chosen themes and the user's layers, or None
    for the bare basemap."""
    if options.session is not None:
        return options.session
    if (options.themes == "none" and not options.layers and options.compare is None
            and options.route is None):
        return None
    return apply_choices(Session(read_atlas(), options.date), options)


def _show_way(session: Session, origin: str, destination: str) -> None:
    """The Way theme on, for this query (places by id or name; ExportError if unknown)."""
    from explorer.analysis.transport import SEA, find_place
    from explorer.model.themes import WayQuery

    start = find_place(session.atlas, origin)
    end = SEA if destination.lower() == "sea" else find_place(session.atlas, destination)
    for name, found in ((origin, start), (destination, end)):
        if found is None:
            raise ExportError(f"--route: {name!r} is not a place in the atlas")
    session.themes.way = WayQuery(origin=start, destination=end)
    session.themes.layer("way").visible = True


def lonlat_extent(options: ExportOptions) -> tuple[float, float, float, float]:
    """The lon/lat box the export shows: its view rect's (as a project records it), else its
    bbox."""
    if options.view_rect is None:
        return options.bbox
    from explorer.model.project import Extent

    return Extent.of(options.view_rect, options.projection).bbox or (-180.0, -90.0, 180.0, 90.0)


def _read_layer(path: Path, options: ExportOptions):
    """A user's file as a layer; one of points too big to read whole (a GeoParquet), the
    points of the export's extent only, read from the row groups that hold them."""
    from explorer.io.read_errors import TooLarge, VectorReadError
    from explorer.io.vector_reader import PARQUET, read_vector

    try:
        return read_vector(path)
    except TooLarge as whole:
        if path.suffix.lower() not in PARQUET:
            raise
        from explorer.io.parquet_view import read_view_layer

        try:
            return read_view_layer(path, lonlat_extent(options))
        except TooLarge:
            raise
        except VectorReadError:  # not a file a view can read: the whole file is too big
            raise whole from None


def apply_choices(session: Session, options: ExportOptions) -> Session:
    """The export's themes, extra layers and selection applied to a session (a new one, or a
    saved project's); ExportError for an actor id it does not know."""
    if options.themes == "none":
        for layer in session.themes.layers:
            layer.visible = False
    elif options.themes:
        session.themes.apply_spec(options.themes)
    if options.compare is not None:  # the diff map, over the themes chosen
        session.themes.changes_since = options.compare
        session.themes.layer("changes").visible = True
    if options.route is not None:
        _show_way(session, *options.route)
    if options.layers:
        from explorer.io.postgis import is_postgis_uri, read_view

        for source in options.layers:
            if is_postgis_uri(str(source)):  # the rows of the export's extent only
                session.user_layers.add(read_view(str(source), lonlat_extent(options)))
            else:
                session.user_layers.add(_read_layer(Path(source), options), Path(source))
    unknown = [actor for actor in options.select if actor not in session.atlas.actors]
    if unknown:
        raise ExportError(f"--select {unknown[0]!r} is not an actor of the atlas or of the "
                          "imported records (see `explorer atlas` for the ids, e.g. UZB, USA, "
                          "CSTO)")
    if options.select:
        session.selection.select(list(options.select))
    return session
