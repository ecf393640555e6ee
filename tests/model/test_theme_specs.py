"""The theme registry is the one list of themes: every table keyed by theme derives from it, and
the map builds an item for each theme it names."""

from __future__ import annotations

from explorer.model.theme_specs import feature_kinds, feature_themes, theme, theme_keys, themes
from explorer.model.themes import ThemeSettings


def test_the_registry_drives_the_tables_and_the_default_order(session) -> None:
    assert theme_keys()[:2] == ("alliances", "routes")
    assert theme_keys()[-6:] == ("bases", "places", "events", "overlap", "changes", "way")
    assert [layer.key for layer in ThemeSettings().layers] == list(theme_keys())
    for spec in themes():
        if spec.feature_kind is not None:
            # the atlas keeps its records there; the way alone is a query's answer, no record
            assert spec.table is not None or spec.key == "way"
            if spec.table is not None:
                session.atlas.table(spec.table)
            assert feature_themes()[spec.feature_kind] is spec
            assert spec.feature_kind in feature_kinds()
    assert theme("bases").title == "Military bases"


def test_the_map_builds_one_item_per_theme(qapp, session) -> None:
    from explorer.render.map_scene import MapScene
    from explorer.render.themes.layers import ITEMS

    assert set(theme_keys()) <= set(ITEMS)
    scene = MapScene(session=session)
    assert list(scene.themes.items) == list(theme_keys())
    assert all(item.key == key for key, item in scene.themes.items.items())
