"""Conversations with the real Bot on a real SQLite database, read like a chat."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.domain.case_codes import display
from bot.store import Store
from bot.store.tables import flag_handles, flags, lead_audit, people, reflections
from bot.turns.handler import Bot
from tests.fakes import Chat, FixedClock, Turn


async def count(store: Store, table) -> int:
    return await store.run_on_connection(lambda conn: conn.execute(select(func.count()).select_from(table)).scalar())


async def one(store: Store, query):
    return await store.run_on_connection(lambda conn: conn.execute(query).one())


async def test_first_message_gets_a_welcome_and_help_offers_every_journey(chat: Chat) -> None:
    turn = await chat.send("hi")
    turn.expect("Hello, I'm Kinship")
    assert {"Today's lesson", "Words to use", "Flag something"} <= set(turn.labels)
    turn = await chat.send("help")
    turn.expect("lesson", "reflect", "script", "flag", "settings", "delete my data")
    turn.expect_not("review")  # only leads are told about reviewing flags


async def test_todays_lesson_is_the_same_all_day_and_moves_on_the_next_day(
    chat: Chat, clock: FixedClock, world
) -> None:
    first = await chat.send("lesson")
    first.expect("Try this today")
    title = first.replies[-1].title
    assert title == world.content.lessons[0].title
    again = await chat.press("Help")
    again = await chat.send("today's lesson")
    assert again.replies[-1].title == title
    clock.advance(days=1)
    tomorrow = await chat.send("lesson")
    assert tomorrow.replies[-1].title == world.content.lessons[1].title


async def test_reflection_is_saved_privately_listed_and_deleted(chat: Chat, bot: Bot, store: Store) -> None:
    await chat.send("lesson")
    prompt = await chat.press("Reflect on this")
    prompt.expect("Only you can see it")
    saved = await chat.send("I slowed down to explain the scan and the patient relaxed.")
    saved.expect("saved", "Only you can see")
    listing = await chat.press("My reflections")
    listing.expect("I slowed down to explain the scan")
    assert await store.run(lambda tx: tx.count_reflections(1)) == 1
    gone = await chat.press("Delete 1")
    gone.expect("Deleted")
    (await chat.send("my reflections")).expect("haven't saved any reflections")


async def test_reflection_can_be_skipped_and_nothing_is_saved(chat: Chat, store: Store) -> None:
    await chat.send("reflect")
    (await chat.press("Skip")).expect("Nothing was saved")
    assert await count(store, reflections) == 0


async def test_described_situation_gets_a_script_with_alternatives(chat: Chat) -> None:
    turn = await chat.send("a patient just made a racist comment to my colleague")
    turn.expect("Safety first", "Distract", "Delegate", "Document", "Delay", "Direct")
    others = await chat.press("Not quite")
    assert len(others.buttons) >= 3
    chosen = await chat.press(others.labels[0])
    chosen.expect("Safety first")


async def test_script_command_word_takes_the_situation(chat: Chat, world) -> None:
    turn = await chat.send("script the consultant humiliated the F1 in front of everyone on the ward round")
    assert turn.replies[-1].title == world.content.scripts["colleague-belittling"].title


async def test_script_button_asks_for_the_situation_then_matches_it(chat: Chat) -> None:
    await chat.send("hello")
    (await chat.press("Words to use")).expect("What happened?")
    (await chat.send("a relative grabbed the HCA's arm and was shouting")).expect("Safety first")


async def test_flag_journey_stores_only_redacted_anonymous_text(chat: Chat, store: Store, world) -> None:
    await chat.send("I want to flag something")
    assert chat.last is not None and chat.last.replies[-1].form is not None  # rich adapters can show a form
    await chat.press(world.content.scripts["patient-racist-abuse"].title)
    await chat.press("Ward 7")
    await chat.press("This week")
    await chat.press("No")
    preview = await chat.send("A patient shouted at Priya Shah about her colour, call me on 07700 900123")
    preview.expect("exactly what a lead will see")
    preview.expect_not("07700 900123", "Priya")
    sent = await chat.press("Send")
    sent.expect("case code")
    row = await one(store, select(flags))
    state = (await one(store, select(people.c.state))).state
    handles = await count(store, flag_handles)
    assert display(row.case_code) in sent.text and len(row.case_code) == 12
    assert "07700" not in row.description and "Priya" not in row.description
    assert "amy" not in " ".join(str(v) for v in row._mapping.values())
    assert state == "{}"  # the in-progress flag left dialogue state when it was sent
    assert handles == 0  # they did not ask to hear back
    status = await chat.send(f"status {row.case_code}")
    status.expect(display(row.case_code), "not yet seen")


async def test_a_flag_is_said_not_to_be_a_formal_report_when_it_starts_and_when_it_is_sent(chat: Chat) -> None:
    (await chat.send("flag")).expect("not a formal incident report", "Freedom to Speak Up Guardian")
    await chat.press("Something else")
    await chat.press("Ward 7")
    await chat.press("Today")
    await chat.press("No")
    await chat.send("skip")
    (await chat.press("Send")).expect("case code", "not a formal incident report")


async def test_someone_in_danger_sees_urgent_routes_first(chat: Chat) -> None:
    await chat.send("flag")
    await chat.press("Something else")
    await chat.press("Emergency department")
    await chat.press("Today")
    turn = await chat.press("Yes")
    assert turn.replies[0].title == "If someone is in danger now"
    turn.expect("not an emergency service", "999")


async def test_lead_reviews_flags_of_their_units_and_every_view_is_audited(
    chat: Chat, lead: Chat, store: Store
) -> None:
    await chat.send("flag")
    await chat.press("Something else")
    await chat.press("Theatres")
    await chat.press("Earlier")
    await chat.press("No")
    await chat.press("Skip")
    await chat.press("Send, and let me hear back")
    review = await lead.send("review")
    review.expect("Theatres", "Something else", "fewer than 3")
    opened = await lead.press("Open 1")
    opened.expect("Unit: Theatres", "no description")
    (await lead.press("Action taken")).expect("action")
    audit = await store.run_on_connection(
        lambda conn: [r.action for r in conn.execute(select(lead_audit.c.action).order_by(lead_audit.c.id))]
    )
    actions = audit
    expiry = (await one(store, select(flag_handles.c.expires_at))).expires_at
    assert actions == ["view-list", "view-flag", "mark-action-taken"]
    assert expiry <= lead.clock() + timedelta(days=1)  # closing the flag cut the follow-up handle to a day


async def test_non_lead_is_politely_refused_review(chat: Chat) -> None:
    (await chat.send("review")).expect("only for the leads")


async def test_settings_change_time_days_zone_and_refuse_impossible_values(chat: Chat, store: Store) -> None:
    (await chat.send("start")).expect("Daily lessons are on", "10:00", "Monday to Friday")
    await chat.send("settings")
    await chat.press("Change time")
    (await chat.send("25:00")).expect("isn't a time I can use")
    (await chat.send("7pm")).expect("19:00")
    await chat.send("settings")
    await chat.press("Change time zone")
    (await chat.send("Mars/Olympus")).expect("isn't a time zone I know")
    (await chat.send("Asia/Kolkata")).expect("Asia/Kolkata")
    (await chat.send("days mon wed fri")).expect("Mon, Wed, Fri")
    row = await one(store, select(people))
    assert (row.nudge_time, row.timezone, row.nudge_days) == ("19:00", "Asia/Kolkata", 0b10101)
    # the next lesson is 19:00 in Kolkata on the next chosen day: Wed 25 Nov 2026 19:00 IST = 13:30 UTC
    assert row.next_due_at == datetime(2026, 11, 25, 13, 30, tzinfo=UTC)


async def test_pause_snooze_resume_and_stop(chat: Chat, store: Store) -> None:
    await chat.send("start")
    (await chat.send("pause for 2 weeks")).expect("Paused")
    (await chat.send("resume")).expect("on again")
    (await chat.send("snooze")).expect("Snoozed")
    row = await one(store, select(people))
    assert row.next_due_at == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # today's 10:00 skipped, tomorrow's kept
    (await chat.send("pause until yesterday")).expect("couldn't read")
    (await chat.send("stop")).expect("Daily lessons are off")
    row = await one(store, select(people))
    assert not row.subscribed and row.next_due_at is None


async def test_delete_my_data_removes_person_and_reflections(chat: Chat, store: Store) -> None:
    await chat.send("reflect")
    await chat.send("Something I noticed today")
    (await chat.send("delete my data")).expect("Delete everything?")
    (await chat.press("Yes, delete my data")).expect("deleted")
    assert await count(store, people) == 0
    assert await count(store, reflections) == 0


async def test_distress_gets_support_first_even_inside_a_reflection(chat: Chat) -> None:
    await chat.send("reflect")
    turn = await chat.send("Honestly I can't go on like this, I want to end my life")
    assert turn.replies[0].title == "Support is here"
    turn.expect("116 123", "999")


async def test_unknown_input_is_never_a_dead_end(chat: Chat) -> None:
    await chat.send("hello")
    turn = await chat.send("purple elephants")
    turn.expect("not sure")
    assert "Help" in turn.labels and len(turn.buttons) >= 2


async def test_empty_and_overlong_messages_get_kind_replies_and_change_nothing(chat: Chat, store: Store) -> None:
    await chat.send("reflect")
    (await chat.send("   ")).expect("didn't catch")
    (await chat.send("x" * 4001)).expect("4,000", "Nothing has been saved")
    assert await count(store, reflections) == 0
    (await chat.send("still here")).expect("saved")  # the reflection prompt was still waiting


async def test_stale_and_unknown_buttons_change_nothing(chat: Chat, store: Store) -> None:
    await chat.send("hello")
    (await chat.act("flag:unit:ward-7")).expect("earlier message")
    (await chat.act("no-such-thing")).expect("don't recognise")
    (await chat.act("reflection:delete:999")).expect("already deleted")
    assert await count(store, flags) == 0


async def test_messages_arriving_together_are_answered_in_order(bot: Bot, clock: FixedClock) -> None:
    chat = Chat(bot.handle, clock)
    await chat.send("reflect")
    first, second = await asyncio.gather(chat.send("first thought"), chat.send("my reflections"))
    first.expect("saved")
    second.expect("first thought")


async def test_a_retried_event_is_answered_once(chat: Chat) -> None:
    first = await chat.act("lesson", event_id="Ev123")
    retry = await chat.act("lesson", event_id="Ev123")
    assert first.replies and retry.replies == []


async def test_another_question_offers_a_different_prompt(chat: Chat) -> None:
    first = await chat.send("reflect")
    second = await chat.press("Another question")
    assert first.replies[-1].text != second.replies[-1].text
    (await chat.send("an answer to the second question")).expect("saved")


async def test_flag_form_submitted_at_once_is_checked_then_previewed(chat: Chat, store: Store) -> None:
    incomplete = await chat.act("flag:form", {"category": "exclusion", "unit": "nowhere"})
    incomplete.expect("Please choose which unit, roughly when, whether anyone is in danger")
    assert incomplete.replies[-1].form is not None  # the form comes back to be completed
    values = {
        "category": "exclusion",
        "unit": "outpatients",
        "occurred": "today",
        "danger": "no",
        "description": "Left out of the huddle again by Mr Hughes, email j.hughes@example.nhs.uk",
    }
    preview = await chat.act("flag:form", values)
    preview.expect("exactly what a lead will see", "Outpatients")
    preview.expect_not("Hughes", "example.nhs.uk")
    (await chat.press("Send")).expect("case code")
    row = await one(store, select(flags))
    assert row.unit == "outpatients" and "Hughes" not in row.description


async def test_withdrawing_a_flag_by_case_code(chat: Chat, lead: Chat, store: Store) -> None:
    await chat.send("flag")
    await chat.press("Something else")
    await chat.press("Theatres")
    await chat.press("Today")
    await chat.press("No")
    await chat.send("Something that should not have happened in recovery")
    sent = await chat.press("Send")
    code = (await one(store, select(flags.c.case_code))).case_code
    assert display(code) in sent.text
    (await chat.send(f"withdraw {code.lower()}")).expect("Withdraw flag")
    (await chat.press("Yes, withdraw it")).expect("withdrawn")
    (await lead.send("review")).expect("no flags for your units")
    (await chat.send(f"status {code}")).expect("withdrawn")


async def test_a_lost_database_gets_an_apology_not_a_crash(world, clock: FixedClock) -> None:
    gone = await Store.open("postgresql://postgres@127.0.0.1:1/nowhere", run_migrations=False)
    try:
        chat = Chat(Bot(gone, world, clock).handle, clock)
        (await chat.send("lesson")).expect("can't reach my records", "nothing was saved", "116 123")
    finally:
        await gone.close()


async def test_support_for_you_after_a_script_lists_support_routes(chat: Chat) -> None:
    await chat.send("a patient just made a racist comment to my colleague")
    turn = await chat.press("Support for you")
    turn.expect("Samaritans", "116 123", "Employee Assistance Programme", "999")


async def test_an_answer_that_starts_like_a_command_is_still_an_answer(chat: Chat, store: Store) -> None:
    await chat.send("reflect")
    (await chat.send("Time pressure made me snappy with a student today")).expect("saved")
    await chat.send("flag")
    await chat.press("Something else")
    await chat.press("Outpatients")
    await chat.press("Today")
    await chat.press("No")
    (await chat.send("Pause for a moment: someone set off the alarm as a joke")).expect("exactly what a lead will see")
    row = await one(store, select(people))
    assert row.nudge_time == "10:00" and row.paused_until is None  # no setting changed along the way


async def test_time_zone_can_be_typed_in_one_go(chat: Chat, store: Store) -> None:
    (await chat.send("time zone Europe/Dublin")).expect("Europe/Dublin")
    (await chat.send("set time 06:45")).expect("06:45")
    row = await one(store, select(people))
    assert (row.timezone, row.nudge_time) == ("Europe/Dublin", "06:45")


async def test_a_question_left_for_hours_stops_capturing_free_text(chat: Chat, clock: FixedClock, store: Store) -> None:
    await chat.send("flag")
    await chat.press("Something else")
    clock.advance(hours=3)
    turn = await chat.send("a patient just made a racist comment to my colleague")
    turn.expect("wasn't sent", "Safety first")  # told about the old draft, then answered as new
    await chat.send("reflect")
    clock.advance(hours=3)
    (await chat.send("the consultant humiliated the F1 in front of everyone")).expect("Safety first")
    assert await count(store, reflections) == 0


async def test_someone_worn_out_gets_support_for_themselves_not_a_script(chat: Chat) -> None:
    await chat.send("hello")
    turn = await chat.send("I'm so exhausted")
    turn.expect("isn't a failing", "Samaritans").expect_not("Safety first")
    (await chat.send("my colleague is exhausted and crying in the sluice")).expect("Safety first")


async def test_removing_the_app_stops_nudges_until_they_write_again(chat: Chat, store: Store) -> None:
    from bot.domain.channel import PLATFORM_REMOVED

    await chat.send("start")
    assert (await chat.act(PLATFORM_REMOVED)).replies == []
    row = await one(store, select(people))
    assert (row.reachable, row.next_due_at, row.ref) == (False, None, "")
    (await chat.send("help")).expect("Here's what I can do")
    row = await one(store, select(people))
    assert row.reachable and row.next_due_at is not None  # writing again proves we can reach them


async def test_home_page_shows_lesson_settings_and_for_leads_their_units(
    bot: Bot, chat: Chat, lead: Chat, store: Store
) -> None:
    from bot.domain.types import Address

    stranger = Turn(await bot.home(Address("console", "local", "nobody", "nobody")))
    stranger.expect("Your first lesson", "Daily lessons are off")
    assert await count(store, people) == 0  # looking creates no one
    await chat.send("reflect")
    await chat.send("start")
    mine = Turn(await bot.home(chat.address))
    mine.expect("Daily lessons: on", "10:00").expect_not("Your units")
    await chat.send("flag")
    await chat.press("Something else")
    await chat.press("Theatres")
    await chat.press("Today")
    await chat.press("No")
    await chat.press("Skip")
    await chat.press("Send")
    theirs = Turn(await bot.home(lead.address))
    theirs.expect("Your units", "Theatres: fewer than 3")
    actions = await store.run_on_connection(lambda conn: [r.action for r in conn.execute(select(lead_audit.c.action))])
    assert actions == ["view-home"]


async def test_the_platforms_time_zone_is_followed_until_they_choose_one(chat: Chat, store: Store) -> None:
    chat.timezone = "America/New_York"
    await chat.send("start")
    row = await one(store, select(people))
    assert row.timezone == "America/New_York"
    assert row.next_due_at == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # 10:00 in New York
    chat.timezone = "Europe/Paris"  # they moved, or travelled, and Slack says so
    await chat.send("help")
    row = await one(store, select(people))
    assert row.timezone == "Europe/Paris" and row.next_due_at == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    (await chat.send("time zone Asia/Kolkata")).expect("Asia/Kolkata")
    chat.timezone = "Europe/Lisbon"
    await chat.send("help")
    row = await one(store, select(people))
    assert row.timezone == "Asia/Kolkata" and row.timezone_chosen  # their choice wins from now on


async def test_a_message_that_names_no_sender_is_refused_quietly(bot: Bot, clock: FixedClock) -> None:
    from bot.domain.types import Address, Incoming

    for user in ("", None):
        nobody = Address("slack", "E111", user, "D111")  # type: ignore[arg-type]  # as a hostile payload gives
        assert await bot.handle(Incoming(nobody, text="lesson")) == []
    assert (await Chat(bot.handle, clock).send("lesson")).replies  # everyone else is answered as ever
