"""Read and validate the curated atlas (geodata/atlas/*.csv); errors name file, row and field."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from explorer.model.atlas import TABLES, Atlas
from explorer.model.records import (
    Actor,
    Base,
    EnergySite,
    Event,
    FieldError,
    Membership,
    Pipeline,
    Place,
    Relation,
    Route,
    Source,
)
from explorer.paths import GEODATA

ATLAS_DIR = GEODATA / "atlas"
ATLAS_ATTRIBUTION = "Atlas: Central Asia Explorer, sources cited per record"
SCHEMAS: dict[str, type[BaseModel]] = {
    "actors": Actor, "memberships": Membership, "relations": Relation, "bases": Base,
    "routes": Route, "places": Place, "events": Event, "pipelines": Pipeline,
    "energy_sites": EnergySite, "sources": Source,
}
FILES = {name: f"{name}.csv" for name in (*TABLES, "sources")}


@dataclass(frozen=True)
class AtlasProblem:
    """One thing wrong in the atlas files; row 1 is the header, so rows match editor lines."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}"


class AtlasError(ValueError):
    """The atlas cannot be loaded; str() is the first problem, `.problems` has them all."""

    def __init__(self, problems: list[AtlasProblem]) -> None:
        self.problems = problems
        more = len(problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(f"{problems[0]}{suffix}")

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells), the row number being the line the row starts on."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, strict=True)
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            if cells:  # a blank line between rows is harmless
                yield line, cells


def _explain(error: dict) -> tuple[str | None, str]:
    """(field, message) for one pydantic error."""
    loc = error.get("loc") or ()
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, FieldError):
        return cause.field, str(cause)
    field = str(loc[0]) if loc else None
    if error["type"] == "missing":
        return field, "this field is required and the cell is empty"
    if error["type"] == "extra_forbidden":
        return field, "unknown column"
    message = str(cause) if isinstance(cause, ValueError) else error["msg"]
    value = error.get("input")
    if isinstance(value, str) and error["type"] != "value_error":
        message += f" (got {value!r})"
    return field, message


def header_problems(file: str, header_row: int, header: list[str],
                    schema: type[BaseModel]) -> list[AtlasProblem]:
    """Columns the schema does not know, and required columns the header lacks."""
    known = schema.model_fields
    found = [AtlasProblem(file, header_row, c, "unknown column") for c in header
             if c not in known]
    found += [AtlasProblem(file, header_row, c, "missing column")
              for c, info in known.items() if info.is_required() and c not in header]
    return found


def row_cells(file: str, row: int, header: list[str], cells: list[str],
              problems: list[AtlasProblem]) -> dict[str, str] | None:
    """The row's non-empty cells by column, or None (and a problem) when it has the wrong
    number of cells."""
    if len(cells) != len(header):
        problems.append(AtlasProblem(file, row, None, f"{len(cells)} cells, but the header "
                                     f"has {len(header)} columns"))
        return None
    return {k: v for k, v in zip(header, cells, strict=True) if v.strip()}


def validate_row(schema: type[BaseModel], data: dict[str, str], file: str, row: int,
                 problems: list[AtlasProblem]) -> BaseModel | None:
    """The row as a record, or None with one problem per invalid field."""
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        problems.extend(AtlasProblem(file, row, *_explain(error)) for error in exc.errors())
        return None


def _read_table(directory: Path, name: str, problems: list[AtlasProblem]) -> tuple[dict, dict]:
    """The table's valid records by id and each id's row number; problems are appended."""
    file, schema = FILES[name], SCHEMAS[name]
    path = directory / file
    records: dict[str, BaseModel] = {}
    row_of: dict[str, int] = {}
    if not path.is_file():
        problems.append(AtlasProblem(file, None, None, f"missing file {path}"))
        return records, row_of
    try:
        rows = _rows(path)
        header_row, header = next(rows, (1, []))
        header = [h.strip() for h in header]
        known = schema.model_fields
        problems += header_problems(file, header_row, header, schema)
        for row, cells in rows:
            data = row_cells(file, row, header, cells, problems)
            if data is None:
                continue
            record = validate_row(schema, {k: v for k, v in data.items() if k in known},
                                  file, row, problems)
            if record is None:
                continue
            rid = record.id  # type: ignore[attr-defined]
            if rid in records:
                problems.append(AtlasProblem(file, row, "id", f"duplicate id {rid!r} (first at "
                                             f"row {row_of[rid]})"))
                continue
            records[rid], row_of[rid] = record, row
    except (csv.Error, UnicodeDecodeError) as exc:
        problems.append(AtlasProblem(file, None, None, f"not a readable UTF-8 CSV file ({exc})"))
    except OSError as exc:
        problems.append(AtlasProblem(file, None, None, f"cannot read {path} ({exc.strerror})"))
    return records, row_of


def read_atlas(directory: Path | str = ATLAS_DIR) -> Atlas:
    """Load and validate every file and reference; AtlasError lists everything that is wrong."""
    directory = Path(directory)
    if not directory.is_dir():
        raise AtlasError([AtlasProblem(str(directory), None, None, "no such atlas folder")])
    problems: list[AtlasProblem] = []
    tables: dict[str, dict] = {}
    rows: dict[str, dict[str, int]] = {}
    for name in (*TABLES, "sources"):
        tables[name], rows[name] = _read_table(directory, name, problems)
    atlas = Atlas(**tables)
    if not problems:  # references are only worth checking once every row parsed
        for p in atlas.problems():
            problems.append(AtlasProblem(FILES[p.table], rows[p.table].get(p.id), p.field,
                                         p.message))
    if problems:
        raise AtlasError(problems)
    return atlas
