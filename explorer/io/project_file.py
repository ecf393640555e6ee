"""Read and write project files (.caexp): atomic saves, strict checks, the files they name."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from explorer.io.atlas_reader import AtlasError, read_atlas
from explorer.io.atomic import atomic_write
from explorer.io.custom_records import CustomRecords, read_custom_records
from explorer.io.read_errors import TooLarge
from explorer.model.atlas import Atlas
from explorer.model.project import FORMAT, VERSION, FileRef, LayerEntry, Project
from explorer.model.project_session import LoadedLayer, apply_project
from explorer.model.session import Session

PROJECT_SUFFIX = ".caexp"
BACKUP_SUFFIX = ".bak"  # NAME.caexp.bak: the file before the last save that changed it
MAX_BYTES = 64 * 1024**2
MAX_DEPTH = 32  # JSON nesting: a project nests 6 deep; json's parser recurses per level
_SHOWN_PROBLEMS = 3
_PROBLEM_CHARS = 200  # a problem quoting a long field is cut to this many characters
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


class ProjectError(Exception):
    """A project cannot be read or written; the message names the file and what to do."""


def is_project_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() == PROJECT_SUFFIX


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def write_project(path: Path, project: Project, *, backup: bool = True) -> Path:
    """Save a project atomically: the old file stays whole until the new one is on disk, and
    (with `backup`) is kept as NAME.caexp.bak. The .bak always holds the previous version:
    saving what the file already holds changes neither (the .bak is never a copy of the
    file). ProjectError if it cannot be written."""
    path = Path(path)
    data = (project.model_dump_json(indent=2) + "\n").encode("utf-8")
    try:
        old = path.read_bytes() if path.is_file() else None
        if old == data:
            return path
        if backup and old is not None:
            atomic_write(backup_path(path), old)
        atomic_write(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ProjectError(f"could not save {path} ({reason}); the previous file, if any, is "
                           "unchanged: choose another folder or free some space") from exc
    return path


def json_depth(raw: bytes) -> int:
    """How deep a JSON text nests arrays and objects (brackets inside strings do not count),
    found without parsing it: a vectorized scan, safe on any input."""
    skeleton = np.frombuffer(_STRING.sub(b'""', raw), np.uint8)
    steps = (np.isin(skeleton, (ord("["), ord("{"))).astype(np.int64)
             - np.isin(skeleton, (ord("]"), ord("}"))))
    return int(np.cumsum(steps).max(initial=0))


def _short(text: str) -> str:
    return text if len(text) <= _PROBLEM_CHARS else text[:_PROBLEM_CHARS - 1] + "…"


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def read_project(path: Path) -> Project:
    """The project in a file, fully checked; ProjectError (naming the file and what to do)
    for a missing, unreadable, corrupt, foreign or newer file. Only parses JSON."""
    path = Path(path)
    if not path.is_file():
        raise ProjectError(f"{path} does not exist" if not path.exists() else
                           f"{path} is not a file")
    if path.stat().st_size > MAX_BYTES:
        raise ProjectError(f"{path} is too large for a project file (over "
                           f"{MAX_BYTES // 1024**2} MB); is it really one?")
    spare = f"restore {backup_path(path).name} if it is there, or open another project"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProjectError(f"cannot read {path} ({exc.strerror or exc})") from exc
    if json_depth(raw) > MAX_DEPTH:
        raise ProjectError(f"{path} is damaged: its JSON nests deeper than {MAX_DEPTH} levels "
                           f"(a project nests about 6); {spare}")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except UnicodeDecodeError as exc:
        raise ProjectError(f"{path} is not a project file (not UTF-8 text); {spare}") from exc
    except json.JSONDecodeError as exc:
        raise ProjectError(f"{path} is damaged: broken JSON at line {exc.lineno}, column "
                           f"{exc.colno} ({exc.msg}); {spare}") from exc
    except ValueError as exc:
        raise ProjectError(f"{path} is damaged: {exc}; {spare}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProjectError(f"{path} is not a Central Asia Explorer project (it lacks "
                           f'"format": "{FORMAT}"); open a {PROJECT_SUFFIX} file saved by the '
                           "app")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectError(f"{path} is damaged: its version {version!r} is not a positive "
                           f"whole number; {spare}")
    if version > VERSION:
        raise ProjectError(f"{path} was saved by a newer Central Asia Explorer (project "
                           f"format version {version}; this one reads up to version "
                           f"{VERSION}): update the app to open it")
    try:
        return Project.model_validate(data)
    except ValidationError as exc:
        problems = [_short(f"{'.'.join(str(p) for p in e['loc']) or 'the file'}: {e['msg']}")
                    for e in exc.errors()]
        more = (f" (and {len(problems) - _SHOWN_PROBLEMS} more)"
                if len(problems) > _SHOWN_PROBLEMS else "")
        raise ProjectError(f"{path} is damaged: {'; '.join(problems[:_SHOWN_PROBLEMS])}{more}; "
                           f"{spare}") from exc


def find_file(ref: FileRef, folder: Path, also_in: Sequence[Path] = ()) -> Path | None:
    """Where a project's file is now: beside the project (its relative path), where it was
    (the absolute path), or under the same name in a folder the user pointed at; else None."""
    candidates = [Path(folder) / ref.path, Path(ref.absolute_path)]
    candidates += [Path(d) / Path(ref.path).name for d in also_in]
    return next((c for c in candidates if _is_file(c)), None)


def _is_file(path: Path) -> bool:
    """Path.is_file, False where the OS cannot even look (a path too long, say)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class LinkedFile:
    """A file the project names: a layer's (its entry carries the style) or a record file."""

    kind: str  # "layer" or "records"
    index: int  # in Project.layers or Project.records
    ref: FileRef

    @property
    def name(self) -> str:
        return self.ref.name if isinstance(self.ref, LayerEntry) else Path(self.ref.path).name


@dataclass
class ProjectFiles:
    """Where a project's layer and record files are (index -> path) and which are missing."""

    project: Project
    folder: Path
    layers: dict[int, Path] = field(default_factory=dict)
    records: dict[int, Path] = field(default_factory=dict)
    missing: list[LinkedFile] = field(default_factory=list)

    def locate(self, missing: LinkedFile, path: Path) -> None:
        """The user found a missing file at `path`; others missing from its folder are looked
        for there too (a data folder moved as a whole)."""
        self._found(missing, Path(path))
        for other in list(self.missing):
            again = find_file(other.ref, self.folder, [Path(path).parent])
            if again is not None:
                self._found(other, again)

    def _found(self, linked: LinkedFile, path: Path) -> None:
        (self.layers if linked.kind == "layer" else self.records)[linked.index] = path
        self.missing.remove(linked)


def locate_files(project: Project, path: Path) -> ProjectFiles:
    """Look for every file of a project saved at `path` (relative path first, then the
    absolute one)."""
    files = ProjectFiles(project, Path(path).parent)
    for kind, refs, found in (("layer", project.layers, files.layers),
                              ("records", project.records, files.records)):
        for i, ref in enumerate(refs):
            where = find_file(ref, files.folder)
            if where is None:
                files.missing.append(LinkedFile(kind, i, ref))
            else:
                found[i] = where
    return files


@dataclass
class ProjectData:
    """A project's files as read: the layers, the records (None: none, or unreadable), and
    each file that could not be read with the reason."""

    layers: list[LoadedLayer] = field(default_factory=list)
    records: CustomRecords | None = None
    record_files: list[Path] = field(default_factory=list)
    failures: list[tuple[LinkedFile, str]] = field(default_factory=list)
    # layers over the read limits, with their size: read only once the user agrees
    too_large: list[tuple[LinkedFile, TooLarge]] = field(default_factory=list)


def read_files(files: ProjectFiles, atlas: Atlas,
               allowed: Mapping[int, int] | None = None) -> ProjectData:
    """Read the project's layers and record files that were found (slow: off the GUI thread);
    `atlas` is the one the records are merged into; `allowed`: the layers (by index) the user
    agreed to read though over the read limits, with the feature count agreed. Never raises
    for a bad file; a layer over the limits is set aside in `too_large`."""
    from explorer.io.vector_reader import VectorReadError, read_vector

    data = ProjectData()
    allowed = allowed or {}
    for index, path in sorted(files.layers.items()):
        entry = files.project.layers[index]
        try:
            vector = read_vector(path, **entry.read_options.keywords(),
                                 max_features=allowed.get(index))
        except TooLarge as exc:
            data.too_large.append((LinkedFile("layer", index, entry), exc))
            continue
        except VectorReadError as exc:
            reason = str(exc)
        except Exception as exc:  # a bad file must never take the app down
            reason = f"{path.name} could not be read ({type(exc).__name__}: {exc})"
        else:
            data.layers.append(LoadedLayer(index, path, vector))
            continue
        data.failures.append((LinkedFile("layer", index, entry), reason))
    found = sorted(files.records.items())
    if found:
        paths = [path for _, path in found]
        try:
            data.records = read_custom_records(paths, atlas)
            data.record_files = paths
        except AtlasError as exc:
            data.failures += [(LinkedFile("records", i, files.project.records[i]), str(exc))
                              for i, _ in found]
    return data


def load_project_session(path: Path, atlas: Atlas | None = None) -> tuple[Session, Project]:
    """A new session as the project at `path` describes it (the shipped atlas unless given),
    for use without a window: every file the project names must be there and readable, else
    ProjectError (AtlasError if the shipped atlas itself is broken)."""
    path = Path(path)
    project = read_project(path)
    files = locate_files(project, path)
    if files.missing:
        first = files.missing[0]
        raise ProjectError(f"{path}: the file of {first.kind} {first.name!r} is missing (looked "
                           f"for {first.ref.path} beside the project and for "
                           f"{first.ref.absolute_path}); put it back, or open the project in "
                           "the window to locate it")
    session = Session(atlas if atlas is not None else read_atlas(), project.date)
    data = read_files(files, session.atlas)
    if data.too_large:  # read only with the caller's consent (feature_limit, --max-features)
        raise data.too_large[0][1]
    if data.failures:
        linked, reason = data.failures[0]
        raise ProjectError(f"{path}: {linked.kind} {linked.name!r} cannot be read: {reason}")
    apply_project(project, session, layers=data.layers, records=data.records,
                  record_files=data.record_files)
    return session, project
