"""The atlas records as pydantic schemas, their vocabularies and their time semantics."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from explorer.model.dates import DayLike, PartialDate, as_day, is_active

# Vocabularies (geodata/atlas/README.md explains each word).
ActorKind = Literal["state", "organization", "armed_group", "company", "person"]
Role = Literal["member", "observer", "partner", "suspended", "associate", "dialogue_partner"]
RelationType = Literal["alliance", "strategic_partnership", "basing", "security_cooperation",
                       "diplomatic", "hostility", "border_dispute", "trade", "transit", "leads"]
PlaceKind = Literal["capital", "city", "port", "border_crossing", "junction"]
RouteKind = Literal["railway", "road", "corridor", "maritime", "pipeline"]
RouteStatus = Literal["operating", "under_construction", "planned", "closed"]
PipelineKind = Literal["oil", "gas", "products", "power", "water"]
EnergySiteKind = Literal["dam", "power_plant", "oil_field", "gas_field", "terminal", "refinery"]
# halted: built but not carrying (a suspension, a stopped project) for the period
EnergyStatus = Literal["planned", "under_construction", "operating", "halted", "closed"]
# what a source is: an official text, a wire service, the press, an encyclopaedia, research,
# a reference database, a company's own page, a blog, or a copy of another source's text
SourceKind = Literal["official", "wire", "press", "encyclopaedia", "research", "database",
                     "company", "blog", "mirror"]

ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)
ROLES: tuple[str, ...] = get_args(Role)
RELATION_TYPES: tuple[str, ...] = get_args(RelationType)
PLACE_KINDS: tuple[str, ...] = get_args(PlaceKind)
ROUTE_KINDS: tuple[str, ...] = get_args(RouteKind)
ROUTE_STATUSES: tuple[str, ...] = get_args(RouteStatus)
PIPELINE_KINDS: tuple[str, ...] = get_args(PipelineKind)
ENERGY_SITE_KINDS: tuple[str, ...] = get_args(EnergySiteKind)
ENERGY_STATUSES: tuple[str, ...] = get_args(EnergyStatus)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)

LIST_SEPARATOR = ";"
_ISO3 = re.compile(r"[A-Z]{3}")
SHORT_NAME_LENGTH = 18  # characters: a longer name is shortened to the actor's acronym


class FieldError(ValueError):
    """A check across fields that blames one of them, so that the loader can name that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _split(value: Any) -> Any:
    """"a;b;c" -> ("a", "b", "c"): how the CSV files write lists of ids."""
    if isinstance(value, str):
        items = tuple(item.strip() for item in value.split(LIST_SEPARATOR))
        if not all(items):
            raise ValueError(f"an empty item in the list {value!r} (ids are separated by "
                             f"'{LIST_SEPARATOR}')")
        return items
    return value


def _course(value: Any) -> Any:
    """"66.1 38.8; 66.4 39.2" -> ((66.1, 38.8), (66.4, 39.2)): a line's course as lon lat
    pairs, `;`-separated."""
    if not isinstance(value, str):
        return value
    points = []
    for item in value.split(LIST_SEPARATOR):
        parts = item.split()
        if len(parts) != 2:
            raise ValueError(f"a course point is 'lon lat', not {item.strip()!r}")
        points.append((float(parts[0]), float(parts[1])))
    return tuple(points)


def _sign(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.strip().lstrip("+-").isdigit() else value


LowerId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
ActorId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]
Iso3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
SourceIds = Annotated[tuple[LowerId, ...], BeforeValidator(_split), Field(min_length=1)]
ActorIds = Annotated[tuple[ActorId, ...], BeforeValidator(_split), Field(min_length=1)]
Iso3List = Annotated[tuple[Iso3, ...], BeforeValidator(_split), Field(min_length=1)]
PlaceIds = Annotated[tuple[LowerId, ...], BeforeValidator(_split), Field(min_length=2)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
# the line as drawn, first waypoint to last, where straight legs between waypoints would stray
Course = Annotated[tuple[tuple[Longitude, Latitude], ...], BeforeValidator(_course),
                   Field(min_length=2)]
Text = Annotated[str, Field(min_length=1)]
MAX_WEIGHT = 1e6
# A tie's strength: it widens the drawn line and pulls the force layout's ends together, so it
# is a finite number above 0 (hostility is `sign`, never a negative weight; a tie of no
# strength is no tie) and at most MAX_WEIGHT (the layout computes in float32).
Weight = Annotated[float, Field(gt=0, le=MAX_WEIGHT, allow_inf_nan=False)]


class Record(BaseModel):
    """Common behaviour: immutable, no unknown fields; an interval if the record has one."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="after")
    def _interval_in_order(self) -> Record:
        start, end = getattr(self, "start", None), getattr(self, "end", None)
        if start is not None and end is not None and end.first_day < start.first_day:
            raise FieldError("end", f"end {end} is before start {start}")
        return self

    def active_on(self, day: DayLike) -> bool:
        """start <= day < end (see explorer.model.dates); records without an interval always."""
        return is_active(getattr(self, "start", None), getattr(self, "end", None), day)


class Source(Record):
    """A citation: title, and a URL or a printed publication named in publisher."""

    id: LowerId
    title: Text
    publisher: str = ""
    url: str = ""
    date: PartialDate | None = None
    kind: SourceKind | None = None

    @model_validator(mode="after")
    def _url_or_publication(self) -> Source:
        if not self.url and not self.publisher:
            raise FieldError("url", "a source needs a url or, for print, a publisher")
        if self.url and not self.url.startswith(("http://", "https://")):
            raise FieldError("url", f"a url starts with http:// or https://, not {self.url!r}")
        return self


class Actor(Record):
    """A state (ISO 3166-1 alpha-3 id), organization (acronym), armed group, company or person."""

    id: ActorId
    name: Text
    kind: ActorKind
    start: PartialDate | None = None
    end: PartialDate | None = None
    approximate: bool = False
    note: str = ""
    sources: SourceIds

    @model_validator(mode="after")
    def _states_use_iso3(self) -> Actor:
        if self.kind == "state" and not _ISO3.fullmatch(self.id):
            raise FieldError("id", f"a state's id is its ISO 3166-1 alpha-3 code, not {self.id!r}")
        return self

    @property
    def short_name(self) -> str:
        return short_name(self.id, self.name, self.kind)


def short_name(actor_id: str, name: str, kind: str) -> str:
    """What an actor is called where room is short (legends, lists, network nodes): an
    organization's acronym as its name spells it ("C5+1" for C5P1), a short name without its
    gloss ("Ashgabat Agreement"), else the id in words ("SCO RATS"); never an id's underscore."""
    plain = name.split(" (")[0].strip() or actor_id
    if kind == "organization" and "_" not in actor_id:
        first = plain.split()[0]
        return first if first.upper().replace("+", "P") == actor_id else actor_id
    if len(plain) <= SHORT_NAME_LENGTH:
        return plain
    return actor_id.replace("_", " ")


class Membership(Record):
    """An actor's role in an organization for an interval; a change of role is a new record."""

    id: LowerId
    actor: ActorId
    organization: ActorId
    role: Role
    start: PartialDate | None = None
    end: PartialDate | None = None
    approximate: bool = False
    note: str = ""
    sources: SourceIds


class Relation(Record):
    """A typed tie between two actors, directed (source -> target) or not."""

    id: LowerId
    source: ActorId
    target: ActorId
    type: RelationType
    directed: bool = False
    sign: Annotated[Literal[1, -1], BeforeValidator(_sign)]
    weight: Weight | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    approximate: bool = False
    label: str = ""
    note: str = ""
    sources: SourceIds

    @model_validator(mode="after")
    def _two_actors(self) -> Relation:
        if self.source == self.target:
            raise FieldError("target", f"a relation joins two different actors, not "
                             f"{self.source} with itself")
        return self


class Place(Record):
    """A city, port, junction or border crossing: a point in a state, valid throughout."""

    id: LowerId
    name: Text
    kind: PlaceKind
    country: Iso3
    lat: Latitude
    lon: Longitude
    approximate: bool = False
    note: str = ""
    sources: SourceIds


class Base(Record):
    """A military or space facility that an operator runs on a host state's territory."""

    id: LowerId
    name: Text
    short_name: str = ""  # as people name it on a map: "K2 (Karshi-Khanabad)"
    operator: ActorId
    host: Iso3
    lat: Latitude
    lon: Longitude
    start: PartialDate | None = None
    end: PartialDate | None = None
    approximate: bool = False
    note: str = ""
    sources: SourceIds


class Line(Record):
    """What railways, routes and pipelines share: a line through places (or energy sites),
    its countries in order, its course where straight legs would stray, over a period."""

    id: LowerId
    name: Text
    start: PartialDate | None = None
    end: PartialDate | None = None
    countries: Iso3List
    waypoints: PlaceIds
    course: Course | None = None
    schematic: bool = False
    approximate: bool = False
    note: str = ""
    sources: SourceIds


class Route(Line):
    """A railway, road, corridor, pipeline or sea leg drawn through places, in a given status."""

    kind: RouteKind
    status: RouteStatus
    corridor: LowerId | None = None  # legs of one corridor share it (and one colour on the map)


class Pipeline(Line):
    """An oil, gas or products pipeline, a power line or a canal in one status over a period,
    drawn through places and energy sites (its waypoints, in order)."""

    kind: PipelineKind
    status: EnergyStatus
    operators: Annotated[tuple[ActorId, ...], BeforeValidator(_split)] = ()


class EnergySite(Record):
    """A dam, power plant, field, terminal or refinery: a point in a state, in one status over
    a period."""

    id: LowerId
    name: Text
    kind: EnergySiteKind
    status: EnergyStatus
    start: PartialDate | None = None
    end: PartialDate | None = None
    country: Iso3
    lat: Latitude
    lon: Longitude
    operators: Annotated[tuple[ActorId, ...], BeforeValidator(_split)] = ()
    approximate: bool = False
    note: str = ""
    sources: SourceIds


class Event(Record):
    """Something that happened on a (partial) date, with the actors involved and maybe a place."""

    id: LowerId
    date: PartialDate
    title: Text
    actors: ActorIds
    place: LowerId | None = None
    approximate: bool = False
    note: str = ""
    sources: SourceIds

    def active_on(self, day: DayLike, window_days: int | None = None) -> bool:
        """Happened on or before day (an event is part of the story from then on); with
        window_days, only if it happened less than that many days before day."""
        when, happened = as_day(day), self.date.first_day
        if happened > when:
            return False
        return window_days is None or (when - happened).days < window_days


# Every record that must cite at least one source.
Sourced = Actor | Membership | Relation | Place | Base | Route | Event | Pipeline | EnergySite
