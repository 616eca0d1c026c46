"""A whole flag journey through each adapter (console, Slack, Teams): flag with identifying words, a lead
reviews and replies, the reporter answers, the case closes. Then every table and the captured logs are
scanned for the reporter's platform ids and their raw words: none may be found.

The only row allowed to hold a reporter's id is their own ``people`` row (Kinship needs it to talk to them at
all; it says nothing about what they flagged) and, while they can still hear back, the flag's handle, which
is gone once the case has closed and the retention purge has run.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.dialogue import World
from bot.outbound.retention import RetentionPolicy, purge
from bot.outbound.worker import Worker
from bot.store import Store
from bot.store.tables import metadata
from tests.fakes import FixedClock
from tests.helpers import run_kinship
from tests.teams_fake import card_actions, card_inputs
from tests.test_teams import Teams, button, connector, teams, teams_world, text_of  # noqa: F401 - fixtures

WORDS = (
    "Dr Okafor shouted at Priya about where she is from. Call me on 07700 900123 or email "
    "priya.shah@nhs.net, her NHS number is 943 476 5919"
)
RAW = ("Okafor", "Priya", "07700 900123", "900123", "priya.shah", "943 476 5919")
ANSWER = "Yes, and Mr Adeyemi from bay 3 saw it too, his bleep is 4455"
ANSWER_RAW = ("Adeyemi", "4455")
CODE = re.compile(r"case code is ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})")


async def table_contents(store: Store) -> dict[str, str]:
    """Every row of every table, as text, by table name."""

    def read(conn: Any) -> dict[str, str]:
        return {
            table.name: json.dumps([list(map(str, row)) for row in conn.execute(select(table)).all()])
            for table in metadata.sorted_tables
        }

    return await store.run_on_connection(read)


def found_in(secret: str, text: str) -> bool:
    """Whether ``secret`` is in ``text``; a number only as a whole number, so that a bleep like 4455 is not
    "found" inside a timestamp's microseconds."""
    if secret.replace(" ", "").isdigit():
        return re.search(rf"(?<!\d){re.escape(secret)}(?!\d)", text) is not None
    return secret in text


def assert_not_stored(contents: dict[str, str], ids: tuple[str, ...], raw: tuple[str, ...]) -> None:
    for table, text in contents.items():
        for word in raw:
            assert not found_in(word, text), f"{word!r} found in table {table}"
        if table == "people":
            continue
        for ident in ids:
            assert ident not in text, f"reporter id {ident!r} found in table {table}"


def _fake_platform_access(record: logging.LogRecord) -> bool:
    """The fake Slack Web API and Bot Connector run in this process: their access log lines are the platform's
    own (its URLs carry ids by design), not Kinship's."""
    line = record.getMessage()
    return record.name == "aiohttp.access" and ((" /api/" in line and "/api/messages" not in line) or " /v3/" in line)


def assert_not_logged(records: list[logging.LogRecord], ids: tuple[str, ...], raw: tuple[str, ...]) -> None:
    records = [r for r in records if not _fake_platform_access(r)]
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in records)
    assert records, "nothing was captured: the scan would prove nothing"
    for secret in (*ids, *raw):
        assert not found_in(secret, logged), f"{secret!r} reached the logs"


async def close_and_purge(store: Store, clock: FixedClock) -> None:
    later = clock() + timedelta(days=2)  # the closed case's handle lasts a day after "action taken"
    await store.run(lambda tx: purge(tx, later, RetentionPolicy()))


# --- console ---------------------------------------------------------------------------------------------


def console(tmp_path: Path, user: str, lines: list[str]) -> tuple[str, str]:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'kinship.db'}", "KINSHIP_ORG": "", "KINSHIP_LOG_LEVEL": "DEBUG"}
    result = run_kinship("chat", "--user", user, stdin="\n".join(lines) + "\n", env=env, cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result.stdout, result.stderr


async def test_console_journey_leaves_no_trace_of_the_reporter(tmp_path: Path) -> None:
    reporter = "nurse-amy-77"
    out, err1 = console(
        tmp_path,
        reporter,
        [
            "flag",
            "A patient or visitor makes a racist remark",
            "Ward 7 (acute medicine)",
            "Today",
            "No",
            WORDS,
            "Send, and let me hear back",
        ],
    )
    code = CODE.search(out)
    assert code, out
    lead_out, err2 = console(tmp_path, "lead", ["review", "Open 1", "Reply to the reporter", "Thank you for this"])
    assert "[name] shouted at [name]" in lead_out
    for secret in (*RAW, reporter):
        assert secret not in lead_out
    out, err3 = console(tmp_path, reporter, [f"status {code.group(1)}", "Reply to the lead", ANSWER])
    assert "Thank you for this" in out and "Sent" in out
    lead_out, err4 = console(tmp_path, "lead", ["review", "Open 1", "Action taken", "skip"])
    assert "[name] from bay 3 saw it too" in lead_out and "Adeyemi" not in lead_out and reporter not in lead_out
    for err in (err1, err2, err3, err4):
        for secret in (*RAW, *ANSWER_RAW, reporter):
            assert secret not in err
    store = await Store.open(f"sqlite:///{tmp_path / 'kinship.db'}")
    try:
        await close_and_purge(store, FixedClock(datetime.now(UTC)))  # the console runs on the real clock
        assert_not_stored(await table_contents(store), (reporter,), (*RAW, *ANSWER_RAW))
    finally:
        await store.close()


# --- Slack -----------------------------------------------------------------------------------------------


async def test_slack_journey_leaves_no_trace_of_the_reporter(
    store: Store, world: World, clock: FixedClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from dataclasses import replace

    from bot.domain.org import Lead
    from tests.slack_fake import SlackHarness, buttons, texts, view_submission

    caplog.set_level(logging.DEBUG, logger="bot")
    caplog.set_level(logging.DEBUG, logger="adapters")
    caplog.set_level(logging.INFO)
    lead_world = World.build(world.content, replace(world.org, leads=(Lead("slack", "W333", ("*",), tenant="T111"),)))
    reporter_ids = ("W222", "D222")
    async with SlackHarness(store, lead_world, clock, tmp_path) as slack:
        await slack.press("flag")
        view = slack.fake.calls_to("views.open")[-1].json("view")
        answers = {"category": "patient-racist-abuse", "unit": "ward-7", "occurred": "today", "danger": "no"}
        await slack.interact(view_submission(view, {**answers, "description": WORDS}))
        sent = await slack.press("flag:send:reply", ephemeral=True)  # on the preview, shown only to them
        code = CODE.search(texts(sent[0]))
        assert code and sent[0].method == "chat.postEphemeral"

        review = (await slack.dm("review", user="W333", channel="D333"))[-1]
        opened = (await slack.press(buttons(review)["Open 1"], user="W333", channel="D333"))[-1]
        await slack.press(buttons(opened)["Reply to the reporter"], user="W333", channel="D333")
        await slack.dm("Thank you, we are looking into it", user="W333", channel="D333")

        worker = Worker(store, lead_world, {"slack": slack.channel})
        assert (await worker.run_once(clock())).relayed == 1
        relayed = slack.fake.ephemerals()[-1]
        assert relayed.params["channel"] == "D222" and "we are looking into it" in texts(relayed)
        await slack.press(buttons(relayed)["Reply"], ephemeral=True)
        await slack.dm(ANSWER)
        assert (await worker.run_once(clock())).relayed == 1
        assert slack.fake.posts()[-1].params["channel"] == "D333"  # the lead is told; the words wait in review

        opened = (await slack.press(f"review:open:{_flag_id(opened)}", user="W333", channel="D333"))[-1]
        await slack.press(buttons(opened)["Action taken"], user="W333", channel="D333")
        await slack.dm("skip", user="W333", channel="D333")

        to_lead = slack.fake.shown("D333")
        shown = json.dumps([p.params for p in to_lead])
        assert "[name] shouted at [name]" in shown and "[name] from bay 3" in shown
        for secret in (*reporter_ids, *RAW, *ANSWER_RAW):
            assert secret not in shown, f"{secret!r} reached the lead's screen"
    assert "W222" in (await table_contents(store))["flag_handles"]  # the scan finds an id where one is
    await close_and_purge(store, clock)
    assert_not_stored(await table_contents(store), reporter_ids, (*RAW, *ANSWER_RAW))
    assert_not_logged(caplog.records, reporter_ids[:1], (*RAW, *ANSWER_RAW))


def _flag_id(call: Any) -> str:
    from tests.slack_fake import buttons

    return buttons(call)["Mark seen"].split(":")[2]


# --- Teams ---------------------------------------------------------------------------------------------


async def test_teams_journey_leaves_no_trace_of_the_reporter(
    teams: Teams,  # noqa: F811 - the fixture imported from test_teams
    teams_world: World,  # noqa: F811
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    caplog.set_level(logging.DEBUG, logger="adapters")
    caplog.set_level(logging.INFO)
    reporter_ids = ("amy-teams-id", str(uuid.uuid5(uuid.NAMESPACE_URL, "amy")), "amy-personal-chat")
    await teams.say("hi")
    form = next(c for c in await teams.say("flag") if card_inputs(c))
    send = next(a for a in card_actions(form) if a["data"]["action"] == "flag:form")
    answers = {"category": "patient-racist-abuse", "unit": "ward-7", "occurred": "today", "danger": "no"}
    preview = await teams.submit({**send["data"], **answers, "description": WORDS})
    sent = await teams.submit(button(preview, "Send, and"))
    assert CODE.search(text_of(sent))

    await teams.say("hi", user="lead")
    flags = await teams.say("review", user="lead")
    detail = await teams.submit(button(flags, "Open 1"), user="lead")
    await teams.submit(button(detail, "Reply to the reporter"), user="lead")
    await teams.say("Thank you, we are looking into it", user="lead")

    worker = Worker(teams.store, teams_world, {"teams": teams.channel})
    before = len(teams.connector.posts)
    assert (await worker.run_once(clock())).relayed == 1
    relayed = [a["content"] for p in teams.connector.posts[before:] for a in p.activity.get("attachments", [])]
    assert "we are looking into it" in text_of(relayed)
    await teams.submit(button(relayed, "Reply"))
    await teams.say(ANSWER)
    assert (await worker.run_once(clock())).relayed == 1

    detail = await teams.submit(button(flags, "Open 1"), user="lead")
    await teams.submit(button(detail, "Action taken"), user="lead")
    await teams.say("skip", user="lead")
    to_lead = json.dumps([p.activity for p in teams.connector.posts if "lead" in p.conversation])
    assert "[name] shouted at [name]" in to_lead and "[name] from bay 3" in to_lead
    for secret in (*reporter_ids, *RAW, *ANSWER_RAW):
        assert secret not in to_lead, f"{secret!r} reached the lead's screen"
    await close_and_purge(teams.store, clock)
    assert_not_stored(await table_contents(teams.store), reporter_ids, (*RAW, *ANSWER_RAW))
    assert_not_logged(caplog.records, reporter_ids, (*RAW, *ANSWER_RAW))
