"""Benchmark: label placement over the fixed views of the label-quality test (4 dates x 4
projections x 3 zooms, and --select UZB on 2003-06-01), at 1600x1000; prints the placement
time per frame, the themed pan, and what the quality rules find."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from PySide6.QtGui import QColor, QImage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "render"))
from frames import frame_ms
from label_quality import SIZE, VIEWS, judge, show, view_rect

from explorer.io.atlas_reader import read_atlas
from explorer.model.session import Session
from explorer.render.application import headless_application
from explorer.render.labels import LabelsItem
from explorer.render.map_scene import MapScene

PLACEMENT_GOAL_MS = 10.0
PAN_GOAL_MS = 16.0


def main() -> None:
    headless_application()
    session = Session(read_atlas())
    for layer in session.themes.layers:
        layer.visible = True
    scene = MapScene(session=session)
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    timings: list[float] = []
    original = LabelsItem.place

    def timed(self, painter):
        start = time.perf_counter()
        placed = original(self, painter)
        timings.append((time.perf_counter() - start) * 1000)
        return placed

    LabelsItem.place = timed
    problems = 0
    frames = []  # the baseline measured in the same run: the whole frame the labels are part of
    for view in VIEWS:
        show(scene, session, view, image)  # the first frame of a view: projections, fits
        scene.label_engine.invalidate()  # placed afresh, as after a date or theme change
        start = time.perf_counter()
        show(scene, session, view, image)
        frames.append((time.perf_counter() - start) * 1000)
        verdict = judge(scene, view)
        if not verdict:
            problems += 1
            print(f"  {view.name}: {verdict}")
    placement = timings[1::2]
    print(f"{len(VIEWS)} views at {SIZE[0]}x{SIZE[1]}: {problems} with label problems")
    print(f"label placement per frame: median {statistics.median(placement):.1f} ms, "
          f"max {max(placement):.1f} ms (first frame of a view: median "
          f"{statistics.median(timings[0::2]):.1f} ms); goal <= {PLACEMENT_GOAL_MS:.0f} ms: "
          f"{'met' if statistics.median(placement) <= PLACEMENT_GOAL_MS else 'NOT met'}")
    shares = [p / f for p, f in zip(placement, frames, strict=True)]
    print(f"placement / whole frame (same run): median {statistics.median(shares):.2f} "
          f"(frame median {statistics.median(frames):.1f} ms)")
    LabelsItem.place = original
    view = view_rect(scene, "region")
    session.selection.clear()
    scene.set_projection("lcc_central_asia")
    pans = []  # the labels move with the map, placed afresh when the view rests
    for k in range(1, 61):  # a drag, 1 % of the width per frame
        shift = (view[2] - view[0]) * 0.01 * k
        pans.append(frame_ms(scene, image, (view[0] + shift, view[1], view[2] + shift, view[3])))
    pan = statistics.median(pans[5:])
    print(f"themed pan (all themes, Central Asia): median {pan:.1f} ms; goal <= "
          f"{PAN_GOAL_MS:.0f} ms: {'met' if pan <= PAN_GOAL_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
