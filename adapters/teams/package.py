"""The Teams app package: a zip of ``manifest.json`` (manifest schema v1.25), ``color.png`` and ``outline.png``.

IT uploads it in the Teams admin centre (or a developer sideloads it). The manifest declares one bot, in
personal scope (what people tell Kinship is private to them) and team scope (weekly team reflection in a
channel), with the command lists people see in the compose box: our command words in a personal chat, the
team-reflection commands in a channel. It asks for one resource-specific permission,
``ChannelMessage.Read.Group`` (Application): a team owner consents when adding Kinship to a team, and Kinship
then receives every message in that team's channels, not only those that @mention it, so that answers in
the week's question thread count. The permission covers only the teams Kinship is added to, and
``webApplicationInfo`` (the app registration it belongs to) names the same app id. The icons are drawn by
:mod:`adapters.teams.icons`. ``tests/test_teams_package.py`` validates the manifest against the schema
shipped in ``adapters/teams/schema/``.

The zip is reproducible: the same inputs give the same bytes (fixed timestamps, fixed order).
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from adapters.teams import icons
from bot.domain.config import Config

MANIFEST_VERSION = "1.25"
MANIFEST_SCHEMA_URL = (
    f"https://developer.microsoft.com/en-us/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
)
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / f"teams-manifest-v{MANIFEST_VERSION}.schema.json"
DEFAULT_APP_VERSION = "1.0.0"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
_HOST = re.compile(r"^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Teams shows up to 10 commands per list in the compose box, accepts 12, and cuts titles beyond 32 characters.
MAX_COMMANDS = 12
MAX_COMMAND_TITLE = 32
MAX_COMMAND_DESCRIPTION = 128


@dataclass(frozen=True)
class Command:
    title: str
    description: str


COMMANDS: tuple[Command, ...] = (
    Command("help", "What I can do"),
    Command("lesson", "Today's two-minute lesson"),
    Command("reflect", "A question to think about. Only you see your answers"),
    Command("script", "Words to use: type script and what happened"),
    Command("flag", "Tell your unit's leads about something, without your name"),
    Command("review", "For leads: anonymised flags for the units you lead"),
    Command("settings", "Your lesson time, days and time zone"),
    Command("start", "Turn daily lessons on"),
    Command("pause", "Pause daily lessons for a while"),
    Command("resume", "Daily lessons back on after a pause"),
    Command("stop", "Turn daily lessons off"),
    Command("delete my data", "Delete everything Kinship holds about you"),
)
# In a team's channel people mention Kinship with these (team reflection; see bot/dialogue/flows/team.py).
TEAM_COMMANDS: tuple[Command, ...] = (
    Command("help", "How team reflection works here"),
    Command("status", "When this channel's next question comes"),
    Command("every Monday at 10:00", "Leads: a weekly question for the team, on this day and time"),
    Command("pause", "Leads: pause the weekly question"),
    Command("resume", "Leads: start the weekly question again"),
    Command("remove", "Leads: stop team reflection here and delete its answers"),
)
# Resource-specific consent: every message in the channels of a team Kinship is added to, not only @mentions
CHANNEL_MESSAGES = "ChannelMessage.Read.Group"

SHORT_DESCRIPTION = "Kindness and allyship for care staff, two minutes a day."
FULL_DESCRIPTION = (
    "Kinship helps health and care staff with the small, kind things that make care safer for everyone. "
    "A two-minute lesson a day, at a time that suits your shifts, only if you want it. Words you could use "
    "when you see something that isn't right, built on the 5Ds: distract, delegate, document, delay, direct. "
    "A private way to flag something to the leads of your unit, without your name, with a case code to check "
    "on it. And, whenever you need them, people to talk to. Kinship works in a one-to-one chat: what you "
    "write stays between you and Kinship. Added to a team, it can post one question a week in a channel for the "
    "team to reflect on together, and shares only a few words and phrases that came up, never names. Nothing "
    "you tell Kinship privately ever appears in a channel."
)


class PackageError(ValueError):
    """An input to the package is unusable; the message says which and why."""


def build_package(
    config: Config,
    out_path: Path,
    *,
    app_id: str,
    domain: str,
    version: str | None = None,
    website_url: str | None = None,
    privacy_url: str | None = None,
    terms_url: str | None = None,
) -> Path:
    """Write the app zip to ``out_path`` (parent folders created) and return its path.

    ``app_id`` is the bot's Microsoft App ID (the Entra app registration's client id); it is also the
    Teams app id. ``domain`` is the public host Kinship is served on (``https://`` and a path are
    tolerated and dropped). The developer links default to that host; point ``privacy_url`` at your
    organisation's privacy notice.
    """
    manifest = build_manifest(
        config,
        app_id=app_id,
        domain=domain,
        version=version,
        website_url=website_url,
        privacy_url=privacy_url,
        terms_url=terms_url,
    )
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    files = {
        "manifest.json": (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(),
        manifest["icons"]["color"]: icons.color_icon(),
        manifest["icons"]["outline"]: icons.outline_icon(),
    }
    with zipfile.ZipFile(out_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out_path


def build_manifest(
    config: Config,
    *,
    app_id: str,
    domain: str,
    version: str | None = None,
    website_url: str | None = None,
    privacy_url: str | None = None,
    terms_url: str | None = None,
) -> dict[str, Any]:
    """The ``manifest.json`` content (see :func:`build_package`)."""
    app_id = app_id.strip()
    if not _GUID.match(app_id):
        raise PackageError("the Teams app id must be the bot's Microsoft App ID, a GUID such as 00000000-0000-…")
    host = normalise_domain(domain)
    version = version or _app_version()
    if not _SEMVER.match(version):
        raise PackageError(f"the app version must look like 1.2.3, not {version!r}")
    base = f"https://{host.removeprefix('*.')}"
    links = {
        "websiteUrl": website_url or f"{base}/",
        "privacyUrl": privacy_url or f"{base}/privacy",
        "termsOfUseUrl": terms_url or f"{base}/terms",
    }
    for key, url in links.items():
        if not url.lower().startswith("https://"):
            raise PackageError(f"{key} must be an https:// address")
    _check_commands(COMMANDS)
    _check_commands(TEAM_COMMANDS)
    return {
        "$schema": MANIFEST_SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": app_id,
        "developer": {"name": _developer_name(config), **links},
        "name": {"short": "Kinship", "full": "Kinship: kindness and allyship at work"},
        "description": {"short": SHORT_DESCRIPTION, "full": FULL_DESCRIPTION},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": icons.accent_hex(),
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team"],
                "isNotificationOnly": False,
                "supportsFiles": False,
                "supportsCalling": False,
                "supportsVideo": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": _command_list(COMMANDS)},
                    {"scopes": ["team"], "commands": _command_list(TEAM_COMMANDS)},
                ],
            }
        ],
        "validDomains": [host],
        "webApplicationInfo": {"id": app_id, "resource": f"api://botid-{app_id}"},
        "authorization": {"permissions": {"resourceSpecific": [{"name": CHANNEL_MESSAGES, "type": "Application"}]}},
        "defaultInstallScope": "personal",
    }


def _command_list(commands: tuple[Command, ...]) -> list[dict[str, str]]:
    return [{"title": c.title, "description": c.description} for c in commands]


def normalise_domain(domain: str) -> str:
    """``kinship.example.nhs.uk`` from that, or from ``https://kinship.example.nhs.uk/api/messages``."""
    host = domain.strip().lower()
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", host).split("/", 1)[0]
    if not _HOST.match(host):
        raise PackageError(
            f"{domain!r} is not a host name such as kinship.example.nhs.uk (no port; a leading *. is allowed)"
        )
    return host


def _check_commands(commands: tuple[Command, ...]) -> None:
    if len(commands) > MAX_COMMANDS:
        raise PackageError(f"Teams allows {MAX_COMMANDS} bot commands, not {len(commands)}")
    for c in commands:
        if len(c.title) > MAX_COMMAND_TITLE or len(c.description) > MAX_COMMAND_DESCRIPTION:
            raise PackageError(f"command {c.title!r} is too long for Teams")


def _developer_name(config: Config) -> str:
    """The organisation publishing the app (the manifest allows 32 characters)."""
    from bot.domain.org import load_organisation  # lazy: reading the organisation file is only for packaging

    name = load_organisation(config.org_file).name.strip() or "Kinship"
    if len(name) <= 32:
        return name
    return name[:32].rsplit(" ", 1)[0].rstrip(",;:- ") or name[:32]


def _app_version() -> str:
    try:
        found = metadata.version("kinship")
    except metadata.PackageNotFoundError:
        return DEFAULT_APP_VERSION
    return found if _SEMVER.match(found) else DEFAULT_APP_VERSION
