"""Ids in plain words, for the inspector, the history lanes and `explorer diff` alike (a light
module: no session, no Qt)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from explorer.model.atlas import Atlas


def words(value: str) -> str:
    """"dialogue_partner" -> "dialogue partner"."""
    return value.replace("_", " ")


def short_name(atlas: Atlas, actor: str) -> str:
    """The actor's short name ("CSTO"), or its id when the atlas does not know it."""
    found = atlas.actors.get(actor)
    return found.short_name if found is not None else actor
