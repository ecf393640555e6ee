"""Write an atlas (or its state on a day) as the JSON of `explorer atlas --json`, or as tables;
and what the reports share: sources cited by id, rows as CSV text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from explorer.model.atlas import TABLES, Atlas
from explorer.model.dates import PartialDate

CELL_WIDTH = 60  # longer cells are cut with an ellipsis in the tables


def atlas_json(atlas: Atlas, date: PartialDate | None = None) -> dict[str, Any]:
    """One object: date, then a list of records per table (each with its id, interval and
    source ids), then "sources" mapping each cited source id to its citation."""
    out: dict[str, Any] = {"date": date.isoformat() if date else None}
    for name in TABLES:
        out[name] = [record.model_dump(mode="json") for record in atlas.table(name).values()]
    out["sources"] = citations(atlas, atlas.cited_sources())
    return out


def citations(atlas: Atlas, ids: Iterable[str]) -> dict[str, Any]:
    """Each of these source ids the atlas knows (in their order, once) with its citation."""
    return {sid: atlas.sources[sid].model_dump(mode="json", exclude={"id"})
            for sid in dict.fromkeys(ids) if sid in atlas.sources}


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text, a line each (every line ends with a newline)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, tuple | list):
        return " ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4f}"
    text = str(value)
    return text if len(text) <= CELL_WIDTH else text[:CELL_WIDTH - 1] + "…"


# Per table: its heading and the columns shown (record attribute names).
_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "actors": ("Actors", ("id", "kind", "start", "end", "name")),
    "memberships": ("Memberships", ("actor", "organization", "role", "start", "end")),
    "relations": ("Relations", ("source", "target", "type", "start", "end", "label")),
    "bases": ("Bases", ("id", "operator", "host", "start", "end", "name")),
    "routes": ("Routes", ("id", "kind", "status", "start", "end", "countries")),
    "places": ("Places", ("id", "kind", "country", "lat", "lon", "name")),
    "events": ("Events", ("date", "actors", "title")),
    "pipelines": ("Pipelines and power lines", ("id", "kind", "status", "start", "end",
                                                "countries")),
    "energy_sites": ("Energy sites", ("id", "kind", "status", "country", "start", "end",
                                      "name")),
}


def _table(heading: str, columns: Sequence[str], rows: list[list[str]]) -> list[str]:
    lines = [f"{heading} ({len(rows)})"]
    if not rows:
        return [*lines, "  (none)"]
    headers = [*columns, "≈"]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [*lines, line(headers), line(["-" * w for w in widths]), *map(line, rows)]


def atlas_tables(atlas: Atlas, date: PartialDate | None = None) -> str:
    """A readable table per section; ≈ marks records whose date or position is approximate."""
    when = f"on {date} (events: on or before that day)" if date else "all dates"
    out = [f"Central Asia atlas, {when}"]
    for name in TABLES:
        heading, columns = _COLUMNS[name]
        rows = [[*(_text(getattr(r, c)) for c in columns), "≈" if r.approximate else ""]
                for r in atlas.table(name).values()]
        out += ["", *_table(heading, columns, rows)]
    cited = len(atlas.cited_sources())
    out += ["", f"{cited} sources cited; `explorer atlas --json` lists them with each record."]
    return "\n".join(out)
