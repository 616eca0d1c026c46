"""Command line: ``python -m bot chat|serve|migrate|content check``.

Start-up problems (a broken content file, an unreachable database, a bad setting) print one line naming
what is wrong and exit with status 2: never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bot.config import Config, ConfigError, load_config
from bot.content import ContentError, load_content
from bot.store.engine import DatabaseUnavailable

EXIT_PROBLEM = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kinship", description="Kinship: kindness and allyship for care staff.")
    commands = parser.add_subparsers(dest="command", required=True)
    chat = commands.add_parser("chat", help="chat with Kinship in this terminal")
    chat.add_argument("--user", default="you", help="who you are in the chat (the demo lead is 'lead')")
    serve = commands.add_parser("serve", help="run the web server for Slack and Teams")
    serve.add_argument("--port", type=int, default=None, help="port to listen on (default $PORT, else 3978)")
    commands.add_parser("migrate", help="bring the database schema up to date")
    content = commands.add_parser("content", help="content tools")
    content_commands = content.add_subparsers(dest="content_command", required=True)
    check = content_commands.add_parser("check", help="validate a content folder and print counts")
    check.add_argument("dir", nargs="?", default=None, help="content folder (default: the shipped content)")
    return parser


def _content_check(config: Config, folder: str | None) -> int:
    path = Path(folder) if folder else config.content_dir
    try:
        content = load_content(path)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    counts = content.counts()
    print(f"{path}: ok")
    for name, count in counts.items():
        print(f"  {name:<11} {count}")
    by_theme: dict[str, int] = {}
    for lesson in content.lessons:
        by_theme[lesson.theme] = by_theme.get(lesson.theme, 0) + 1
    print("  lessons per theme:")
    for theme_id, theme in content.themes.items():
        print(f"    {by_theme.get(theme_id, 0):>3}  {theme.title}")
    return 0


async def _migrate(config: Config) -> int:
    from bot.store import Store

    store = await Store.open(config.database_url)
    await store.close()
    print("database is up to date")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config()
        logging.basicConfig(
            level=config.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s", stream=sys.stderr
        )
        if args.command == "chat":
            logging.getLogger().setLevel(logging.WARNING)  # the console is for chatting, not log lines
        if args.command == "content":
            return _content_check(config, args.dir)
        if args.command == "migrate":
            return asyncio.run(_migrate(config))
        if args.command == "chat":
            from bot.app import run_console

            return asyncio.run(run_console(config, args.user))
        if args.command == "serve":
            from bot.app import run_server

            return asyncio.run(run_server(config, args.port or config.port))
    except ContentError as exc:
        for problem in exc.problems[:20]:
            print(f"kinship: {problem}", file=sys.stderr)
        return EXIT_PROBLEM
    except (DatabaseUnavailable, ConfigError) as exc:
        print(f"kinship: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130
    return EXIT_PROBLEM


if __name__ == "__main__":
    sys.exit(main())
