"""The organisation: its units, who leads which, where to record and escalate, its nation and support routes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.content import ContentError
from bot.domain.content_rules import stale_signposts
from bot.domain.signposts import Signpost, read_nation, signposts_for, signposts_from
from bot.domain.team_practice import TEAM_PRACTICE_SETTINGS
from bot.domain.types import Address
from bot.domain.yamlfields import FieldReader
from bot.domain.yamlfile import LineMap, Problem, load_yaml

MIN_GROUP_SIZE_FLOOR = 3  # k may be raised by an organisation, never lowered below this
RELEASE_POLICIES = ("daily", "immediate")
TENANT_PLATFORMS = ("slack", "teams")  # one user id can come from many workspaces or tenants: a lead names theirs


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Lead:
    platform: str
    user: str
    units: tuple[str, ...]  # unit ids, or ("*",) for every unit
    tenant: str | None = None  # the Slack workspace (team or Enterprise Grid) id or Teams tenant id

    def is_at(self, address: Address) -> bool:
        """Whether ``address`` is this lead: the same platform, user and workspace or tenant. Without a tenant
        only a console lead matches (a Slack or Teams lead without one matches no one)."""
        if (address.platform, address.user) != (self.platform, self.user):
            return False
        if self.tenant is None:
            return self.platform not in TENANT_PLATFORMS
        return address.tenant == self.tenant


@dataclass(frozen=True)
class Organisation:
    name: str
    timezone: str
    units: tuple[Unit, ...]
    leads: tuple[Lead, ...]
    min_group_size: int = MIN_GROUP_SIZE_FLOOR
    flag_release: str = "daily"
    links: dict[str, str] = field(default_factory=dict)
    signposts: tuple[Signpost, ...] = ()  # overrides and additions to the content's signposts
    nation: str | None = None  # england, wales, scotland or northern-ireland; None shows every nation's routes
    warnings: tuple[str, ...] = ()  # ``file:line: message`` that does not stop start-up (stale signposts)
    team_practice: str = "leads"  # who may set up team reflection in a channel: leads (of any unit) or anyone

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def units_led_by(self, address: Address) -> tuple[str, ...]:
        """Unit ids this person leads (empty for everyone who is not a lead), matched on platform, workspace
        or tenant, and user."""
        led: list[str] = []
        for lead in self.leads:
            if lead.is_at(address):
                led += [u.id for u in self.units] if "*" in lead.units else list(lead.units)
        return tuple(dict.fromkeys(led))

    def merged_signposts(self, defaults: tuple[Signpost, ...], topic: str | None = "distress") -> tuple[Signpost, ...]:
        """Content defaults with this organisation's overrides (same id) and additions; urgent ones first.

        Only the routes for ``topic`` in this organisation's nation (see :func:`signposts_for`); ``topic=None``
        gives every route of every topic and nation.
        """
        by_id = {s.id: s for s in defaults}
        by_id.update({s.id: s for s in self.signposts})
        ordered = list(by_id.values())
        if topic is not None:
            ordered = list(signposts_for(ordered, topic, self.nation))
        return tuple(sorted(ordered, key=lambda s: not s.urgent))


ORGANISATION_KEYS = (
    "name",
    "timezone",
    "nation",
    "min_group_size",
    "flag_release",
    "links",
    "units",
    "leads",
    "signposts",
    "team_practice",
)


def _read_team_practice(r: FieldReader, m: LineMap) -> str:
    setting = r.text(m, "team_practice", required=False) or "leads"
    if setting not in TEAM_PRACTICE_SETTINGS:
        r.problem(m.line_of("team_practice"), f"'team_practice' must be one of {', '.join(TEAM_PRACTICE_SETTINGS)}")
    return setting


def _read_timezone(r: FieldReader, m: LineMap) -> str:
    timezone = r.text(m, "timezone", required=False) or "Europe/London"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        r.problem(m.line_of("timezone"), f"unknown time zone {timezone!r} (use a name such as Europe/London)")
    return timezone


def _read_min_group_size(r: FieldReader, m: LineMap) -> int:
    k = m.get("min_group_size", MIN_GROUP_SIZE_FLOOR)
    if not isinstance(k, int) or isinstance(k, bool) or k < MIN_GROUP_SIZE_FLOOR:
        r.problem(
            m.line_of("min_group_size"), f"'min_group_size' must be a whole number of at least {MIN_GROUP_SIZE_FLOOR}"
        )
        return MIN_GROUP_SIZE_FLOOR
    return k


def _read_flag_release(r: FieldReader, m: LineMap) -> str:
    release = r.text(m, "flag_release", required=False) or "daily"
    if release not in RELEASE_POLICIES:
        r.problem(m.line_of("flag_release"), f"'flag_release' must be one of {', '.join(RELEASE_POLICIES)}")
    return release


def _read_links(r: FieldReader, m: LineMap) -> dict[str, str]:
    if "links" not in m:
        return {}
    links_map = r.mapping(m["links"], m.line_of("links"), "'links'")
    if links_map is None:
        return {}
    return {str(key): r.text(links_map, str(key)) for key in links_map}


def _read_units(r: FieldReader, m: LineMap) -> list[Unit]:
    units: list[Unit] = []
    raw_units = m.get("units")
    if not isinstance(raw_units, list) or not raw_units:
        r.problem(m.line_of("units"), "'units' must list at least one unit ({id, name})")
    else:
        for item in raw_units:
            um = r.mapping(item, getattr(raw_units, "line", 0), "each unit")
            if um is not None:
                r.unknown_keys(um, ("id", "name"))
                units.append(Unit(r.ident(um), r.text(um, "name")))
    if len({u.id for u in units}) != len(units):
        r.problem(m.line_of("units"), "unit ids must be unique")
    return units


def _read_lead(r: FieldReader, lm: LineMap, unit_ids: set[str]) -> Lead:
    r.unknown_keys(lm, ("platform", "tenant", "user", "units"))
    lead_units = r.texts(lm, "units")
    for unit_id in lead_units:
        if unit_id != "*" and unit_id not in unit_ids:
            r.problem(lm.line_of("units"), f"unit {unit_id!r} is not one of the organisation's units")
    platform = r.text(lm, "platform")
    tenant = r.text(lm, "tenant", required=False) or None
    if tenant is None and platform in TENANT_PLATFORMS:
        r.problem(
            lm.line_of("user"),
            f"a {platform} lead needs 'tenant' (the Slack team id, or the Teams tenant id) as well as 'user': "
            "the same user id can come from another workspace",
        )
    return Lead(platform, r.text(lm, "user"), lead_units, tenant)


def _read_leads(r: FieldReader, m: LineMap, unit_ids: set[str]) -> list[Lead]:
    raw_leads = m.get("leads", [])
    if not isinstance(raw_leads, list):
        r.problem(m.line_of("leads"), "'leads' must be a list")
        return []
    leads: list[Lead] = []
    for item in raw_leads:
        lm = r.mapping(item, getattr(raw_leads, "line", 0), "each lead")
        if lm is not None:
            leads.append(_read_lead(r, lm, unit_ids))
    return leads


def _organisation_mapping(path: Path) -> LineMap:
    """The ``organisation:`` mapping of ``path``; a file that has none raises :class:`ContentError`."""
    try:
        data = load_yaml(path)
    except Problem as exc:
        raise ContentError([exc]) from None
    if not isinstance(data, LineMap) or not isinstance(data.get("organisation"), LineMap):
        raise ContentError([Problem(path, getattr(data, "line", 1), "expected a top-level 'organisation' mapping")])
    organisation: LineMap = data["organisation"]
    return organisation


def load_organisation(path: Path, today: date | None = None) -> Organisation:
    """Read and validate an organisation file; raises :class:`ContentError` naming file and line.

    ``today`` (default: today) dates its signposts, as :func:`bot.domain.content.load_content` does.
    """
    path = Path(path)
    today = today or date.today()
    problems: list[Problem] = []
    r = FieldReader(path, problems)
    m = _organisation_mapping(path)
    r.unknown_keys(m, ORGANISATION_KEYS)
    name = r.text(m, "name")
    timezone = _read_timezone(r, m)
    nation = read_nation(r, m)
    min_group_size = _read_min_group_size(r, m)
    release = _read_flag_release(r, m)
    links = _read_links(r, m)
    units = _read_units(r, m)
    leads = _read_leads(r, m, {u.id for u in units})
    team_practice = _read_team_practice(r, m)
    found = []
    if "signposts" in m:
        found = signposts_from(path, m["signposts"], m.line_of("signposts"), problems, today)
    if problems:
        raise ContentError(problems)
    return Organisation(
        name=name,
        timezone=timezone,
        units=tuple(units),
        leads=tuple(leads),
        min_group_size=min_group_size,
        flag_release=release,
        links=links,
        signposts=tuple(s for s, _m in found),
        nation=nation,
        warnings=tuple(str(w) for w in stale_signposts(path, found, today)),
        team_practice=team_practice,
    )
