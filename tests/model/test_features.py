"""A user layer's feature is named once: FeatureRef.user builds the reference, user_row reads it."""

from __future__ import annotations

from explorer.model.features import FeatureRef


def test_user_references_round_trip_and_others_are_not_rows() -> None:
    ref = FeatureRef.user("layer12", 3)
    assert ref == FeatureRef("user", "layer12:3") and ref.user_row() == ("layer12", 3)
    assert FeatureRef.user("odd:name", 7).user_row() == ("odd:name", 7)  # the last colon
    assert FeatureRef("base", "base_manas").user_row() is None
    assert FeatureRef("user", "layer1:x").user_row() is None
    assert FeatureRef("user", "nocolon").user_row() is None
