"""Command line: ``python -m bot chat|serve|worker|migrate|backup|export-flags|purge|my-data|content check``
(and ``teams-package``).

Start-up problems (a broken content file, an unreachable database, a bad setting) print one line naming
what is wrong and exit with status 2: never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from bot.domain.config import Config, ConfigError, config_error, read_config
from bot.domain.content import ContentError, load_content
from bot.domain.org import load_organisation
from bot.store.engine import DatabaseUnavailable

EXIT_PROBLEM = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kinship", description="Kinship: kindness and allyship for care staff.")
    commands = parser.add_subparsers(dest="command", required=True)
    chat = commands.add_parser("chat", help="chat with Kinship in this terminal")
    chat.add_argument("--user", default="you", help="who you are in the chat (the demo lead is 'lead')")
    chat.add_argument(
        "--channel",
        default=None,
        help="try team reflection in a team channel of this name: 'as amy: words' speaks as amy, '@kinship every "
        "Monday at 10:00' sets it up, '> words' answers in the thread, '/week' moves time on to what is due next",
    )
    serve = commands.add_parser("serve", help="run the web server for Slack and Teams")
    serve.add_argument("--port", type=int, default=None, help="port to listen on (default $PORT, else 3978)")
    serve.add_argument("--host", default=None, help="address to listen on (default $KINSHIP_HOST, else 0.0.0.0)")
    worker = commands.add_parser("worker", help="send daily nudges that are due")
    worker.add_argument("--once", action="store_true", help="run one pass and exit (for cron and tests)")
    worker.add_argument("--now", type=_instant, default=None, help="pretend it is this ISO-8601 time (with --once)")
    commands.add_parser("migrate", help="bring the database schema up to date")
    backup = commands.add_parser("backup", help="copy a SQLite database while Kinship runs (PostgreSQL: pg_dump)")
    backup.add_argument("--out", type=Path, required=True, help="the file to write, e.g. /backups/kinship.db")
    export = commands.add_parser("export-flags", help="write a month's flag summary (small counts hidden) as CSV")
    export.add_argument("--unit", action="append", default=[], help="a unit id (repeat for several; default all)")
    export.add_argument("--month", type=_month, required=True, help="the month, e.g. 2026-11")
    export.add_argument("--out", default="-", help="file to write (default: the terminal)")
    export.add_argument("--by", default=None, help="who is exporting, for the audit log (default: $USER)")
    mine = commands.add_parser("my-data", help="print, as JSON, everything Kinship holds about one person")
    mine.add_argument("--platform", required=True, help="slack, teams or console")
    mine.add_argument("--tenant", required=True, help="the Slack workspace (or enterprise) id, or the Teams tenant id")
    mine.add_argument("--user", required=True, help="the person's platform user id")
    demo = commands.add_parser("demo-flags", help="demo only: add made-up released flags for the lead screens")
    demo.add_argument("--count", type=int, default=120, help="how many flags (default 120)")
    purge = commands.add_parser("purge", help="delete flags, handles and data past their retention now")
    purge.add_argument("--now", type=_instant, default=None, help="pretend it is this ISO-8601 time")
    package = commands.add_parser("teams-package", help="build the Microsoft Teams app package (a zip to upload)")
    package.add_argument("--domain", required=True, help="Kinship's public host name, e.g. kinship.example.nhs.uk")
    package.add_argument("--app-id", default=None, help="the bot's Microsoft App ID (default: the configured one)")
    package.add_argument("--out", default="var/kinship-teams.zip", help="where to write the zip")
    package.add_argument("--privacy-url", default=None, help="your organisation's privacy notice (https://)")
    package.add_argument("--terms-url", default=None, help="terms of use (https://)")
    package.add_argument("--website-url", default=None, help="support page (https://)")
    triage = commands.add_parser("triage", help="the triage model: build it, or read a message with it")
    triage_commands = triage.add_subparsers(dest="triage_command", required=True)
    triage_commands.add_parser("build", help="train the model from the corpus and keep it beside the package")
    read = triage_commands.add_parser("read", help="print how triage reads a message")
    read.add_argument("text", help="the message, in quotes")
    content = commands.add_parser("content", help="content tools")
    content_commands = content.add_subparsers(dest="content_command", required=True)
    check = content_commands.add_parser("check", help="validate a content folder and print counts")
    check.add_argument("dir", nargs="?", default=None, help="content folder (default: the shipped content)")
    return parser


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO-8601 time such as 2026-11-25T10:00:00Z") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _month(text: str) -> date:
    from bot.domain.summary import parse_month

    try:
        return parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _export_flags(config: Config, args: argparse.Namespace) -> int:
    import getpass

    from bot.cli.flag_admin import export_flags

    by = args.by or getpass.getuser()
    if args.out == "-":
        rows = asyncio.run(export_flags(config, args.unit, args.month, sys.stdout, by))
        return 0
    try:
        out = open(args.out, "w", encoding="utf-8", newline="")
    except OSError as exc:
        print(f"kinship: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return EXIT_PROBLEM
    with out:
        rows = asyncio.run(export_flags(config, args.unit, args.month, out, by))
    print(f"wrote {rows} rows to {args.out}", file=sys.stderr)
    return 0


def _org_warnings(config: Config) -> tuple[str, ...]:
    """The organisation file's warnings (its own support routes not checked for a year), when it loads."""
    try:
        return load_organisation(config.org_file).warnings
    except ContentError:
        return ()  # its problems are start-up's to report; `content check` checks the content folder


def _content_check(config: Config, folder: str | None) -> int:
    path = Path(folder) if folder else config.content_dir
    try:
        content = load_content(path)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    from bot.cli.content_report import report_lines  # loads the syllable counter: `content check` only

    print(f"{path}: ok")
    org_warnings = _org_warnings(config)
    for warning in (*content.warnings, *org_warnings):  # worth fixing, but not a reason to refuse the folder
        print(f"warning: {warning}")
    for name, count in content.counts().items():
        print(f"  {name:<11} {count}")
    for line in report_lines(content):
        print(line)
    return 0


async def _migrate(config: Config) -> int:
    from bot.store import Store

    store = await Store.open(config.database_url)
    await store.close()
    print("database is up to date")
    return 0


def _backup(config: Config, args: argparse.Namespace) -> int:
    from bot.cli.backup import BackupRefused, backup

    try:
        done = backup(config.database_url, args.out)
    except BackupRefused as exc:
        print(f"kinship: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    print(done.summary())
    return 0


def _teams_package(config: Config, args: argparse.Namespace) -> int:
    from adapters.teams.package import PackageError, build_package  # lazy: loads no platform SDK

    app_id = args.app_id or config.teams_app_id
    if not app_id:
        print("kinship: teams-package needs the bot's app id: --app-id, or MicrosoftAppId", file=sys.stderr)
        return EXIT_PROBLEM
    try:
        path = build_package(
            config,
            Path(args.out),
            app_id=app_id,
            domain=args.domain,
            website_url=args.website_url,
            privacy_url=args.privacy_url,
            terms_url=args.terms_url,
        )
    except PackageError as exc:
        print(f"kinship: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    print(f"wrote {path}: upload it in the Teams admin centre (Teams apps > Manage apps > Upload new app)")
    return 0


def _default_log_format(command: str) -> str:
    """Services log JSON for a collector; commands a person runs log text."""
    return "json" if command in {"serve", "worker"} else "text"


def _demo_flags(config: Config, args: argparse.Namespace) -> int:
    from bot.cli.demo_flags import demo_flags

    print(asyncio.run(demo_flags(config, max(1, args.count))))
    return 0


def _purge(config: Config, args: argparse.Namespace) -> int:
    from bot.cli.flag_admin import purge_now

    print(asyncio.run(purge_now(config, args.now)))
    return 0


def _my_data(config: Config, args: argparse.Namespace) -> int:
    from bot.cli.my_data import as_json, read_held
    from bot.domain.types import Address

    held = asyncio.run(read_held(config, Address(args.platform, args.tenant, args.user, "")))
    print(as_json(held))
    return 0


def _triage(config: Config, args: argparse.Namespace) -> int:
    from bot.understanding.triage import default_triager
    from bot.understanding.triage.built import build

    if args.triage_command == "build":
        model, path = build()
        print(f"triage model {model.fingerprint}: " + (f"wrote {path}" if path else "could not be written"))
        return 0 if path else EXIT_PROBLEM
    reading = default_triager().read(args.text)
    ask = f", would ask {reading.ask!r}" if reading.ask else ""
    detail = ", ".join(reading.scripts[:3]) or reading.topic
    print(f"{reading.route} ({reading.confidence:.2f}{ask}) {detail}".rstrip())
    return 0


def _chat(config: Config, args: argparse.Namespace) -> int:
    from bot.app.lifecycle import run_console

    if args.channel:
        from bot.app.channel_console import run_channel_console

        return asyncio.run(run_channel_console(config, args.user, args.channel))
    return asyncio.run(run_console(config, args.user))


def _worker(config: Config, args: argparse.Namespace) -> int:
    from bot.app.lifecycle import run_worker

    return asyncio.run(run_worker(config, once=args.once, now=args.now))


def _serve(config: Config, args: argparse.Namespace) -> int:
    from bot.app.lifecycle import run_server

    if args.host:
        config = replace(config, host=args.host)
    return asyncio.run(run_server(config, args.port or config.port))


COMMANDS: dict[str, Callable[[Config, argparse.Namespace], int]] = {
    "content": lambda config, args: _content_check(config, args.dir),
    "migrate": lambda config, args: asyncio.run(_migrate(config)),
    "backup": _backup,
    "export-flags": _export_flags,
    "purge": _purge,
    "demo-flags": _demo_flags,
    "my-data": _my_data,
    "teams-package": _teams_package,
    "chat": _chat,
    "triage": _triage,
    "worker": _worker,
    "serve": _serve,
}


# commands that check every setting before they start (bot.app.compose.check_config), values that could not be
# read among them, so one message names everything to fix; the others stop at once on an unreadable value
CHECKED_AS_A_WHOLE = frozenset({"serve", "worker"})


def _configure_logging(config: Config, command: str) -> None:
    from bot.domain.logs import configure as configure_logs

    configure_logs(config.log_level, config.log_format or _default_log_format(command))
    if command == "chat":
        logging.getLogger().setLevel(logging.WARNING)  # the console is for chatting, not log lines


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "worker" and args.now is not None and not args.once:
        parser.error("--now only makes sense with --once")
    try:
        config = read_config()
        if config.unread and args.command not in CHECKED_AS_A_WHOLE:
            raise config_error(config.unread)
        _configure_logging(config, args.command)
        run = COMMANDS.get(args.command)
        return run(config, args) if run else EXIT_PROBLEM
    except ContentError as exc:
        for problem in exc.problems[:20]:
            print(f"kinship: {problem}", file=sys.stderr)
        return EXIT_PROBLEM
    except (DatabaseUnavailable, ConfigError) as exc:
        print(f"kinship: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
