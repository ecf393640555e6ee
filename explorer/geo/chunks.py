"""Long array work split over the machine's cores (pyproj and shapely release the GIL)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import Any

import numpy as np

MIN_CHUNK = 20_000  # coordinates: below this a thread costs more than it saves (measured)


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="chunks")


def _parts(length: int, min_chunk: int) -> list[slice]:
    count = max(1, min(os.cpu_count() or 1, length // min_chunk))
    edges = np.linspace(0, length, count + 1).astype(int)
    return [slice(lo, hi) for lo, hi in itertools.pairwise(edges)]


def chunked(func: Callable[..., Any], *arrays: np.ndarray, min_chunk: int = MIN_CHUNK) -> Any:
    """func(*arrays) for a func mapping equal-length arrays element by element to an array
    (or a tuple of arrays), computed in as many slices as there are cores (each of at least
    `min_chunk` elements) and joined again."""
    parts = _parts(len(arrays[0]) if np.ndim(arrays[0]) else 0, min_chunk)
    if len(parts) == 1:
        return func(*arrays)
    results = list(_pool().map(lambda s: func(*(a[s] for a in arrays)), parts))
    if isinstance(results[0], tuple):
        return tuple(np.concatenate(column) for column in zip(*results, strict=True))
    return np.concatenate(results)


def in_parts(func: Callable[[slice], object], length: int, chunk: int | None = None) -> None:
    """func(part) for the slices of `chunk` elements of range(length) (None: a slice a core,
    each of at least MIN_CHUNK), on all cores: for a func writing its part of arrays in place."""
    parts = _parts(length, MIN_CHUNK) if chunk is None else [
        slice(start, start + chunk) for start in range(0, length, chunk)]
    if len(parts) == 1:
        func(parts[0])
    else:
        list(_pool().map(func, parts))


def mapped(func: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
    """[func(item) for item in items], the items taken by as many threads as there are cores
    (for work that releases the GIL: reading files, most of numpy's)."""
    return list(_pool().map(func, items))


def in_background(func: Callable[..., Any], *args: Any) -> Future:
    """func(*args) on one of the pool's threads: work that releases the GIL (most of shapely's
    predicates, pyproj) overlaps with what holds it on the calling thread."""
    return _pool().submit(func, *args)
