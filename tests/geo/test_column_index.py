"""A column index's slice of a view holds every point between the view's edges."""

from __future__ import annotations

import numpy as np

from explorer.geo.column_index import ColumnIndex


def test_a_span_holds_every_point_between_its_edges_and_few_besides() -> None:
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.normal(0, 1e6, 200_000), [-5e6, 5e6]])
    index, order = ColumnIndex.ordering(x)
    ordered = x[order]
    for xmin, xmax in ((-1e5, 2e5), (-6e6, -4e6), (4.9e6, 9e9), (1.0, 1.0), (-9e9, 9e9)):
        first, last = index.span(xmin, xmax)
        inside = (x >= xmin) & (x <= xmax)
        got = ordered[first:last]
        assert ((got >= xmin) & (got <= xmax)).sum() == inside.sum()
        assert len(got) - inside.sum() <= 0.01 * len(x)  # a column's width of spare points
    assert sorted(order.tolist()) == list(range(len(x)))


def test_one_column_and_no_points() -> None:
    assert ColumnIndex.ordering(np.full(5, 3.0))[0].span(2.0, 4.0) == (0, 5)
    assert ColumnIndex.ordering(np.empty(0))[0].span(0.0, 1.0) == (0, 0)


def test_spans_widened_by_the_slack_and_kept_after_dropping_points() -> None:
    rng = np.random.default_rng(4)
    true_x = rng.uniform(0, 1e6, 50_000)
    guess = true_x + rng.uniform(-100.0, 100.0, len(true_x))  # keyed by an x 100 m off
    index, order = ColumnIndex.ordering(guess, slack=100.0)
    ordered = true_x[order]
    keep = rng.random(len(ordered)) > 0.1
    kept, survivors = index.kept(keep), ordered[keep]
    for xmin, xmax in ((1e5, 1.2e5), (0.0, 50.0), (999_990.0, 2e6)):
        for ix, values in ((index, ordered), (kept, survivors)):
            first, last = ix.span(xmin, xmax)
            inside = (values >= xmin) & (values <= xmax)
            assert inside[first:last].sum() == inside.sum()  # every one, by its true x
