"""`explorer export --project`: the export's session, extent and panels taken from a project
file, what the command line gives winning."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from explorer.render.export import ExportOptions


def use_project(options: ExportOptions, args: argparse.Namespace) -> None:
    """export --project: draw the project's session (date, themes, layers with their styles,
    selection, network panel) in its projection and extent; the options given on the command
    line win (--layer adds to the project's layers). Without --project: the default
    projection unless one was given."""
    from explorer.geo.projection import DEFAULT_PROJECTION

    if args.project is None:
        options.projection = args.projection or DEFAULT_PROJECTION
        return
    from explorer.analysis.layout import LayoutKeeper
    from explorer.io.project_file import load_project_session
    from explorer.render.export_session import apply_choices
    from explorer.render.network_view import NetworkOptions

    session, project = load_project_session(args.project)
    options.projection = args.projection or project.map.projection
    options.graticule, options.country_labels = project.map.graticule, project.map.country_labels
    if args.bbox is None and project.view is not None:
        if options.projection == project.map.projection:
            options.view_rect = project.view.rect
        elif project.view.bbox is not None:
            options.bbox = project.view.bbox
    if args.date is not None:
        session.time.date = args.date.first_day
    if project.unknown_themes:
        print(f"explorer: {args.project} has themes this version does not have, left out: "
              f"{', '.join(project.unknown_themes)}", file=sys.stderr)
    for entry in project.databases:  # the rows of the export's extent, in the layer's style
        from explorer.io.postgis import read_view
        from explorer.model.user_layers import LayerStyle
        from explorer.render.export_session import lonlat_extent

        style = LayerStyle.model_validate(entry.style.model_dump())
        session.user_layers.add(read_view(entry.uri, lonlat_extent(options)), style=style,
                                source=entry.uri)
    apply_choices(session, options)
    layouts = LayoutKeeper(session.atlas)
    project.network.restore(layouts)
    options.network = NetworkOptions(**project.network.option_values())
    options.network_layouts = layouts
    options.session = session
