"""Anonymous flags after they are sent: daily limits, relayed replies, lead notes, monthly summaries with
small-number suppression, unit boundaries, CSV export and retention, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select

from bot.dialogue import World
from bot.domain.channel import RateLimited
from bot.domain.org import Lead
from bot.domain.records import ALL_CATEGORIES, Cell
from bot.domain.reporters import ReporterHasher
from bot.domain.summary import previous_month, summarise, suppress
from bot.domain.types import Address, Reply
from bot.outbound.retention import RetentionPolicy, purge
from bot.outbound.worker import Worker
from bot.store import Store
from bot.store.tables import (
    flag_handles,
    flag_messages,
    flag_quota,
    flags,
    lead_audit,
    people,
    reflections,
)
from bot.turns.handler import Bot
from tests.fakes import Chat, FixedClock, RecordingChannel, Turn
from tests.helpers import run_kinship

NOVEMBER = date(2026, 11, 1)


@pytest.fixture
def two_lead_world(world: World) -> World:
    """Lead A leads Ward 7 only; lead B leads Theatres only."""
    leads = (Lead("console", "lead-a", ("ward-7",)), Lead("console", "lead-b", ("theatres",)))
    return World.build(world.content, replace(world.org, leads=leads))


@pytest.fixture
def bot2(any_store: Store, two_lead_world: World, clock: FixedClock) -> Bot:
    return Bot(any_store, two_lead_world, clock, reporters=ReporterHasher("a-test-key-of-some-length"))


def person(bot: Bot, clock: FixedClock, user: str) -> Chat:
    return Chat(bot.handle, clock, user=user)


async def send_flag(
    chat: Chat,
    *,
    unit: str = "ward-7",
    category: str = "patient-racist-abuse",
    words: str = "",
    hear_back: bool = False,
) -> Turn:
    await chat.act("flag")
    await chat.act(f"flag:cat:{category}")
    await chat.act(f"flag:unit:{unit}")
    await chat.act("flag:when:today")
    await chat.act("flag:danger:no")
    if words:
        await chat.send(words)
    else:
        await chat.act("flag:desc:skip")
    return await chat.act("flag:send:reply" if hear_back else "flag:send")


def case_code(turn: Turn) -> str:
    import re

    found = re.search(r"case code is ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})", turn.text)
    assert found, turn.text
    return found.group(1)


async def rows(store: Store, table: Any) -> list[Any]:
    return await store.run_on_connection(lambda conn: list(conn.execute(select(table)).all()))


async def count(store: Store, table: Any) -> int:
    return await store.run_on_connection(lambda conn: conn.execute(select(func.count()).select_from(table)).scalar())


# --- the daily limit -------------------------------------------------------------------------------------


async def test_a_sixth_flag_in_a_day_is_refused_kept_nowhere_and_allowed_tomorrow(
    bot2: Bot, any_store: Store, clock: FixedClock
) -> None:
    amy = person(bot2, clock, "amy")
    for _ in range(5):
        case_code(await send_flag(amy))
    up_front = await amy.act("flag")  # said before they write a word, not after the whole form
    up_front.expect("You've sent 5 flags today", "999")
    assert "What kind of thing happened" not in up_front.text
    assert (await rows(any_store, people))[0].state == "{}"  # no flag is waiting to be written
    # a whole form still on screen from earlier (a card, a modal) skips the start: refused when sent, as before
    form = {"category": "patient-racist-abuse", "unit": "ward-7", "occurred": "today", "danger": "no"}
    await amy.act("flag:form", values={**form, "description": "a sixth one about Priya"})
    refused = await amy.act("flag:send")
    refused.expect("5 flags a day", "wasn't sent or kept", "999")
    assert await count(any_store, flags) == 5
    assert (await rows(any_store, people))[0].state == "{}"  # the refused draft is not kept either
    other = person(bot2, clock, "ben")  # the limit is per person
    case_code(await send_flag(other))
    clock.advance(days=1)
    case_code(await send_flag(amy))
    quota = await rows(any_store, flag_quota)
    assert all("amy" not in r.token and len(r.token) == 64 for r in quota)  # keyed hashes, not ids


def test_reporter_hashes_need_the_key_and_the_key_moves_forward_one_way() -> None:
    from bot.domain.reporters import advance, next_key
    from bot.domain.types import Address

    amy = Address("slack", "T1", "W222", "D1")
    day = date(2026, 11, 25)
    key = ReporterHasher.new_key()
    assert ReporterHasher.quota_token(key, amy) == ReporterHasher.quota_token(key, amy)  # a limit can work
    tomorrow = next_key(key, day + timedelta(days=1))
    assert tomorrow != key and advance(key, day, day + timedelta(days=1)) == tomorrow
    assert ReporterHasher.quota_token(tomorrow, amy) != ReporterHasher.quota_token(key, amy)  # rotates daily
    one, other = ReporterHasher("k" * 20), ReporterHasher("j" * 20)
    wrapped = one.wrap(key, day)
    assert key.hex() not in wrapped and one.unwrap(wrapped, day) == key
    assert other.unwrap(wrapped, day) is None  # a copy of the database alone cannot use the key
    assert ReporterHasher().ephemeral and not one.ephemeral


# --- relayed replies -------------------------------------------------------------------------------------


async def relay(bot: Bot, world: World, channel: RecordingChannel, when: datetime) -> int:
    worker = Worker(bot.store, world, {"console": channel})
    return (await worker.run_once(when)).relayed


async def test_a_lead_and_a_reporter_talk_through_kinship_without_learning_who_the_other_is(
    bot2: Bot, any_store: Store, clock: FixedClock, two_lead_world: World
) -> None:
    amy, lead = person(bot2, clock, "amy"), person(bot2, clock, "lead-a")
    code = case_code(await send_flag(amy, words="Mr Jones shouted at the HCA", hear_back=True))
    await lead.send("hello")  # the lead is someone Kinship can reach
    opened = await lead.act("review")
    detail = await lead.press("Open 1")
    detail.expect("asked to hear back", "[name] shouted").expect_not("amy", "Jones")
    await lead.press("Reply to the reporter")
    (await lead.send("Thank you. I'm Sarah Khan, ward manager; call me on 07700 900456")).expect("Sent")

    channel = RecordingChannel()
    assert await relay(bot2, two_lead_world, channel, clock()) == 1
    [(to, (notice, note))] = channel.sent
    assert to.user == "amy" and to.conversation == "console:amy"
    assert notice.off_record and not note.off_record and code not in note.text  # the history keeps only "replied"
    assert code in notice.text and "ward manager" in notice.text
    for secret in ("Sarah", "Khan", "07700", "lead-a"):
        assert secret not in notice.text
    assert await relay(bot2, two_lead_world, channel, clock()) == 0  # passed on once, never twice

    await amy.act(notice.buttons[0].value)  # "Reply"
    (await amy.send("Thanks, it was Dr Okafor who saw it too")).expect("Sent")
    channel.sent.clear()
    assert await relay(bot2, two_lead_world, channel, clock()) == 1
    [(to, (notice,))] = channel.sent
    assert to.user == "lead-a" and "Ward 7" in notice.text
    assert "Okafor" not in notice.text and "amy" not in notice.text  # words are read in the audited review

    review = await lead.act("review")
    review.expect("the reporter has replied")
    thread = await lead.press("Open 1")
    thread.expect("The reporter", "it was [name] who saw it too", "A lead").expect_not("Okafor", "amy")
    status = await amy.send(f"status {code}")
    status.expect("A lead", "You", "ward manager").expect_not("Sarah", "lead-a")
    stored = " ".join(r.text for r in await rows(any_store, flag_messages))
    assert "Okafor" not in stored and "Sarah" not in stored and "07700" not in stored
    actions = [r.action for r in await rows(any_store, lead_audit)]
    assert "reply" in actions and opened.replies


class SlowsDownOnce(RecordingChannel):
    """A platform that rate-limits the first message to one person, then accepts everything."""

    def __init__(self, user: str) -> None:
        super().__init__()
        self.limit_user: str | None = user

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        if address.user == self.limit_user:
            self.limit_user = None
            raise RateLimited(1.0)
        await super().send(address, replies)


async def test_a_notice_cut_short_by_a_rate_limit_reaches_each_lead_once(
    any_store: Store, world: World, clock: FixedClock
) -> None:
    leads = (Lead("console", "lead-a", ("ward-7",)), Lead("console", "lead-c", ("ward-7",)))
    shared = World.build(world.content, replace(world.org, leads=leads))
    bot = Bot(any_store, shared, clock, reporters=ReporterHasher("a-test-key-of-some-length"))
    amy = person(bot, clock, "amy")
    code = case_code(await send_flag(amy, hear_back=True))
    for lead in ("lead-a", "lead-c"):
        await person(bot, clock, lead).send("hello")  # both leads are people Kinship can reach
    await amy.send(f"reply {code}")
    (await amy.send("It happened again on Tuesday")).expect("Sent")
    channel = SlowsDownOnce("lead-c")
    worker = Worker(any_store, shared, {"console": channel})
    assert (await worker.run_once(clock())).relayed == 0  # lead-a told; lead-c asked us to slow down
    assert (await worker.run_once(clock() + timedelta(minutes=3))).relayed == 1
    assert sorted(to.user for to, _ in channel.sent) == ["lead-a", "lead-c"]  # nobody told twice


async def test_only_the_account_that_sent_a_flag_can_answer_on_it(
    bot2: Bot, any_store: Store, clock: FixedClock
) -> None:
    amy, ben = person(bot2, clock, "amy"), person(bot2, clock, "ben")
    code = case_code(await send_flag(amy, hear_back=True))
    # refused at once, before anyone types words that could never be passed on
    (await ben.send(f"reply {code}")).expect("can't pass that on").expect_not("What would you like to say")
    (await ben.send("I am pretending to be the reporter")).expect_not("Sent", "can't pass that on")
    (await ben.send(f"reply {code.replace(code[-1], 'X' if code[-1] != 'X' else 'Y')}")).expect("can't pass that on")
    assert await count(any_store, flag_messages) == 0
    (await amy.send(f"reply {code}")).expect("What would you like to say")  # the reporter is asked
    (await amy.send("It happened again on Tuesday")).expect("Sent")
    assert await count(any_store, flag_messages) == 1


async def test_no_reply_is_possible_when_the_reporter_did_not_ask_to_hear_back(
    bot2: Bot, any_store: Store, clock: FixedClock
) -> None:
    amy, lead = person(bot2, clock, "amy"), person(bot2, clock, "lead-a")
    code = case_code(await send_flag(amy))
    await lead.act("review")
    detail = await lead.press("Open 1")
    detail.expect("didn't ask to hear back")
    assert "Reply to the reporter" not in detail.labels
    flag_id = (await rows(any_store, flags))[0].id
    await lead.act(f"review:reply:{flag_id}")  # a stale or forged button
    (await lead.send("is anyone there")).expect("can't pass that on")
    assert await count(any_store, flag_messages) == 0
    (await amy.send(f"status {code}")).expect_not("Reply to the lead")


async def test_action_taken_with_a_note_reaches_the_reporter_and_then_the_handle_goes(
    bot2: Bot, any_store: Store, clock: FixedClock, two_lead_world: World
) -> None:
    amy, lead = person(bot2, clock, "amy"), person(bot2, clock, "lead-a")
    code = case_code(await send_flag(amy, hear_back=True))
    await lead.act("review")
    await lead.press("Open 1")
    (await lead.press("Action taken")).expect("add a short note")
    (await lead.send("We talked with the team and Sister Patel will follow it up")).expect("note is saved")
    (await amy.send(f"status {code}")).expect("a lead has taken action", "Note from a lead", "[name] will follow")
    channel = RecordingChannel()
    assert await relay(bot2, two_lead_world, channel, clock()) == 1
    assert "Action taken" in channel.sent[0][1][0].text
    later = clock() + timedelta(days=2)
    await any_store.run(lambda tx: purge(tx, later, RetentionPolicy()))
    assert await count(any_store, flag_handles) == 0  # the case is closed: nothing links it to amy now


async def test_withdrawing_deletes_the_words_and_the_replies(bot2: Bot, any_store: Store, clock: FixedClock) -> None:
    amy, lead = person(bot2, clock, "amy"), person(bot2, clock, "lead-a")
    code = case_code(await send_flag(amy, words="it happened at handover", hear_back=True))
    await lead.act("review")
    await lead.press("Open 1")
    await lead.press("Reply to the reporter")
    await lead.send("Thank you for telling us")
    await amy.send(f"withdraw {code}")
    (await amy.press("Yes, withdraw it")).expect("withdrawn")
    assert await count(any_store, flag_messages) == 0 and await count(any_store, flag_handles) == 0
    assert (await rows(any_store, flags))[0].description == ""


# --- unit boundaries -------------------------------------------------------------------------------------


async def test_a_lead_sees_only_their_own_units_flags_summaries_and_replies(
    bot2: Bot, any_store: Store, clock: FixedClock
) -> None:
    amy = person(bot2, clock, "amy")
    await send_flag(amy, unit="theatres", words="in theatre 2", hear_back=True)
    lead_a, lead_b = person(bot2, clock, "lead-a"), person(bot2, clock, "lead-b")
    (await lead_a.act("review")).expect("no flags for your units")
    flag_id = (await rows(any_store, flags))[0].id
    (await lead_a.act(f"review:open:{flag_id}")).expect("isn't available to you")
    await lead_a.act(f"review:reply:{flag_id}")
    (await lead_a.send("let me in")).expect("can't pass that on")
    (await lead_a.act(f"review:mark:{flag_id}:seen")).expect("isn't available")
    summary = await lead_a.send("summary")
    summary.expect("Ward 7").expect_not("Theatres")
    (await lead_b.act("review")).expect("Theatres")
    (await person(bot2, clock, "carol").send("summary")).expect("only for the leads")
    audit = [(r.lead_user, r.action) for r in await rows(any_store, lead_audit)]
    assert ("lead-a", "view-flag-denied") in audit and ("lead-a", "reply-denied") in audit
    assert ("lead-a", "mark-seen-denied") in audit and ("lead-a", "view-summary") in audit


# --- monthly summaries -----------------------------------------------------------------------------------


async def test_the_summary_counts_flags_a_lead_can_see_and_hides_small_cells(bot2: Bot, clock: FixedClock) -> None:
    for user in ("amy", "ben", "cai"):
        await send_flag(person(bot2, clock, user), category="exclusion")
    for user in ("amy", "ben", "cai", "eve"):
        await send_flag(person(bot2, clock, user), category="colleague-belittling")
    await send_flag(person(bot2, clock, "dee"), category="microaggression")
    summary = await person(bot2, clock, "lead-a").send("summary")
    summary.expect("November 2026")
    lines = {line.split(": ")[0].strip("• "): line.split(": ")[1] for line in summary.text.splitlines() if ": " in line}
    assert lines["A ‘small’ remark that isn't small"].startswith("hidden")  # one flag
    # …and as one hidden cell could be worked out from the total, the smallest other one is hidden too
    assert lines["A colleague is being left out"].startswith("hidden")
    assert lines["A colleague is belittled or humiliated"].startswith("4 ")
    assert lines["Ward 7 (acute medicine)"].startswith("8 in all")


async def test_last_month_shows_beside_this_month_with_a_trend(bot2: Bot, clock: FixedClock, any_store: Store) -> None:
    clock.set(datetime(2026, 10, 14, 10, 0, tzinfo=UTC))
    for user in ("amy", "ben", "cai", "dan"):
        await send_flag(person(bot2, clock, user), category="exclusion")
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    for user in ("amy", "ben", "cai"):
        await send_flag(person(bot2, clock, user), category="exclusion")
    summary = await person(bot2, clock, "lead-a").send("summary")
    summary.expect("A colleague is being left out: 3 (before: 4, down)")


def test_one_hidden_cell_takes_another_with_it_or_the_total() -> None:
    k = 3
    cells = {"a": Cell(5), "b": Cell(4), "c": Cell(1)}
    shown, total = suppress(cells, Cell(10), k)
    assert shown == {"a": 5, "b": None, "c": None} and total == 10  # c alone could be worked out from the total
    shown, total = suppress({"c": Cell(2)}, Cell(2), k)
    assert shown == {"c": None} and total is None


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.integers(1, 8).map(Cell), min_size=1),
    st.integers(3, 6),
)
def test_no_summary_ever_shows_a_count_under_k_or_one_that_subtraction_reveals(cells: dict[str, Cell], k: int) -> None:
    total = Cell(sum(c.flags for c in cells.values()))
    shown, total_shown = suppress(cells, total, k)
    for category, value in shown.items():
        if value is not None:
            assert value >= k and value == cells[category].flags
    hidden = [c for c, v in shown.items() if v is None]
    if total_shown is not None:
        assert total_shown >= k
        assert len(hidden) != 1  # one hidden cell beside a total could be worked out by subtraction


def test_summaries_cover_each_unit_with_the_month_before() -> None:
    october = previous_month(NOVEMBER)
    cells = {
        ("ward-7", NOVEMBER, "exclusion"): Cell(3),
        ("ward-7", NOVEMBER, ALL_CATEGORIES): Cell(3),
        ("ward-7", october, "exclusion"): Cell(5),
        ("ward-7", october, ALL_CATEGORIES): Cell(5),
    }
    [ward, theatres] = summarise(cells, ["ward-7", "theatres"], NOVEMBER, 3)
    assert [(line.category, line.this_month, line.last_month, line.trend) for line in ward.lines] == [
        ("exclusion", 3, 5, "down")
    ]
    assert (theatres.lines, theatres.total_this, theatres.total_last) == ((), 0, 0)


# --- export and retention from the command line ----------------------------------------------------------


async def test_export_flags_writes_the_suppressed_summary_as_csv_and_is_audited(
    tmp_path: Path, world: World, clock: FixedClock
) -> None:
    database = tmp_path / "kinship.db"
    store = await Store.open(f"sqlite:///{database}")
    try:
        bot = Bot(store, world, clock)
        for user in ("amy", "ben", "cai"):
            await send_flag(person(bot, clock, user), category="exclusion", words=f"{user} saw it")
        await send_flag(person(bot, clock, "dee"), category="microaggression")
        await send_flag(person(bot, clock, "eve"), category="colleague-belittling")
    finally:
        await store.close()
    env = {"DATABASE_URL": f"sqlite:///{database}"}
    result = run_kinship("export-flags", "--unit", "ward-7", "--month", "2026-11", "--by", "gov-team", env=env)
    assert result.returncode == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    by_category = {r["category"]: r for r in table}
    assert by_category["exclusion"]["flags"] == "3"
    assert by_category["microaggression"]["flags"] == by_category["colleague-belittling"]["flags"] == "hidden"
    assert by_category["all"]["flags"] == "5" and by_category["exclusion"]["previous_month_flags"] == "0"
    assert "saw it" not in result.stdout and "amy" not in result.stdout
    store = await Store.open(f"sqlite:///{database}")
    try:
        audit = [(r.lead_platform, r.lead_user, r.action) for r in await rows(store, lead_audit)]
    finally:
        await store.close()
    assert ("cli", "gov-team", "export") in audit
    bad = run_kinship("export-flags", "--unit", "ward-99", "--month", "2026-11", env=env)
    assert bad.returncode == 2 and "unknown unit ward-99" in bad.stderr and "Traceback" not in bad.stderr


async def test_purge_deletes_what_is_past_its_time_and_keeps_the_rest(
    any_store: Store, bot2: Bot, clock: FixedClock
) -> None:
    amy = person(bot2, clock, "amy")
    await send_flag(amy, hear_back=True)
    await amy.act("reflect")
    await amy.send("a reflection of mine")
    old_week = date(2025, 10, 6)
    now = clock()

    def seed(tx: Any) -> None:
        tx.conn.execute(
            insert(flags).values(
                case_code="OLDOLD22",
                unit="ward-7",
                category="exclusion",
                occurred="today",
                submitted_week=old_week,
                submitted_month=old_week.replace(day=1),
                description="long ago",
                release_at=now - timedelta(days=400),
            )
        )
        tx.conn.execute(insert(flag_quota).values(token="x" * 64, day=date(2026, 11, 24), count=1))
        for user, left in (("gone", now - timedelta(days=31)), ("back-soon", now - timedelta(days=10))):
            tx.conn.execute(
                insert(people).values(platform="console", tenant="local", user_id=user, created_at=now, left_at=left)
            )

    await any_store.run(seed)
    counts = await any_store.run(lambda tx: purge(tx, now, RetentionPolicy()))
    assert counts["flags"] == 1 and counts["flag_quota"] == 1 and counts["people"] == 1
    assert [r.case_code != "OLDOLD22" for r in await rows(any_store, flags)] == [True]
    assert await count(any_store, flag_handles) == 1
    assert {r.user_id for r in await rows(any_store, people)} == {"amy", "back-soon"}
    assert await count(any_store, reflections) == 1
    later = now + timedelta(days=91)  # the reply handle expires after 90 days
    await any_store.run(lambda tx: purge(tx, later, RetentionPolicy()))
    assert await count(any_store, flag_handles) == 0


async def test_someone_who_removed_the_app_is_deleted_after_the_grace_period_unless_they_return(
    store: Store, bot: Bot, clock: FixedClock
) -> None:
    from bot.domain.channel import PLATFORM_REMOVED
    from bot.domain.types import Incoming

    amy = person(bot, clock, "amy")
    await amy.act("reflect")
    await amy.send("mine")
    await bot.handle(Incoming(amy.address, action=PLATFORM_REMOVED))
    await amy.send("hello again")  # came back within the grace period: nothing goes
    await bot.handle(Incoming(amy.address, action=PLATFORM_REMOVED))
    await store.run(lambda tx: purge(tx, clock() + timedelta(days=29), RetentionPolicy()))
    assert await count(store, people) == 1
    await store.run(lambda tx: purge(tx, clock() + timedelta(days=31), RetentionPolicy()))
    assert await count(store, people) == 0 and await count(store, reflections) == 0


def test_purge_from_the_command_line_says_what_went(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}"}
    result = run_kinship("purge", env=env)
    assert result.returncode == 0 and "purged: nothing was due" in result.stdout


async def test_the_worker_purges_once_a_day(store: Store, world: World, clock: FixedClock) -> None:
    now = clock()
    tokens = iter(range(10))

    def yesterdays_quota(tx: Any) -> None:
        tx.conn.execute(insert(flag_quota).values(token=f"t{next(tokens)}", day=date(2026, 11, 24), count=1))

    worker = Worker(store, world, {"console": RecordingChannel()})
    await store.run(yesterdays_quota)
    await worker.run_once(now)
    assert await count(store, flag_quota) == 0
    await store.run(yesterdays_quota)
    await worker.run_once(now + timedelta(hours=1))
    assert await count(store, flag_quota) == 1  # not again within the day
    await worker.run_once(now + timedelta(days=1))
    assert await count(store, flag_quota) == 0


async def test_one_persons_three_flags_count_as_the_three_flags_a_lead_can_read(bot2: Bot, clock: FixedClock) -> None:
    """Counts are of flags, never of people: a count "from fewer than 3 people" beside three flags a lead can
    read would tell them the three share a sender (see docs/privacy.md)."""
    dee = person(bot2, clock, "dee")
    for category in ("exclusion", "microaggression", "exclusion"):
        await send_flag(dee, category=category)
    lead = person(bot2, clock, "lead-a")
    (await lead.act("review")).expect("Ward 7 (acute medicine): 3").expect_not("people")
    (await lead.send("summary")).expect("Ward 7 (acute medicine): 3 in all").expect_not("people")
    home = Turn(await bot2.home(lead.address))
    home.expect("Ward 7 (acute medicine): 3").expect_not("people")


async def test_each_lead_gets_last_months_summary_once_at_the_start_of_the_month(
    bot2: Bot, clock: FixedClock, two_lead_world: World, any_store: Store
) -> None:
    for user in ("amy", "ben", "cai"):
        await send_flag(person(bot2, clock, user), category="exclusion")
    await person(bot2, clock, "lead-a").send("hello")  # lead B has never used Kinship: nowhere to send it
    channel = RecordingChannel()
    worker = Worker(any_store, two_lead_world, {"console": channel})
    too_early = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    assert (await worker.run_once(too_early)).summaries == 0
    first_day = datetime(2026, 12, 1, 9, 15, tzinfo=UTC)
    assert (await worker.run_once(first_day)).summaries == 1
    assert (await worker.run_once(first_day + timedelta(hours=2))).summaries == 0  # once, not every pass
    [(to, (summary,))] = channel.sent
    assert to.user == "lead-a"
    assert "November 2026" in summary.text and "A colleague is being left out: 3 (before: 0" in summary.text
    actions = [(r.lead_user, r.action) for r in await rows(any_store, lead_audit)]
    assert ("lead-a", "monthly-summary") in actions
    later = Worker(any_store, two_lead_world, {"console": channel})  # another worker, or a restart
    assert (await later.run_once(first_day + timedelta(days=1))).summaries == 0


async def test_a_summary_missed_on_the_first_goes_out_later_that_week_still_once(
    bot2: Bot, clock: FixedClock, two_lead_world: World, any_store: Store
) -> None:
    """No worker ran on the 1st (a failed deploy, say): the next pass that week sends it; later passes,
    after the day's send keys are purged, do not send it again; after the first week nothing goes."""
    for user in ("amy", "ben", "cai"):
        await send_flag(person(bot2, clock, user), category="exclusion")
    await person(bot2, clock, "lead-a").send("hello")
    channel = RecordingChannel()
    third = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    assert (await Worker(any_store, two_lead_world, {"console": channel}).run_once(third)).summaries == 1
    for later in (third + timedelta(days=2), third + timedelta(days=3)):  # send keys purged in between
        assert (await Worker(any_store, two_lead_world, {"console": channel}).run_once(later)).summaries == 0
    assert [to.user for to, _ in channel.sent] == ["lead-a"]
    await person(bot2, clock, "lead-b").send("hello")  # lead B only now reachable, after the first week
    eighth = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
    assert (await Worker(any_store, two_lead_world, {"console": channel}).run_once(eighth)).summaries == 0
