"""Read the user's own actors and relations (CSV with the atlas's columns), validated by row."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel

from explorer.io.atlas_reader import (
    AtlasError,
    AtlasProblem,
    _rows,
    header_problems,
    row_cells,
    validate_row,
)
from explorer.model.atlas import Atlas
from explorer.model.records import LIST_SEPARATOR, Actor, Relation, Source

# Which table a header is: the columns that only that table has.
KINDS: dict[str, tuple[type[BaseModel], frozenset[str]]] = {
    "actors": (Actor, frozenset({"name", "kind"})),
    "relations": (Relation, frozenset({"source", "target"})),
}
MAX_BYTES = 50_000_000
_SOURCE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class CustomRecords:
    """Actors and relations from the user's files, the synthetic sources they cite, and where
    each record came from ((table, id) -> (file name, row)) for later error messages.

    The `sources` cell of a user row either lists atlas source ids (`a;b`), which are cited as
    they are, or is free citation text ("Reuters, 3 May 2024"): it then becomes a synthetic
    Source with id `user_<file>_<row>`, that text as title and `user:<file>:<row>` as publisher.
    """

    actors: dict[str, Actor] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    origin: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.actors or self.relations)

    def problems_with(self, atlas: Atlas) -> list[AtlasProblem]:
        """Ids that clash with the atlas, and relation ends that are no actor of either."""
        found: list[AtlasProblem] = []

        def at(table: str, rid: str, name: str, message: str) -> None:
            file, row = self.origin.get((table, rid), ("custom records", None))
            found.append(AtlasProblem(file, row, name, message))

        for table, own, theirs in (("actors", self.actors, atlas.actors),
                                   ("relations", self.relations, atlas.relations)):
            for rid in own:
                if rid in theirs:
                    at(table, rid, "id", f"id {rid!r} is already used by the atlas's {table}")
        for rid, source in self.sources.items():
            if rid in atlas.sources and atlas.sources[rid] != source:
                at("sources", rid, "sources", f"source id {rid!r} is already used by the atlas")
        actors = {*atlas.actors, *self.actors}
        for r in self.relations.values():
            for end in ("source", "target"):
                actor = getattr(r, end)
                if actor not in actors:
                    at("relations", r.id, end, f"unknown actor id {actor!r} (neither in the "
                       "atlas nor in the imported actors)")
        for table, own in (("actors", self.actors), ("relations", self.relations)):
            for rid, record in own.items():
                for sid in record.sources:
                    if sid not in self.sources and sid not in atlas.sources:
                        at(table, rid, "sources", f"unknown source id {sid!r}")
        return found

    def merge_into(self, atlas: Atlas) -> Atlas:
        """A new atlas with these records added; AtlasError if an id clashes or is unknown."""
        problems = self.problems_with(atlas)
        if problems:
            raise AtlasError(problems)
        return replace(atlas, actors={**atlas.actors, **self.actors},
                       relations={**atlas.relations, **self.relations},
                       sources={**atlas.sources, **self.sources})


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "file"


def _table_of(header: list[str]) -> str | None:
    columns = set(header)
    for table, (_, marks) in KINDS.items():
        if marks <= columns:
            return table
    return None


def _cite(cell: str, file: str, row: int, known: Iterable[str],
          sources: dict[str, Source]) -> str:
    """The sources cell as it should be validated: atlas source ids, or a synthetic source."""
    items = [item.strip() for item in cell.split(LIST_SEPARATOR)]
    if all(_SOURCE_ID.fullmatch(i) for i in items) and set(items) <= set(known):
        return cell
    sid = f"user_{_slug(Path(file).stem)}_{row}"
    sources[sid] = Source(id=sid, title=cell.strip(), publisher=f"user:{file}:{row}")
    return sid


def _read_file(path: Path, records: CustomRecords, known_sources: Iterable[str],
               problems: list[AtlasProblem]) -> None:
    file = path.name
    if not path.is_file():
        problems.append(AtlasProblem(file, None, None, f"no such file {path}"))
        return
    if path.stat().st_size > MAX_BYTES:
        problems.append(AtlasProblem(file, None, None, f"the file is larger than "
                                     f"{MAX_BYTES // 1_000_000} MB"))
        return
    try:
        rows = _rows(path)
        header_row, header = next(rows, (1, []))
        header = [h.strip() for h in header]
        table = _table_of(header)
        if table is None:
            problems.append(AtlasProblem(file, header_row, None, "the header has neither the "
                                         "columns of actors.csv (name, kind) nor those of "
                                         "relations.csv (source, target)"))
            return
        schema, _ = KINDS[table]
        bad_header = header_problems(file, header_row, header, schema)
        if bad_header:
            problems += bad_header
            return
        own: dict = getattr(records, table)
        count = 0
        for row, cells in rows:
            count += 1
            data = row_cells(file, row, header, cells, problems)
            if data is None:
                continue
            found: dict[str, Source] = {}
            if "sources" in data:
                data["sources"] = _cite(data["sources"], file, row, known_sources, found)
            record = validate_row(schema, data, file, row, problems)
            if record is None:
                continue
            rid = record.id  # type: ignore[attr-defined]
            if rid in own:
                first = records.origin[(table, rid)]
                problems.append(AtlasProblem(file, row, "id", f"duplicate id {rid!r} (first "
                                             f"in {first[0]}, row {first[1]})"))
                continue
            own[rid] = record
            records.origin[(table, rid)] = (file, row)
            for sid, source in found.items():
                records.sources[sid] = source
                records.origin[("sources", sid)] = (file, row)
        if count == 0:
            problems.append(AtlasProblem(file, None, None, "the file has no rows"))
    except (csv.Error, UnicodeDecodeError) as exc:
        problems.append(AtlasProblem(file, None, None, f"not a readable UTF-8 CSV file ({exc})"))
    except OSError as exc:
        problems.append(AtlasProblem(file, None, None, f"cannot read {path} ({exc.strerror})"))


def read_custom_records(paths: Path | str | Iterable[Path | str],
                        atlas: Atlas | None = None) -> CustomRecords:
    """Actors and relations from one or more CSV files (each detected by its header), only read,
    never written. With `atlas`, clashing ids and unknown actor ids are checked too; AtlasError
    lists every problem as "file, row N, field 'x': message"."""
    if isinstance(paths, str | Path):
        paths = [paths]
    records = CustomRecords()
    problems: list[AtlasProblem] = []
    known_sources = set(atlas.sources) if atlas is not None else set()
    for path in paths:
        _read_file(Path(path), records, known_sources, problems)
    if not problems:
        problems = records.problems_with(atlas if atlas is not None else Atlas())
    if problems:
        raise AtlasError(problems)
    return records
