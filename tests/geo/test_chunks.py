"""Work split over the cores covers every element once, and work split from the pool's own
threads runs there one part after another rather than waiting on the pool for ever."""

from __future__ import annotations

import numpy as np

from explorer.geo.chunks import in_background, in_parts, summed


def doubled(values: np.ndarray) -> np.ndarray:
    out = np.empty_like(values)
    in_parts(lambda s: np.multiply(values[s], 2, out=out[s]), len(values), 7_000)
    return out


def test_parts_cover_every_element_once() -> None:
    values = np.arange(100_003, dtype=float)
    assert np.array_equal(doubled(values), values * 2)
    assert summed(lambda s: np.array([s.stop - s.start]), 100_003, 10_000).tolist() == [100_003]
    assert summed(lambda s: np.array([s.stop - s.start]), 0, 10_000).tolist() == [0]


def test_work_split_from_a_pool_thread_finishes() -> None:
    values = np.arange(100_000, dtype=float)
    jobs = [in_background(doubled, values) for _ in range(4)]  # every pool thread, and more
    assert all(np.array_equal(job.result(timeout=30), values * 2) for job in jobs)
