"""Long array work split over the machine's cores (pyproj and shapely release the GIL)."""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import Any

import numpy as np

MIN_CHUNK = 20_000  # coordinates: below this a thread costs more than it saves (measured)
_PREFIX = "chunks"  # the pool's threads' names


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix=_PREFIX)


def _map(func: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
    """func over the items on the pool's threads; on one of them, one by one (a pool thread
    waiting for the pool could wait for ever)."""
    if threading.current_thread().name.startswith(_PREFIX):
        return map(func, items)
    return _pool().map(func, items)


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
    results = list(_map(lambda s: func(*(a[s] for a in arrays)), parts))
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
        list(_map(func, parts))


def summed(func: Callable[[slice], np.ndarray], length: int, min_chunk: int) -> np.ndarray:
    """The sum of func(part) over a slice of range(length) a core (each of at least
    `min_chunk` elements): for counts that add up."""
    parts = _parts(length, min_chunk)
    if len(parts) == 1:
        return func(parts[0])
    results = _map(func, parts)
    total = next(results)
    for result in results:
        total += result
    return total


def mapped(func: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
    """[func(item) for item in items], the items taken by as many threads as there are cores
    (for work that releases the GIL: reading files, most of numpy's)."""
    return list(_map(func, items))


def in_background(func: Callable[..., Any], *args: Any) -> Future:
    """func(*args) on one of the pool's threads: work that releases the GIL (most of shapely's
    predicates, pyproj) overlaps with what holds it on the calling thread."""
    return _pool().submit(func, *args)
