"""The map scene draws land, sea and the emphasised Central Asian states where they belong."""

from __future__ import annotations

import pytest

from explorer.render import style
from explorer.render.map_scene import MapScene
from tests.render.helpers import close, pixel_at, render


@pytest.mark.parametrize("projection", ["lcc_central_asia", "equal_earth", "web_mercator",
                                        "plate_carree"])
def test_land_sea_and_emphasis(qapp, projection: str) -> None:
    scene = MapScene(projection)
    image = render(scene)
    # Central Kazakhstan (steppe near Karaganda), emphasised; the middle of the Caspian, sea;
    # central Iran, ordinary land.
    assert close(pixel_at(image, scene, 68.3, 47.3), style.LAND_EMPHASIS)
    assert close(pixel_at(image, scene, 50.7, 42.3), style.SEA)
    assert close(pixel_at(image, scene, 54.3, 33.3), style.LAND)


def test_whole_world_shows_the_americas(qapp) -> None:
    scene = MapScene("equal_earth")
    image = render(scene, bbox=(-180.0, -60.0, 180.0, 85.0))
    assert close(pixel_at(image, scene, -106.3, 35.2), style.LAND)  # the USA
    assert close(pixel_at(image, scene, -41.3, 31.7), style.SEA)  # the Atlantic


def test_switching_projection_keeps_the_same_place_in_view(qapp) -> None:
    scene = MapScene("lcc_central_asia")
    render(scene)
    before = scene.view_rect()
    centre_before = scene.lonlat_at((before[0] + before[2]) / 2, (before[1] + before[3]) / 2)
    mpp_before = scene.metres_per_pixel()
    scene.set_projection("web_mercator")
    after = scene.view_rect()
    centre_after = scene.lonlat_at((after[0] + after[2]) / 2, (after[1] + after[3]) / 2)
    assert centre_after == pytest.approx(centre_before, abs=0.05)
    assert scene.metres_per_pixel() == pytest.approx(mpp_before, rel=0.05)


def test_hover_names_the_country(qapp) -> None:
    scene = MapScene()
    x, y = scene.projection.forward(69.24, 41.30)
    assert scene.countries.country_at(float(x), float(y)) == ("UZB", "Uzbekistan")
    x, y = scene.projection.forward(50.5, 42.0)
    assert scene.countries.country_at(float(x), float(y)) is None
