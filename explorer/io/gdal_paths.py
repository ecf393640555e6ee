"""The path GDAL is given for a user's file: any name works (`;`, newlines, non-UTF-8 bytes).

pyogrio hands GDAL a UTF-8 string, which a name of non-UTF-8 bytes cannot become, and GDAL
reads `;` and line breaks in a name as syntax. Such a file is read through a symbolic link with
a plain name in a private temporary folder (a shapefile's sidecars too), removed after the
read; the user's folder is never written.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from explorer.io.read_errors import VectorReadError, one_line, undecodable

PLAIN_PATH = re.compile(r"[\w .,+=@~()\[\]{}'%$/-]*")
ALIAS_STEM = "explorer-alias-7f3c"  # GDAL names a shapefile's layer after it: see layer_name


def _zip_member(path: Path, shown: str) -> str:
    """The zip's only shapefile."""
    try:
        with zipfile.ZipFile(path) as archive:
            shps = [n for n in archive.namelist() if n.lower().endswith(".shp")]
    except (zipfile.BadZipFile, OSError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise VectorReadError(f"{shown} is not a readable zip file ({reason})") from exc
    if not shps:
        raise VectorReadError(f"{shown} holds no shapefile (.shp)")
    if len(shps) > 1:
        raise VectorReadError(f"{shown} holds several shapefiles ({', '.join(shps)})")
    return shps[0]


@contextlib.contextmanager
def _plain_alias(path: Path) -> Iterator[Path]:
    """The path itself if GDAL can take it, else a link to it (and to its sidecars: the files
    of the same stem) under a plain name, removed afterwards."""
    absolute = Path(os.path.abspath(path))
    if PLAIN_PATH.fullmatch(str(absolute)) and not undecodable(str(absolute)):
        yield path
        return
    folder = Path(tempfile.mkdtemp(prefix="explorer-read-"))
    try:
        for part in absolute.parent.iterdir():
            if part.stem == absolute.stem:
                (folder / f"{ALIAS_STEM}{part.suffix}").symlink_to(part)
        yield folder / f"{ALIAS_STEM}{absolute.suffix}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def layer_name(path: Path, name: str) -> str:
    """A layer's name as GDAL gave it, or the file's (one line) where GDAL named it after the
    link it was given."""
    return one_line(path.stem) if name == ALIAS_STEM else name


@contextlib.contextmanager
def gdal_source(path: Path) -> Iterator[str]:
    """What to hand to GDAL while the block runs: the path, or /vsizip/ into the zip's only
    shapefile, through a plain-named link when the name needs one."""
    member = _zip_member(path, one_line(path.name)) if path.suffix.lower() == ".zip" else None
    with _plain_alias(path) as plain:
        yield str(plain) if member is None else f"/vsizip/{os.path.abspath(plain)}/{member}"


@functools.cache
def pyogrio_reader():
    """pyogrio, set so that reading leaves no trace next to the user's file (no .aux.xml, no
    rebuilt .shx); loaded only when GDAL reads a file (importing it loads geopandas and
    pandas: some 0.35 s a map export of other data does without)."""
    import pyogrio

    pyogrio.set_gdal_config_options({"GDAL_PAM_ENABLED": "NO", "SHAPE_RESTORE_SHX": "NO"})
    return pyogrio
