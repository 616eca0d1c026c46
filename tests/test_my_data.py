"""``my data`` end to end (UK GDPR right of access): through ``Bot`` on SQLite a person gets, privately, all that
Kinship holds about them and nothing about anyone else; flags are counted by their follow-ups, never named; the
CLI prints the same as JSON; after ``delete my data`` nothing is held."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from bot.domain.types import Address, Incoming
from bot.store import Store
from bot.store.tables import flags
from bot.turns.handler import Bot
from tests.conftest import sqlite_url
from tests.fakes import Chat, FixedClock, Turn
from tests.helpers import run_kinship

AMY_WORDS = "The new HCA was left out at handover, so I asked her name and introduced her to the team."
BOB_WORDS = "Bob's own thoughts about his night shift on the stroke unit."


async def a_month_of_amy(bot: Bot, clock: FixedClock) -> Chat:
    """Amy: daily lessons on at 07:30, a lesson, a reflection, and a flag she asked to hear back on."""
    amy = Chat(bot.handle, clock, user="amy")
    await amy.send("start")
    await amy.send("time 07:30")
    await amy.send("lesson")
    await amy.send("reflect")
    await amy.send(AMY_WORDS)
    await amy.act("flag")
    for step in ("flag:cat:patient-racist-abuse", "flag:unit:ward-7", "flag:when:today", "flag:danger:no"):
        await amy.act(step)
    await amy.act("flag:desc:skip")
    (await amy.act("flag:send:reply")).expect("sent")
    return amy


async def case_codes(store: Store) -> list[str]:
    return await store.run_on_connection(lambda conn: [r.case_code for r in conn.execute(select(flags))])


async def test_a_person_gets_everything_held_about_them_and_nothing_about_anyone_else(
    bot: Bot, store: Store, clock: FixedClock
) -> None:
    amy = await a_month_of_amy(bot, clock)
    bob = Chat(bot.handle, clock, user="bob")
    await bob.send("reflect")
    await bob.send(BOB_WORDS)

    mine = await amy.send("my data")

    mine.expect(
        "What Kinship holds about you",
        "console account amy",
        "Daily lessons: on, 07:30, Monday to Friday",
        "Time zone: Europe/London",
        "Lessons you've had: 1",
        "Kindness needs knowledge",
        "Your private reflections: 1",
        AMY_WORDS,  # in full: their own words, shown only to them
        "You asked to hear back on 1 flag",
        "not linked to you",
    )
    mine.expect_not("bob", BOB_WORDS)
    codes = await case_codes(store)
    assert codes, "the flag was sent"
    compact = re.sub(r"[\s-]", "", mine.text)  # a code shown grouped for reading aloud would show here too
    assert not [code for code in codes if code in compact]  # nothing in this chat ties Amy to her flag
    assert mine.replies and all(reply.private for reply in mine.replies)
    assert "Delete my data" in mine.labels


async def test_every_command_word_and_the_button_give_the_copy(bot: Bot, clock: FixedClock) -> None:
    amy = Chat(bot.handle, clock, user="amy")
    await amy.send("hello")
    for word in ("my data", "What do you hold about me?", "download my data"):
        (await amy.send(word)).expect("What Kinship holds about you")
    (await amy.act("my-data")).expect("What Kinship holds about you")


async def test_my_data_works_while_a_flag_is_being_written_and_keeps_it_waiting(bot: Bot, clock: FixedClock) -> None:
    amy = Chat(bot.handle, clock, user="amy")
    await amy.act("flag")
    await amy.act("flag:cat:patient-racist-abuse")
    copy = await amy.send("my data")
    copy.expect("part-way through a flag")
    (await amy.act("flag:unit:ward-7")).expect_not("I don't recognise that button")


async def test_after_delete_my_data_nothing_is_held(bot: Bot, clock: FixedClock) -> None:
    amy = await a_month_of_amy(bot, clock)
    await amy.send("delete my data")
    (await amy.press("Yes, delete my data")).expect("Everything Kinship held about you is deleted")

    after = await amy.send("my data")

    after.expect("Kinship held nothing about you before this message")
    after.expect_not(AMY_WORDS, "hear back", "Lessons you've had")
    assert all(reply.private for reply in after.replies if "Kinship holds" in (reply.title + reply.text))


async def test_replies_not_yet_delivered_are_counted(bot: Bot, clock: FixedClock) -> None:
    address = Address("console", "local", "amy", "console:amy")
    await bot.handle(Incoming(address, text="lesson", event_id="e-1"))  # its replies stay owed: never delivered
    copy = Turn(await bot.handle(Incoming(address, text="my data")))
    copy.expect("Not yet confirmed as delivered: 1 reply from me")


async def test_a_slack_install_names_its_installer(store: Store) -> None:
    """The Slack SDK keeps installations in its own table (present only with OAuth installs)."""
    table = Table(
        "slack_installations",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("team_id", String(32)),
        Column("enterprise_id", String(32)),
        Column("user_id", String(32)),
    )

    def install(conn: object) -> None:
        table.create(conn)  # type: ignore[arg-type]
        conn.execute(insert(table).values(team_id="T1", enterprise_id=None, user_id="U1"))  # type: ignore[attr-defined]

    await store.run_on_connection(install)
    mine = await store.run(lambda tx: tx.held_about(Address("slack", "T1", "U1", "D1")))
    theirs = await store.run(lambda tx: tx.held_about(Address("slack", "T2", "U1", "D1")))
    assert (mine.installations, theirs.installations) == (1, 0)
    assert mine.person is None and not mine.nothing


async def test_the_cli_prints_the_copy_as_json(tmp_path: Path, bot: Bot, store: Store, clock: FixedClock) -> None:
    await a_month_of_amy(bot, clock)
    await Chat(bot.handle, clock, user="bob").send("hello")

    done = run_kinship(
        "my-data",
        "--platform",
        "console",
        "--tenant",
        "local",
        "--user",
        "amy",
        env={"DATABASE_URL": sqlite_url(tmp_path)},
    )

    assert done.returncode == 0, done.stderr
    copy = json.loads(done.stdout)
    assert copy["format"] == "kinship-my-data/1"
    assert copy["person"]["user_id"] == "amy" and copy["person"]["time"] == "07:30"
    assert [r["text"] for r in copy["reflections"]] == [AMY_WORDS]
    assert [lesson["lesson_id"] for lesson in copy["lessons"]] == ["kindness-needs-knowledge"]
    assert copy["flag_follow_ups"]["count"] == 1
    for code in await case_codes(store):
        assert code not in done.stdout
    assert "bob" not in done.stdout


async def test_the_cli_for_someone_unknown_says_nothing_is_held(tmp_path: Path, store: Store) -> None:
    done = run_kinship(
        "my-data", "--platform", "slack", "--tenant", "T9", "--user", "U9", env={"DATABASE_URL": sqlite_url(tmp_path)}
    )
    assert done.returncode == 0, done.stderr
    copy = json.loads(done.stdout)
    assert copy["person"] is None and copy["reflections"] == [] and copy["flag_follow_ups"]["count"] == 0
