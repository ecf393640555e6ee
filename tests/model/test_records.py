"""Record schemas: vocabularies, ids, lists, intervals and sources are checked on creation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from explorer.model.dates import PartialDate
from explorer.model.records import (
    RELATION_TYPES,
    Actor,
    Event,
    FieldError,
    Membership,
    Relation,
    Source,
)


def blamed(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    """The fields a validation error names (model-level checks name theirs via FieldError)."""
    fields = set()
    for error in exc.value.errors():
        cause = (error.get("ctx") or {}).get("error")
        fields.add(cause.field if isinstance(cause, FieldError) else str(error["loc"][0]))
    return fields


def membership(**changes) -> Membership:
    row = {"id": "mem_uzb_csto_2", "actor": "UZB", "organization": "CSTO", "role": "member",
           "start": "2006-06-23", "end": "2012-06-28", "sources": "a_wp_csto;a_other"}
    return Membership.model_validate({**row, **changes})


def test_csv_text_becomes_typed_values() -> None:
    m = membership(approximate="true")
    assert m.start == PartialDate(2006, 6, 23) and m.approximate is True
    assert m.sources == ("a_wp_csto", "a_other")
    relation = Relation.model_validate({"id": "r", "source": "USA", "target": "UZB",
                                        "type": "basing", "sign": "-1", "directed": "true",
                                        "sources": "r_x"})
    assert relation.sign == -1 and relation.directed is True and relation.weight is None


def test_interval_semantics_on_a_record() -> None:
    m = membership()
    assert m.active_on("2008") and m.active_on("2012-06-27")
    assert not m.active_on("2012-06-28") and not m.active_on("2003")


@pytest.mark.parametrize("changes, field", [
    ({"role": "membre"}, "role"),
    ({"end": "2005"}, "end"),            # before the start
    ({"start": "2006-13"}, "start"),
    ({"actor": "uzb"}, "actor"),
    ({"sources": ""}, "sources"),
    ({"sources": "a_wp_csto;;a_x"}, "sources"),
    ({"colour": "red"}, "colour"),
])
def test_bad_values_name_their_field(changes, field) -> None:
    with pytest.raises(ValidationError) as exc:
        membership(**changes)
    assert blamed(exc) == {field}


def test_states_use_iso3_ids_and_relations_join_two_actors() -> None:
    with pytest.raises(ValidationError) as exc:
        Actor.model_validate({"id": "KOREA", "name": "Korea", "kind": "state", "sources": "a"})
    assert blamed(exc) == {"id"}
    Actor.model_validate({"id": "SCO_RATS", "name": "RATS", "kind": "organization",
                          "sources": "a"})
    with pytest.raises(ValidationError) as exc:
        Relation.model_validate({"id": "r", "source": "UZB", "target": "UZB", "type": "trade",
                                 "sign": "1", "sources": "r"})
    assert blamed(exc) == {"target"}
    assert {"alliance", "basing", "border_dispute", "transit"} <= set(RELATION_TYPES)


def test_a_source_needs_a_title_and_a_url_or_a_publication() -> None:
    Source.model_validate({"id": "g_book", "title": "A book", "publisher": "A press"})
    Source.model_validate({"id": "g_web", "title": "A page", "url": "https://example.org/"})
    for row, field in [({"id": "g_x", "title": "Nothing"}, "url"),
                       ({"id": "g_x", "title": "Bad", "url": "example.org"}, "url"),
                       ({"id": "g_x", "url": "https://example.org/"}, "title")]:
        with pytest.raises(ValidationError) as exc:
            Source.model_validate(row)
        assert blamed(exc) == {field}


def test_events_are_current_from_their_date_on_or_within_a_window() -> None:
    event = Event.model_validate({"id": "ev", "date": "2005-05-13", "title": "Andijan",
                                  "actors": "UZB", "place": "andijan", "sources": "r"})
    assert not event.active_on("2005-05-12")
    assert event.active_on("2005-05-13") and event.active_on("2020")
    assert event.active_on("2006-05-12", window_days=365)
    assert not event.active_on("2006-05-13", window_days=365)


def test_short_names_are_never_raw_ids(atlas) -> None:
    names = {a.id: a.short_name for a in atlas.actors.values()}
    assert names["ASHGABAT_AGREEMENT"] == "Ashgabat Agreement"  # the name without its gloss
    assert names["SHANGHAI_FIVE"] == "Shanghai Five"
    assert names["SCO_RATS"] == "SCO RATS"  # a long name: the acronym in words
    assert names["C5P1"] == "C5+1"  # the acronym as the name spells it
    assert (names["CSTO"], names["UZB"]) == ("CSTO", "Uzbekistan")
    assert not [name for name in names.values() if "_" in name]
