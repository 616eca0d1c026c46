"""The only module that reads the environment.

Everything else receives a :class:`Config` (or the pieces it needs). Secrets are kept out of ``repr`` so an
accidental log line cannot leak them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

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
    """Build the configuration from ``env`` (the process environment by default)."""
    env = os.environ if env is None else env
    port_text = env.get("PORT", "").strip()
    try:
        port = int(port_text) if port_text else DEFAULT_PORT
    except ValueError:
        raise ConfigError(f"PORT must be a whole number, not {port_text!r}") from None
    metrics_port = int(_number(env, "KINSHIP_METRICS_PORT", 0, minimum=0))
    org = env.get("KINSHIP_ORG", "").strip()
    outbox = env.get("KINSHIP_OUTBOX", "").strip()
    try:
        pace = parse_rates(env.get("KINSHIP_PACE", ""))
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    lease = _number(env, "KINSHIP_LEASE_SECONDS", 60.0, minimum=1.0)
    checkin_after = int(_number(env, "KINSHIP_CHECKIN_AFTER", 5, minimum=1))
    content = env.get("KINSHIP_CONTENT", "").strip()
    flag_key = env.get("KINSHIP_FLAG_KEY", "").strip()
    if flag_key and len(flag_key) < 16:
        raise ConfigError("KINSHIP_FLAG_KEY must be at least 16 characters (a random secret)")
    log_level = env.get("KINSHIP_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigError(f"KINSHIP_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {log_level!r}")
    log_format = env.get("KINSHIP_LOG_FORMAT", "").strip().lower()
    if log_format not in {"", "json", "text"}:
        raise ConfigError(f"KINSHIP_LOG_FORMAT must be json or text, not {log_format!r}")
    return Config(
        database_url=env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
        content_dir=Path(content) if content else DEFAULT_CONTENT_DIR,
        org_path=Path(org) if org else None,
        port=port,
        host=env.get("KINSHIP_HOST", "").strip() or DEFAULT_HOST,
        metrics_port=metrics_port,
        worker_in_process=env.get("KINSHIP_WORKER", "on").strip().lower() not in {"off", "0", "false", "no"},
        log_level=log_level,
        log_format=log_format,
        slack_bot_token=env.get("SLACK_BOT_TOKEN", ""),
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
        slack_app_token=env.get("SLACK_APP_TOKEN", ""),
        slack_api_url=env.get("SLACK_API_URL", ""),
        slack_client_id=env.get("SLACK_CLIENT_ID", ""),
        slack_client_secret=env.get("SLACK_CLIENT_SECRET", ""),
        slack_state_secret=env.get("SLACK_STATE_SECRET", ""),
        token_key=env.get("KINSHIP_TOKEN_KEY", ""),
        teams_app_id=env.get("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", "")
        or env.get("MicrosoftAppId", ""),
        teams_app_password=env.get("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET", "")
        or env.get("MicrosoftAppPassword", ""),
        teams_tenant_id=env.get("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID", "")
        or env.get("MicrosoftAppTenantId", ""),
        teams_allow_anonymous=env.get("TEAMS_ALLOW_ANONYMOUS", "").strip().lower() in _TRUE,
        teams_service_url_override=env.get("TEAMS_SERVICE_URL_OVERRIDE", "").strip(),
        teams_conversation_rate=_number(env, "TEAMS_CONVERSATION_RATE", 7.0, minimum=0.1),
        outbox_path=Path(outbox) if outbox else None,
        pace=pace,
        lease_seconds=lease,
        checkin_after=checkin_after,
        flag_key=flag_key,
        flags_per_day=int(_number(env, "KINSHIP_FLAGS_PER_DAY", 5, minimum=1)),
        flag_retention_days=int(_number(env, "KINSHIP_FLAG_RETENTION_DAYS", 365, minimum=30)),
        left_grace_days=int(_number(env, "KINSHIP_LEFT_GRACE_DAYS", 30, minimum=0)),
    )


def _number(env: Mapping[str, str], name: str, default: float, minimum: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {text!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum:g}")
    return value


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
