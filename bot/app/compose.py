"""Composition root: builds the world, the store and the bot from configuration, and the adapters that run.

This package (:mod:`bot.app`) and :mod:`bot.cli` are the only parts of ``bot/`` that may import ``adapters/``,
and they do it lazily, inside functions, so the console never loads a platform SDK. The web app is in
:mod:`bot.app.web`; running and stopping the processes, in :mod:`bot.app.lifecycle`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.dialogue import World
from bot.domain.channel import Channel, Delivered, Handler, HomeSource
from bot.domain.config import Config, ConfigError, config_error
from bot.domain.content import load_content
from bot.domain.org import Organisation, load_organisation
from bot.domain.reporters import ReporterHasher
from bot.domain.types import Clock, system_clock
from bot.store import Store
from bot.turns.handler import Bot

log = logging.getLogger(__name__)
EXAMPLE_ONLY = "Example only"  # how the demo organisation file marks text a real one must replace


@dataclass
class Runtime:
    config: Config
    store: Store
    bot: Bot
    metrics: Any = None  # bot.app.metrics.Metrics once a web app is made (the console never loads it)

    async def close(self) -> None:
        await self.store.close()


def load_world(config: Config) -> World:
    """Content and organisation, validated; raises ContentError with file:line on any problem."""
    return World.build(load_content(config.content_dir), load_organisation(config.org_file))


async def build_runtime(config: Config, clock: Clock = system_clock) -> Runtime:
    require_shared_flag_key(config)
    world = load_world(config)  # content first: a broken file should stop us before touching the database
    for warning in (*world.content.warnings, *world.org.warnings):  # e.g. a support route not checked for a year
        log.warning("content: %s", warning)
    store = await Store.open(config.database_url)
    reporters = ReporterHasher(config.flag_key)
    hold = timedelta(seconds=config.lease_seconds)  # an adapter's time to post replies, like a worker's lease
    bot = Bot(store, world, clock, reporters=reporters, flags_per_day=config.flags_per_day, hold=hold)
    bot.dashboard_url = config.dashboard_url
    return Runtime(config, store, bot)


SHARED_FLAG_KEY_NEEDED = (
    "KINSHIP_FLAG_KEY is required with a PostgreSQL database (several processes share it): set the same random "
    "secret of at least 16 characters in every process"
)


def _flag_key_problems(config: Config) -> list[str]:
    """Processes sharing a PostgreSQL database must share the secret that wraps the reporter-hash key: each
    would otherwise make its own and unwrap nobody else's (and the daily flag limit would not hold)."""
    return [SHARED_FLAG_KEY_NEEDED] if config.database_url.startswith("postgresql") and not config.flag_key else []


def require_shared_flag_key(config: Config) -> None:
    """Every process that opens the store, the console included (``serve`` and ``worker`` check it with the
    rest of their settings in :func:`check_config`)."""
    for problem in _flag_key_problems(config):
        raise ConfigError(problem)


def warn_about_ephemeral_flag_key(config: Config) -> None:
    if not config.flag_key:
        log.warning(
            "KINSHIP_FLAG_KEY is not set: a random key is used, so flag rate limits reset when this process "
            "restarts and are not shared between processes"
        )


def warn_about_demo_organisation(config: Config, org: Organisation) -> None:
    if config.org_path is None:
        log.warning(
            "KINSHIP_ORG is not set: the demo organisation is in use (example links, demo units and leads, flags "
            "released at once). Set KINSHIP_ORG to your organisation's file before anyone relies on Kinship"
        )
        return
    placeholders = [key for key, text in org.links.items() if EXAMPLE_ONLY in text]
    placeholders += [s.id for s in org.signposts if EXAMPLE_ONLY in s.detail or EXAMPLE_ONLY in s.name]
    if placeholders:
        log.warning(
            "%s still holds the demo's %r text (%s): replace it with your organisation's own before anyone relies "
            "on Kinship",
            config.org_path,
            EXAMPLE_ONLY,
            ", ".join(placeholders),
        )


def adapter_plan(config: Config) -> list[tuple[str, bool, str]]:
    """(platform, starts?, why) for each platform adapter, for the start-up log; :func:`check_config` first."""
    plan = []
    slack = config.slack
    if slack.signing_secret and (slack.bot_token or slack.oauth):
        mode = "OAuth install flow" if slack.oauth else "single-workspace token"
        plan.append(("slack", True, f"{mode}, Socket Mode" if slack.app_token else mode))
    else:
        plan.append(("slack", False, "SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN (or SLACK_CLIENT_ID/SECRET) not set"))
    if config.teams_app_id:
        plan.append(("teams", True, "app credentials"))
    elif config.teams_allow_anonymous:
        plan.append(("teams", True, "TEAMS_ALLOW_ANONYMOUS=true: unauthenticated, local testing only"))
    else:
        plan.append(("teams", False, "no Teams app id is set and TEAMS_ALLOW_ANONYMOUS is not true"))
    return plan


def check_config(config: Config) -> None:
    """Every missing or contradictory setting of ``serve`` and ``worker``, in one :class:`ConfigError` that
    names each variable, before anything starts or is announced."""
    problems = config_problems(config)
    if problems:
        raise config_error(problems)


def config_problems(config: Config) -> list[str]:
    """What :func:`check_config` reports, one sentence naming the variables for each problem: first the values
    that could not be read at all (:func:`bot.domain.config.read_config`), then what is missing or contradictory."""
    checks = (_flag_key_problems, _slack_problems, _teams_problems, _public_url_problems)
    return [*config.unread, *(problem for check in checks for problem in check(config))]


def _public_url_problems(config: Config) -> list[str]:
    from urllib.parse import urlsplit

    url = config.public_url
    if not url:
        return []
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        return ["KINSHIP_PUBLIC_URL must be a web address such as https://kinship.example.org (no query or #part)"]
    return []


def _slack_problems(config: Config) -> list[str]:
    slack = config.slack
    problems = []
    if bool(slack.client_id) != bool(slack.client_secret):
        problems.append(
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together (the OAuth install flow): set both or neither"
        )
    if slack.oauth and slack.bot_token:
        problems.append(
            "SLACK_BOT_TOKEN (one workspace) and SLACK_CLIENT_ID/SECRET (OAuth installs) are both set: keep one"
        )
    credentials = slack.bot_token or slack.client_id or slack.client_secret or slack.app_token
    if credentials and not slack.signing_secret:
        problems.append("SLACK_SIGNING_SECRET is required with the other Slack settings (it verifies every request)")
    if slack.signing_secret and not (slack.bot_token or slack.client_id or slack.client_secret):
        problems.append("SLACK_SIGNING_SECRET is set without SLACK_BOT_TOKEN or SLACK_CLIENT_ID/SECRET")
    if slack.oauth:
        problems += _slack_oauth_problems(config)
    return problems


def _slack_oauth_problems(config: Config) -> list[str]:
    from adapters.slack.oauth import TokenCipher  # lazy, like every adapter: only when OAuth is configured

    problems = []
    try:
        TokenCipher(config.token_key)
    except ConfigError as exc:
        problems.append(str(exc))
    if not config.slack_state_secret:
        problems.append("SLACK_STATE_SECRET is required for Slack OAuth installs (it signs the install state)")
    return problems


def _teams_problems(config: Config) -> list[str]:
    problems = []
    if config.teams_app_id and config.teams_allow_anonymous:
        problems.append(
            "TEAMS_ALLOW_ANONYMOUS=true is for local testing only and is refused when a Teams app id is set"
        )
    if config.teams_app_id and not config.teams_app_password:
        problems.append("a Teams app id is set without its client secret (MicrosoftAppPassword)")
    if config.teams_app_password and not config.teams_app_id:
        problems.append("MicrosoftAppPassword is set without the Teams app id (MicrosoftAppId)")
    return problems


def slack_channel(
    config: Config, handle: Handler, *, home: HomeSource | None = None, delivered: Delivered | None = None
) -> Channel:
    """The Slack adapter for ``config``: its own settings, and under OAuth the core's database (driver chosen)
    to keep installations in."""
    from adapters.slack import create_channel
    from bot.store.engine import normalise_url

    installations_url = normalise_url(config.database_url) if config.slack.oauth else None
    return create_channel(config.slack, handle, home=home, delivered=delivered, installations_url=installations_url)


def teams_channel(config: Config, handle: Handler, *, delivered: Delivered | None = None) -> Channel:
    """The Teams adapter for ``config`` (its own settings only)."""
    from adapters.teams import create_channel

    return create_channel(config.teams, handle, delivered=delivered)


def platform_channels(config: Config, runtime: Runtime) -> dict[str, Any]:
    """The platform adapters whose configuration is present, by platform. Each adapter package exposes
    ``create_channel(settings, handle) -> Channel``; it is imported only here, and only when configured (the
    caller has run :func:`check_config`)."""
    channels: dict[str, Any] = {}
    for platform, starts, _why in adapter_plan(config):
        if not starts:
            continue
        if platform == "slack":
            channels["slack"] = slack_channel(
                config, runtime.bot.handle, home=runtime.bot.home, delivered=runtime.bot.delivered
            )
        elif platform == "teams":
            channels["teams"] = teams_channel(config, runtime.bot.handle, delivered=runtime.bot.delivered)
    return channels


NUDGE_PLATFORMS = ("console", "slack", "teams")


def sending_channels(config: Config, platforms: dict[str, Any] | None = None) -> dict[str, Any]:
    """The channel that delivers nudges for each platform (empty when nothing can send): the platform's
    own adapter where it runs, else the outbox file when ``KINSHIP_OUTBOX`` is set."""
    channels: dict[str, Any] = dict(platforms or {})
    if config.outbox_path is not None:
        from adapters.outbox import OutboxChannel  # lazy, like every adapter

        outbox = OutboxChannel(config.outbox_path)
        for platform in NUDGE_PLATFORMS:
            channels.setdefault(platform, outbox)
    return channels


def build_worker(
    config: Config, runtime: Runtime, clock: Clock = system_clock, platforms: dict[str, Any] | None = None
) -> Any:

    from bot.outbound.pacing import DEFAULT_RATES, Pacer
    from bot.outbound.retention import RetentionPolicy
    from bot.outbound.worker import Worker

    warn_about_ephemeral_flag_key(config)
    warn_about_demo_organisation(config, runtime.bot.world.org)
    worker = Worker(
        runtime.store,
        runtime.bot.world,
        sending_channels(config, platforms),
        clock=clock,
        pacer=Pacer({**DEFAULT_RATES, **config.pace}),
        lease=timedelta(seconds=config.lease_seconds),
        checkin_after=config.checkin_after,
        retention=RetentionPolicy(config.flag_retention_days, config.left_grace_days, runtime.bot.world.org.timezone),
    )
    runtime.bot.on_message_to_relay = worker.wake  # a reply written in this process is passed on at once
    return worker
