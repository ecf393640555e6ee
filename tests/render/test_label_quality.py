"""Label quality over the fixed views (4 dates x 4 projections x 3 zooms, and the seed's
--select UZB on 2003-06-01): no label detached from its feature, none overlapping, every
country name inside its country, every priority feature named."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from explorer.model.session import Session
from explorer.render.map_scene import MapScene
from tests.render.label_quality import SIZE, VIEWS, judge, show


@pytest.fixture(scope="module")
def stage(qapp, atlas):
    session = Session(atlas)
    for layer in session.themes.layers:
        layer.visible = True
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    return session, MapScene(session=session), image


def test_every_view_labels_truly(stage) -> None:
    session, scene, image = stage
    failures = {}
    for view in VIEWS:
        show(scene, session, view, image)
        verdict = judge(scene, view)
        if not verdict:
            failures[view.name] = verdict
    assert not failures


def test_the_seed_story_names_k2_beside_its_triangle(stage) -> None:
    session, scene, image = stage
    show(scene, session, VIEWS[-1], image)  # 2003-06-01, --select UZB
    named = {c.feature: c for c, _ in scene.label_engine.placed}
    assert {"base_karshi_khanabad", "UZB", "tashkent", "KAZ"} <= set(named)
    assert named["base_karshi_khanabad"].priority < 0
    # what the selection lights is drawn in full, the rest faint, as the veil fades it
    assert named["UZB"].opacity == named["tashkent"].opacity == 1.0
    assert named["KAZ"].opacity < 0.6  # lit by the selection: labelled first
    assert judge(scene, VIEWS[-1])
