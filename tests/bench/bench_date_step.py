"""Benchmark: a window-sized render of the themed map, then date steps of one month each."""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from frames import frame_ms
from PySide6.QtGui import QColor, QImage

from explorer.geo.projection import CENTRAL_ASIA_BBOX
from explorer.io.atlas_reader import read_atlas
from explorer.model.session import Session, add_months
from explorer.render.application import headless_application
from explorer.render.map_scene import MapScene

SIZE = (1600, 1000)
START = dt.date(1995, 1, 1)
GOAL_MS = 50.0



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=240, help="one-month date steps")
    parser.add_argument("--save", help="write the last frame to this PNG")
    args = parser.parse_args()
    headless_application()
    atlas = read_atlas()
    session = Session(atlas, date=START)
    for layer in session.themes.layers:
        layer.visible = True
    start = time.perf_counter()
    scene = MapScene(session=session)
    build_ms = (time.perf_counter() - start) * 1000
    view = scene.projection.bbox_to_rect(CENTRAL_ASIA_BBOX)
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    first_ms = frame_ms(scene, image, view)
    steps = []
    for _ in range(args.steps):
        begin = time.perf_counter()
        session.time.date = add_months(session.time.date, 1)
        frame_ms(scene, image, view)
        steps.append((time.perf_counter() - begin) * 1000)
    pans = []
    for k in range(1, 41):  # for comparison: a drag, 1 % of the width per frame
        shift = (view[2] - view[0]) * 0.01 * k
        pans.append(frame_ms(scene, image, (view[0] + shift, view[1], view[2] + shift, view[3])))
    if args.save:
        image.save(args.save)
    median = statistics.median(steps)
    p90 = statistics.quantiles(steps, n=10)[-1]
    print(f"{SIZE[0]}x{SIZE[1]} themed map, all themes, Central Asia view")
    print(f"scene built in {build_ms:.0f} ms; first render {first_ms:.0f} ms")
    print(f"{len(steps)} one-month steps from {START} to {session.date}: median {median:.1f} ms, "
          f"90th percentile {p90:.1f} ms, max {max(steps):.1f} ms")
    print(f"goal < {GOAL_MS:.0f} ms per step: {'met' if median < GOAL_MS else 'NOT met'}")
    print(f"40 pan frames (1 % of the width each): median {statistics.median(pans):.1f} ms, "
          f"max {max(pans):.1f} ms")


if __name__ == "__main__":
    main()
