"""A lead's review in chat pages through every flag in scope, newest first, and narrows it by unit, kind and
status, on the console, Slack and Teams; no page, narrowing or forged button shows another unit's flags.
Also the Dashboard button and the ``dashboard`` command (issue 17, item 1)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from adapters.console import ConsoleChannel
from adapters.slack import blocks
from adapters.teams import cards
from bot.dialogue import World
from bot.dialogue import effects as fx
from bot.dialogue.views import review_list as list_views
from bot.domain.org import Lead
from bot.domain.records import FlagFilter, FlagRecord
from bot.domain.reporters import ReporterHasher
from bot.domain.types import Address
from bot.store import Store
from bot.store.tables import lead_audit, lead_links
from bot.turns.handler import Bot
from tests.fakes import Chat, FixedClock, Turn
from tests.slack_fake import SlackHarness, buttons, texts
from tests.test_flags import send_flag
from tests.test_teams import Teams, button, connector, teams, teams_world, text_of  # noqa: F401 (fixtures)

# eight flags for lead A's units, newest last; a word in each tells them apart
WORDS = ["apple", "birch", "cedar", "daisy", "elm", "fern", "gorse", "heather"]
ELSEWHERE = ["quince", "rowan"]  # two flags for Outpatients, which lead A does not lead
THEATRES = {w for i, w in enumerate(WORDS) if i % 3 == 0}  # apple, daisy, gorse
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
SCRIPT_WORDS = ("Safety first", "Were you asking about", "I'm not sure what you need")  # a bystander script


@pytest.fixture
def ab_world(world: World) -> World:
    """Lead A leads Ward 7 and Theatres; lead B leads Outpatients; Slack's W333 is lead A's twin."""
    leads = (
        Lead("console", "lead-a", ("ward-7", "theatres")),
        Lead("console", "lead-b", ("outpatients",)),
        Lead("slack", "W333", ("ward-7", "theatres"), tenant="T111"),
    )
    return World.build(world.content, replace(world.org, leads=leads))


@pytest.fixture
def ab_bot(store: Store, ab_world: World, clock: FixedClock) -> Bot:
    return Bot(store, ab_world, clock, reporters=ReporterHasher("a-test-key-of-some-length"))


async def send_flags(bot: Bot, clock: FixedClock, *, elsewhere: bool = True) -> None:
    """Eight flags for Ward 7 and Theatres (three), sent a minute apart, and two for Outpatients."""
    for i, word in enumerate(WORDS):
        reporter = Chat(bot.handle, clock, user=f"reporter-{i // 4}")
        unit = "theatres" if word in THEATRES else "ward-7"
        category = "patient-racist-abuse" if i % 2 == 0 else "microaggression"
        await send_flag(reporter, unit=unit, category=category, words=f"It was by the {word} trolley.")
        clock.advance(minutes=1)
    for word in ELSEWHERE if elsewhere else []:
        await send_flag(Chat(bot.handle, clock, user="reporter-9"), unit="outpatients", words=f"By the {word} door.")
        clock.advance(minutes=1)


def words_in(text: str) -> set[str]:
    return {w for w in [*WORDS, *ELSEWHERE] if f"{w} " in text}


def opened_word(text: str) -> str:
    """The one flag an opened flag's words belong to."""
    [word] = words_in(text)
    return word


async def open_every_page(lead: Chat) -> tuple[list[str], list[Turn]]:
    """Every "Open N" on every page, following "Older flags" to the end: the words of each flag opened."""
    await lead.send("hello")  # past the welcome
    seen: list[str] = []
    pages = [await lead.send("review")]
    while True:
        page = pages[-1]
        for label in [b for b in page.labels if b.startswith("Open ")]:
            lead.last = page
            seen.append(opened_word((await lead.press(label)).text))
        if "Older flags" not in page.labels:
            return seen, pages
        lead.last = page
        pages.append(await lead.press("Older flags"))


# --- every flag, page by page ---------------------------------------------------------------------------


async def test_a_lead_with_eight_flags_reaches_all_eight_newest_first(ab_bot: Bot, clock: FixedClock) -> None:
    await send_flags(ab_bot, clock)
    lead = Chat(ab_bot.handle, clock, user="lead-a")
    seen, pages = await open_every_page(lead)
    assert seen == WORDS[::-1]  # all eight, newest first, each once; nothing of Outpatients
    first, second = pages
    first.expect("Flags 1–5 of 8 (page 1 of 2)", "Flags this month, by unit").expect_not("Outpatients")
    assert first.labels == [
        *(f"Open {n}" for n in range(1, 6)),
        "Older flags",
        "Filter",
        "Monthly summary",
        "Dashboard",
        "Help",
    ]
    second.expect("Flags 6–8 of 8 (page 2 of 2)", "6. ", "8. ").expect_not("5. ", "Flags this month", "Outpatients")
    assert second.labels[:4] == ["Open 6", "Open 7", "Open 8", "Newer flags"]
    lead.last = second
    assert "Flags 1–5 of 8" in (await lead.press("Newer flags")).text


async def test_typed_page_and_open_n_find_the_same_flags_as_the_buttons(ab_bot: Bot, clock: FixedClock) -> None:
    await send_flags(ab_bot, clock)
    lead = Chat(ab_bot.handle, clock, user="lead-a")
    (await lead.send("review 2")).expect("Flags 6–8 of 8")
    (await lead.send("Review page 2")).expect("Flags 6–8 of 8")
    for number, word in zip(range(1, 9), WORDS[::-1], strict=True):
        opened = await lead.send(f"open {number}")  # typed, as on Slack or Teams: the number every page shows
        opened.expect("In their words").expect_not(*SCRIPT_WORDS)
        assert opened_word(opened.text) == word
    (await lead.send("open 9")).expect("There's no flag 9 on your list right now").expect_not(*SCRIPT_WORDS)
    (await lead.send("review 7")).expect("Flags 6–8 of 8")  # past the end: the last page
    (await lead.send("review upside down")).expect("I'm not sure which flags you'd like to see")
    (await lead.send("review theatres")).expect("Showing only Theatres: flags 1–3 of 3")
    (await lead.send("review new")).expect("Showing only new: flags 1–5 of 8")


async def test_open_n_typed_by_someone_who_leads_nothing_is_not_a_flag(ab_bot: Bot, clock: FixedClock) -> None:
    await send_flags(ab_bot, clock)
    someone = Chat(ab_bot.handle, clock, user="carol")
    for words in ("open 1", "review 2"):
        turn = await someone.send(words)
        assert not words_in(turn.text) and "Flags to review" not in turn.text


async def test_the_console_pages_and_opens_by_label_and_by_typed_number(
    ab_bot: Bot, clock: FixedClock, ab_world: World
) -> None:
    await send_flags(ab_bot, clock)
    lines = ["review", "Open 1", "Back to flags", "Older flags", "Open 6", "open 7", "review 2", "Open 8"]
    lines += ["review", *(x for n in range(2, 6) for x in (f"open {n}", "review"))]
    out = io.StringIO()
    console = ConsoleChannel(ab_bot.handle, user="lead-a", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    await console.start()
    printed = out.getvalue()
    assert words_in(printed) == set(WORDS)  # all eight reached; Outpatients' two never shown
    assert "Flags 6–8 of 8" in printed and "] Older flags" in printed and "] Dashboard" in printed
    assert not any(words in printed for words in SCRIPT_WORDS)


# --- narrowing --------------------------------------------------------------------------------------------


async def test_filters_narrow_by_unit_kind_and_status_and_add_up(ab_bot: Bot, clock: FixedClock) -> None:
    await send_flags(ab_bot, clock)
    lead = Chat(ab_bot.handle, clock, user="lead-a")
    await lead.send("review")
    choices = await lead.press("Filter")
    choices.expect("Now showing: all flags").expect_not("Outpatients")
    assert choices.labels == [
        "Unit: Ward 7 (acute medicine)",
        "Unit: Theatres",
        "Kind: A ‘small’ remark that isn't small",
        "Kind: A patient or visitor makes a racist remark",
        "Status: new",
        "Status: seen",
        "Status: action taken",
        "All flags",
    ]
    theatres = await lead.press("Unit: Theatres")
    theatres.expect("Showing only Theatres: flags 1–3 of 3").expect_not("Ward 7 (acute medicine):")
    assert words_in(theatres.text) == set()  # the list shows no one's words; the flags do
    assert [b for b in theatres.labels if b.startswith("Open")] == ["Open 2", "Open 5", "Open 8"]  # their numbers
    opened = {opened_word((await lead.act(theatres.button(f"Open {n}").value)).text) for n in (2, 5, 8)}
    assert opened == THEATRES

    await lead.act(theatres.button("Open 5").value)
    await lead.press("Mark seen")
    await lead.act(theatres.button("Filter").value)
    seen_theatres = await lead.press("Status: seen")  # the unit chosen before stays chosen
    seen_theatres.expect("Showing only Theatres, seen: flags 1 of 1")
    assert [b for b in seen_theatres.labels if b.startswith("Open")] == ["Open 5"]

    kind = await lead.send("review")
    await lead.press("Filter")
    kind = await lead.press("Kind: A ‘small’ remark")
    kind.expect("flags 1–4 of 4").expect_not("racist remark (week")
    everything = await lead.press("All flags")
    everything.expect("Flags 1–5 of 8")


async def test_a_lead_of_one_unit_gets_no_unit_choice_and_never_sees_the_others(ab_bot: Bot, clock: FixedClock) -> None:
    await send_flags(ab_bot, clock)
    lead_b = Chat(ab_bot.handle, clock, user="lead-b")
    listed = await lead_b.send("review")
    listed.expect("Flags 1–2 of 2", "Outpatients").expect_not("Ward 7 (acute medicine):", "Theatres:")
    choices = await lead_b.press("Filter")
    assert not [label for label in choices.labels if label.startswith("Unit:")]


@pytest.mark.parametrize(
    "forged",
    [
        "review:list:1:outpatients",
        "review:list:2:outpatients::new",
        "review:filter:outpatients",
        "review:list:1::no such kind:new",
        "review:list:1:::withdrawn",
    ],
)
async def test_a_forged_list_button_shows_nothing_of_another_unit(
    ab_bot: Bot, clock: FixedClock, store: Store, forged: str
) -> None:
    await send_flags(ab_bot, clock)
    lead = Chat(ab_bot.handle, clock, user="lead-a")
    turn = await lead.act(forged)
    turn.expect("I can't show that list: it isn't one of yours").expect_not("Outpatients", "Flags to review")
    assert not words_in(turn.text)
    everything = await lead.press("All flags")
    assert "Flags 1–5 of 8" in everything.text and "Outpatients" not in everything.text


@pytest.mark.parametrize("garbled", ["review:list:x", "review:list:1:a:b:c:d", "review:list:123456789012"])
async def test_a_garbled_list_button_changes_nothing(ab_bot: Bot, clock: FixedClock, garbled: str) -> None:
    await send_flags(ab_bot, clock)
    (await Chat(ab_bot.handle, clock, user="lead-a").act(garbled)).expect("I don't recognise that button")


async def test_every_page_is_audited_with_its_page_and_narrowing_and_nothing_of_a_reporter(
    ab_bot: Bot, clock: FixedClock, store: Store
) -> None:
    await send_flags(ab_bot, clock)
    lead = Chat(ab_bot.handle, clock, user="lead-a")
    await lead.send("review")
    await lead.press("Older flags")
    await lead.send("review theatres")
    await lead.press("Filter")
    rows = await store.run_on_connection(lambda conn: list(conn.execute(select(lead_audit)).all()))
    views = [(r.action, r.unit, r.detail) for r in rows if r.lead_user == "lead-a"]
    assert views == [
        ("view-list", "ward-7,theatres", "5 shown of 8, page 1 of 2"),
        ("view-list", "ward-7,theatres", "3 shown of 8, page 2 of 2"),
        ("view-list", "theatres", "3 shown of 3, page 1 of 1, unit theatres"),
        ("view-filters", "theatres", "unit theatres"),
    ]
    everything = " ".join(str(v) for r in rows for v in r)
    assert "reporter" not in everything and not words_in(everything + " ")


# --- Slack and Teams ----------------------------------------------------------------------------------------


def _is_option(call: Any, label: str) -> bool:
    return any(
        option["text"]["text"] == label
        for block in call.json("blocks") or []
        for element in block.get("elements", [])
        for option in element.get("options", [])
    )


async def test_on_slack_a_lead_pages_through_all_eight_within_block_kit_limits(
    store: Store, ab_world: World, clock: FixedClock, tmp_path: Path
) -> None:
    async with SlackHarness(store, ab_world, clock, tmp_path) as slack:
        await send_flags(slack.bot, clock)

        async def choose(call: Any, label: str) -> Any:
            value = buttons(call)[label]
            return (await slack.press(value, user="W333", channel="D333", select=_is_option(call, label)))[-1]

        page = (await slack.dm("review", user="W333", channel="D333"))[-1]
        seen: list[str] = []
        for expected in ("Flags 1–5 of 8", "Flags 6–8 of 8"):
            assert expected in texts(page)
            for label in [label for label in buttons(page) if label.startswith("Open ")]:
                seen.append(opened_word(texts(await choose(page, label))))
            for block in page.json("blocks"):
                assert len(block.get("elements", [])) <= blocks.MAX_ACTION_ELEMENTS
            assert len(page.json("blocks")) <= blocks.MAX_MESSAGE_BLOCKS
            if "Older flags" in buttons(page):
                page = await choose(page, "Older flags")
        assert seen == WORDS[::-1]
        assert "Dashboard" in buttons(page) and "Filter" in buttons(page)
        six = (await slack.dm("open 6", user="W333", channel="D333"))[-1]  # typed in the DM
        assert words_in(texts(six)) == {WORDS[2]}


async def test_on_teams_a_lead_pages_through_all_eight_in_cards(
    teams: Teams,  # noqa: F811 (the fixture)
    store: Store,
    teams_world: World,  # noqa: F811
    clock: FixedClock,
) -> None:
    await send_flags(Bot(store, teams_world, clock), clock, elsewhere=False)
    await teams.say("hi", user="lead")
    cards = await teams.say("review", user="lead")
    seen: list[str] = []
    for expected in ("Flags 1–5 of 8", "Flags 6–8 of 8"):
        assert expected in text_of(cards)
        numbers = re.findall(r"^(\d)\. ", text_of(cards), re.MULTILINE)
        for number in numbers:
            opened = await teams.submit(button(cards, f"Open {number}"), user="lead")
            seen.append(opened_word(text_of(opened)))
        if number != "8":
            cards = await teams.submit(button(cards, "Older flags"), user="lead")
    assert seen == WORDS[::-1]
    assert button(cards, "Dashboard") == {"action": "dashboard"}
    filters = await teams.submit(button(cards, "Filter"), user="lead")
    theatres = await teams.submit(button(filters, "Unit: Theatres"), user="lead")
    assert "Showing only Theatres: flags 1–3 of 3" in text_of(theatres)


# --- the dashboard link, the App Home and the welcome --------------------------------------------------------


async def test_a_lead_typing_dashboard_gets_a_one_time_link_and_only_its_hash_is_kept(
    ab_bot: Bot, clock: FixedClock, store: Store
) -> None:
    ab_bot.dashboard_url = "https://kinship.example.org"
    lead = Chat(ab_bot.handle, clock, user="lead-a")
    linked = await lead.send("dashboard")
    found = re.search(r"https://kinship\.example\.org/lead[^\s?]*\?t=([A-Za-z0-9_\-]+)", linked.text)
    assert found, linked.text
    token = found.group(1)
    linked.expect("It works once, for the next 5 minutes")
    rows = await store.run_on_connection(lambda conn: list(conn.execute(select(lead_links)).all()))
    assert len(rows) == 1 and rows[0].user_id == "lead-a"
    assert token not in " ".join(str(v) for v in rows[0])  # only a hash of it
    pressed = await lead.act((await lead.send("review")).button("Dashboard").value)  # the button does the same
    assert "/lead" in pressed.text and "?t=" in pressed.text


async def test_dashboard_without_a_web_address_says_so(ab_bot: Bot, clock: FixedClock) -> None:
    (await Chat(ab_bot.handle, clock, user="lead-a").send("dashboard")).expect("isn't switched on here yet")


async def test_someone_who_leads_nothing_gets_the_same_refusal_for_dashboard_as_for_review(
    ab_bot: Bot, clock: FixedClock, store: Store
) -> None:
    ab_bot.dashboard_url = "https://kinship.example.org"
    carol = Chat(ab_bot.handle, clock, user="carol")
    await carol.send("hello")
    review, dashboard = await carol.send("review"), await carol.send("dashboard")
    assert dashboard.text == review.text and "only for the leads of a unit" in review.text
    assert (await carol.act("dashboard")).text == review.text
    assert await store.run_on_connection(lambda conn: list(conn.execute(select(lead_links)).all())) == []


async def test_the_app_home_and_the_welcome_offer_the_dashboard_to_leads_only(ab_bot: Bot, clock: FixedClock) -> None:
    def home_labels(view: dict[str, Any]) -> list[str]:
        return [e["text"]["text"] for b in view["blocks"] for e in b.get("elements", []) if e.get("type") == "button"]

    lead, carol = Address("console", "local", "lead-a", "c"), Address("console", "local", "carol", "c")
    assert "Dashboard" in home_labels(blocks.home(await ab_bot.home(lead)))
    assert "Dashboard" not in home_labels(blocks.home(await ab_bot.home(carol)))
    welcome = await Chat(ab_bot.handle, clock, user="lead-a").send("hello")  # someone new: the welcome first
    welcome.expect("Welcome to Kinship", "As a lead, you can review the flags for your units")
    assert welcome.button("Dashboard").value == "dashboard"
    other = await Chat(ab_bot.handle, clock, user="carol").send("hello")
    other.expect("Welcome to Kinship").expect_not("As a lead")
    assert "Dashboard" not in other.labels


# --- within the platforms' limits ------------------------------------------------------------------------------


def test_the_biggest_list_and_filter_replies_fit_slack_and_teams(world: World) -> None:
    """A lead of 30 units, every kind of flag on their list, page 200 of 200: within Block Kit's limits and
    one Teams card under its budget."""
    units = tuple(f"unit-{n}" for n in range(30))
    kinds = list(world.content.scripts)
    flag = FlagRecord(1, "K7QXM2PA9RTD", "unit-1", kinds[0], "today", date(2026, 11, 23), False, "", "new", NOW, None)
    page = fx.FlagPage([(n, replace(flag, id=n)) for n in range(996, 1001)], 1000, 200, 200, {u: 10 for u in units})
    replies = [
        list_views.filters(FlagFilter(), units, kinds, world.content, world.org),
        list_views.review(page, FlagFilter("unit-1", kinds[0], "new"), 5, world.content, world.org),
        list_views.review(replace(page, page=100, totals={}), FlagFilter(), 5, world.content, world.org),
    ]
    for reply in replies:
        for message in blocks.render([reply]):
            assert len(message.blocks) <= blocks.MAX_MESSAGE_BLOCKS
            for block in message.blocks:
                elements = block.get("elements", [])
                assert len(elements) <= blocks.MAX_ACTION_ELEMENTS
                assert all(len(e.get("options", [])) <= blocks.MAX_SELECT_OPTIONS for e in elements)
        assert all(len(b.value) <= blocks.MAX_OPTION_VALUE for b in reply.buttons)  # each fits a drop-down too
        rendered = cards.render(reply)
        assert len(rendered) == 1 and cards.card_size(rendered[0]) < cards.CARD_BUDGET
