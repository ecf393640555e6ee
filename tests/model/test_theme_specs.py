"""The theme registry is the one list of themes: every table keyed by theme derives from it, and
the map builds an item for each theme it names."""

from __future__ import annotations

from explorer.model.theme_specs import FEATURE_TABLES, THEME_FEATURES, THEME_KEYS, THEMES, theme
from explorer.model.themes import ThemeSettings


def test_the_registry_drives_the_tables_and_the_default_order(session) -> None:
    assert THEME_KEYS == ("alliances", "routes", "bases", "places", "events")
    assert [layer.key for layer in ThemeSettings().layers] == list(THEME_KEYS)
    for spec in THEMES:
        if spec.table is not None:
            assert hasattr(session.atlas, spec.table)  # the atlas keeps its records there
            assert FEATURE_TABLES[spec.feature_kind] == spec.table
            assert THEME_FEATURES[spec.key] == spec.feature_kind
    assert theme("bases").title == "Military bases"


def test_the_map_builds_one_item_per_theme(qapp, session) -> None:
    from explorer.render.map_scene import MapScene
    from explorer.render.themes.layers import ITEMS

    assert set(ITEMS) == set(THEME_KEYS)
    scene = MapScene(session=session)
    assert list(scene.themes.items) == list(THEME_KEYS)
    assert all(item.key == key for key, item in scene.themes.items.items())
