"""The only module that reads the environment.

Everything else receives a :class:`Config` (or the pieces it needs). Secrets are kept out of ``repr`` so an
accidental log line cannot leak them.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

DEFAULT_DATABASE_URL = "sqlite:///./var/kinship.db"
DEFAULT_PORT = 3978
DEFAULT_HOST = "0.0.0.0"  # every address: platforms route to it (KINSHIP_HOST=127.0.0.1 keeps a trial local)
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def _shipped_content() -> Path:
    """The content shipped with Kinship: the ``content`` package's folder (package data in a wheel, the
    repository's ``content/`` in a checkout), whatever the working directory."""
    try:
        folder = Path(str(resources.files("content")))
    except ModuleNotFoundError:  # an editable install made before content became a package: the checkout's
        return PACKAGE_ROOT / "content"
    if (folder / "themes.yaml").is_file():
        return folder
    return PACKAGE_ROOT / "content"  # some other top-level package called ``content`` shadowed ours


DEFAULT_CONTENT_DIR = _shipped_content()
DEMO_ORG_PATH = DEFAULT_CONTENT_DIR / "org.example.yaml"

_TRUE = {"1", "true", "yes", "on"}
T = TypeVar("T")


class ConfigError(Exception):
    """A setting is present but unusable; the message says which and why (never its value if secret)."""


@dataclass(frozen=True)
class Config:
    database_url: str = DEFAULT_DATABASE_URL
    content_dir: Path = DEFAULT_CONTENT_DIR
    org_path: Path | None = None
    port: int = DEFAULT_PORT
    host: str = DEFAULT_HOST  # the address `serve` (and a worker's /metrics) listens on (KINSHIP_HOST)
    metrics_port: int = 0  # worker only: serve /metrics there (KINSHIP_METRICS_PORT); 0 for none
    worker_in_process: bool = True
    log_level: str = "INFO"
    log_format: str = ""  # json | text; empty: json for serve and worker, text otherwise (KINSHIP_LOG_FORMAT)
    slack_bot_token: str = field(default="", repr=False)
    slack_signing_secret: str = field(default="", repr=False)
    slack_app_token: str = field(default="", repr=False)
    slack_api_url: str = ""
    slack_client_id: str = ""
    slack_client_secret: str = field(default="", repr=False)
    slack_state_secret: str = field(default="", repr=False)  # signs OAuth state (SLACK_STATE_SECRET)
    token_key: str = field(default="", repr=False)  # encrypts stored OAuth tokens (KINSHIP_TOKEN_KEY)
    teams_app_id: str = ""
    teams_app_password: str = field(default="", repr=False)
    teams_tenant_id: str = ""
    teams_allow_anonymous: bool = False
    teams_service_url_override: str = ""  # tests only: where proactive sends go instead of the stored serviceUrl
    teams_conversation_rate: float = 7.0  # messages per second to one Teams conversation
    outbox_path: Path | None = None  # write nudges for platforms without an adapter to this JSON-lines file
    pace: dict[str, float] = field(default_factory=dict)  # messages/s per workspace or tenant, by platform
    lease_seconds: float = 60.0
    checkin_after: int = 5
    flag_key: str = field(default="", repr=False)  # keys the reporter hashes (KINSHIP_FLAG_KEY); random if unset
    flags_per_day: int = 5  # most flags one person can send in a day (KINSHIP_FLAGS_PER_DAY)
    flag_retention_days: int = 365  # flags older than this are deleted (KINSHIP_FLAG_RETENTION_DAYS)
    left_grace_days: int = 30  # data of someone who removed the app is deleted after this (KINSHIP_LEFT_GRACE_DAYS)
    public_url: str = (
        ""  # where people reach `serve` from outside, e.g. https://kinship.example.nhs.uk (KINSHIP_PUBLIC_URL)
    )
    # why values in the environment could not be used (their defaults stand in): see read_config
    unread: tuple[str, ...] = ()

    @property
    def dashboard_url(self) -> str:
        """The base of lead dashboard links: ``KINSHIP_PUBLIC_URL``, else this machine on ``PORT`` (a local trial)."""
        return self.public_url.rstrip("/") or f"http://127.0.0.1:{self.port}"

    @property
    def secure_cookies(self) -> bool:
        """Dashboard cookies are marked Secure when people reach Kinship over HTTPS."""
        return self.dashboard_url.startswith("https://")

    @property
    def org_file(self) -> Path:
        """The organisation file in use: ``KINSHIP_ORG`` or the demo organisation."""
        return self.org_path or DEMO_ORG_PATH

    @property
    def slack(self) -> SlackSettings:
        """What the Slack adapter reads, and nothing else."""
        return SlackSettings(
            bot_token=self.slack_bot_token,
            signing_secret=self.slack_signing_secret,
            app_token=self.slack_app_token,
            api_url=self.slack_api_url,
            client_id=self.slack_client_id,
            client_secret=self.slack_client_secret,
            state_secret=self.slack_state_secret,
            token_key=self.token_key,
        )

    @property
    def teams(self) -> TeamsSettings:
        """What the Teams adapter reads, and nothing else."""
        return TeamsSettings(
            app_id=self.teams_app_id,
            app_password=self.teams_app_password,
            tenant_id=self.teams_tenant_id,
            allow_anonymous=self.teams_allow_anonymous,
            service_url_override=self.teams_service_url_override,
            conversation_rate=self.teams_conversation_rate,
        )


@dataclass(frozen=True)
class SlackSettings:
    """The Slack adapter's slice of :class:`Config` (``config.slack``); secrets stay out of ``repr``."""

    bot_token: str = field(default="", repr=False)  # SLACK_BOT_TOKEN: one workspace, no OAuth
    signing_secret: str = field(default="", repr=False)  # SLACK_SIGNING_SECRET
    app_token: str = field(default="", repr=False)  # SLACK_APP_TOKEN: Socket Mode as well
    api_url: str = ""  # SLACK_API_URL: tests and benchmarks point this at a fake Slack
    client_id: str = ""  # SLACK_CLIENT_ID: with the secret, OAuth installs to many workspaces
    client_secret: str = field(default="", repr=False)
    state_secret: str = field(default="", repr=False)  # signs OAuth state (SLACK_STATE_SECRET)
    token_key: str = field(default="", repr=False)  # encrypts stored OAuth tokens (KINSHIP_TOKEN_KEY)

    @property
    def oauth(self) -> bool:
        """Installs through OAuth (each workspace's token stored), rather than one workspace's token."""
        return bool(self.client_id and self.client_secret)


@dataclass(frozen=True)
class TeamsSettings:
    """The Teams adapter's slice of :class:`Config` (``config.teams``); the app password stays out of ``repr``."""

    app_id: str = ""
    app_password: str = field(default="", repr=False)
    tenant_id: str = ""
    allow_anonymous: bool = False  # TEAMS_ALLOW_ANONYMOUS: local testing only, refused with an app id
    service_url_override: str = ""  # tests only: where proactive sends go instead of the stored serviceUrl
    conversation_rate: float = 7.0  # messages per second to one Teams conversation


def load_config(env: Mapping[str, str] | None = None) -> Config:
    """Build the configuration from ``env`` (the process environment by default); a :class:`ConfigError`
    naming every variable whose value cannot be used, all at once (see :func:`read_config`)."""
    config = read_config(env)
    if config.unread:
        raise config_error(list(config.unread))
    return config


def read_config(env: Mapping[str, str] | None = None) -> Config:
    """Like :func:`load_config`, but a value that cannot be used is not raised: its default stands in and the
    reason is kept in :attr:`Config.unread`, for ``serve`` and ``worker`` to report with every other problem
    (:func:`bot.app.compose.check_config`) before anything starts."""
    read = _Reader(os.environ if env is None else env)
    org, outbox, content = read.text("KINSHIP_ORG"), read.text("KINSHIP_OUTBOX"), read.text("KINSHIP_CONTENT")
    config = Config(
        database_url=read.text("DATABASE_URL") or DEFAULT_DATABASE_URL,
        content_dir=Path(content) if content else DEFAULT_CONTENT_DIR,
        org_path=Path(org) if org else None,
        port=read.port(),
        host=read.text("KINSHIP_HOST") or DEFAULT_HOST,
        public_url=read.text("KINSHIP_PUBLIC_URL"),
        metrics_port=int(read.number("KINSHIP_METRICS_PORT", 0, minimum=0)),
        worker_in_process=read.text("KINSHIP_WORKER").lower() not in {"off", "0", "false", "no"},
        log_level=read.choice("KINSHIP_LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"), "INFO"),
        log_format=read.choice("KINSHIP_LOG_FORMAT", ("json", "text"), ""),
        **_platform_settings(read),
        outbox_path=Path(outbox) if outbox else None,
        pace=read.pace(),
        lease_seconds=read.number("KINSHIP_LEASE_SECONDS", 60.0, minimum=1.0),
        checkin_after=int(read.number("KINSHIP_CHECKIN_AFTER", 5, minimum=1)),
        flag_key=read.flag_key(),
        flags_per_day=int(read.number("KINSHIP_FLAGS_PER_DAY", 5, minimum=1)),
        flag_retention_days=int(read.number("KINSHIP_FLAG_RETENTION_DAYS", 365, minimum=30)),
        left_grace_days=int(read.number("KINSHIP_LEFT_GRACE_DAYS", 30, minimum=0)),
    )
    return replace(config, unread=tuple(read.problems)) if read.problems else config


def _platform_settings(read: _Reader) -> dict[str, Any]:
    """The Slack and Teams settings, as given (secrets are never stripped, shown or judged here)."""
    env = read.env
    return {
        "slack_bot_token": env.get("SLACK_BOT_TOKEN", ""),
        "slack_signing_secret": env.get("SLACK_SIGNING_SECRET", ""),
        "slack_app_token": env.get("SLACK_APP_TOKEN", ""),
        "slack_api_url": env.get("SLACK_API_URL", ""),
        "slack_client_id": env.get("SLACK_CLIENT_ID", ""),
        "slack_client_secret": env.get("SLACK_CLIENT_SECRET", ""),
        "slack_state_secret": env.get("SLACK_STATE_SECRET", ""),
        "token_key": env.get("KINSHIP_TOKEN_KEY", ""),
        "teams_app_id": env.get("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", "")
        or env.get("MicrosoftAppId", ""),
        "teams_app_password": env.get("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET", "")
        or env.get("MicrosoftAppPassword", ""),
        "teams_tenant_id": env.get("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID", "")
        or env.get("MicrosoftAppTenantId", ""),
        "teams_allow_anonymous": read.text("TEAMS_ALLOW_ANONYMOUS").lower() in _TRUE,
        "teams_service_url_override": read.text("TEAMS_SERVICE_URL_OVERRIDE"),
        "teams_conversation_rate": read.number("TEAMS_CONVERSATION_RATE", 7.0, minimum=0.1),
    }


def config_error(problems: Sequence[str]) -> ConfigError:
    """One error for every problem found, each a sentence naming its variable."""
    if len(problems) == 1:
        return ConfigError(problems[0])
    return ConfigError(
        f"{len(problems)} settings need fixing before Kinship can start:\n  - " + "\n  - ".join(problems)
    )


class _Reader:
    """Reads settings from the environment, noting why each unusable value cannot be used (its default stands
    in) rather than stopping at the first. The reasons quote a value only where it is no secret."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def text(self, name: str) -> str:
        return self.env.get(name, "").strip()

    def _unusable(self, problem: str, default: T) -> T:
        self.problems.append(problem)
        return default

    def number(self, name: str, default: float, minimum: float) -> float:
        text = self.text(name)
        if not text:
            return default
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            return self._unusable(f"{name} must be a number, not {text!r}", default)
        if value < minimum:
            return self._unusable(f"{name} must be at least {minimum:g}, not {text!r}", default)
        return value

    def port(self) -> int:
        text = self.text("PORT")
        if not text:
            return DEFAULT_PORT
        if not (text.isascii() and text.isdigit()) or int(text) > 65535:
            return self._unusable(f"PORT must be a whole number from 0 to 65535, not {text!r}", DEFAULT_PORT)
        return int(text)

    def choice(self, name: str, allowed: Sequence[str], default: str) -> str:
        text = self.text(name)
        value = text.upper() if allowed[0].isupper() else text.lower()
        if not value or value in allowed:
            return value or default
        return self._unusable(f"{name} must be {', '.join(allowed[:-1])} or {allowed[-1]}, not {text!r}", default)

    def pace(self) -> dict[str, float]:
        try:
            return parse_rates(self.env.get("KINSHIP_PACE", ""))
        except ValueError as exc:
            return self._unusable(str(exc), {})

    def flag_key(self) -> str:
        key = self.text("KINSHIP_FLAG_KEY")
        if key and len(key) < 16:  # a secret: its length is said, never the value
            return self._unusable("KINSHIP_FLAG_KEY must be at least 16 characters (a random secret)", "")
        return key


def postgres_test_url(env: Mapping[str, str] | None = None) -> str:
    """``TEST_DATABASE_URL`` for the PostgreSQL half of the test suite (empty when not set)."""
    env = os.environ if env is None else env
    return env.get("TEST_DATABASE_URL", "").strip()


def running_in_ci(env: Mapping[str, str] | None = None) -> bool:
    """CI sets ``CI=true``; there a missing test service is a failure, not a skip."""
    env = os.environ if env is None else env
    return env.get("CI", "").strip().lower() in _TRUE


def parse_rates(text: str) -> dict[str, float]:
    """'slack=2, teams=20' -> {'slack': 2.0, 'teams': 20.0}; raises ValueError naming the bad part."""
    rates: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        try:
            rate = float(value)
        except ValueError:
            rate = -1.0
        if not sep or not name.strip() or rate <= 0:
            raise ValueError(f"KINSHIP_PACE part {part!r} should look like slack=2 (messages per second)")
        rates[name.strip()] = rate
    return rates
