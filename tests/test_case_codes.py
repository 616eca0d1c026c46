"""Case codes that can't be guessed (issue 16, finding 7): 60 bits, shown in groups for reading aloud, read
back however they are typed, and a limit on codes that match no flag, per person and per process, counted
for ``GET /metrics``."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.app.metrics import Metrics
from bot.domain.case_codes import ALPHABET, LENGTH, display, find_code, new_case_code
from bot.store.flag_store import FlagQueries
from bot.turns.handler import Bot
from bot.turns.lookups import FAILED, REFUSED, LookupLimiter
from tests.fakes import Chat, FixedClock, Turn

SHOWN = re.compile(r"case code is ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})")
TOO_MANY = "Too many case codes that didn't match"
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


# --- the codes ------------------------------------------------------------------------------------------


def test_a_code_is_60_bits_from_32_symbols_without_look_alikes() -> None:
    assert len(set(ALPHABET)) == len(ALPHABET) == 32
    assert not set("01IO") & set(ALPHABET)
    assert LENGTH * math.log2(len(ALPHABET)) >= 60
    codes = [new_case_code() for _ in range(2000)]
    assert all(len(c) == LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert len(set(codes)) == len(codes)
    seen = Counter("".join(codes))  # every symbol turns up, none hugely more than the rest
    assert set(seen) == set(ALPHABET) and max(seen.values()) < 2 * min(seen.values())


def test_a_code_is_shown_in_groups_of_four_and_an_old_code_as_it_was() -> None:
    assert display("K7QXM2PA9RTD") == "K7QX-M2PA-9RTD"
    assert display("K7QM4TXA") == "K7QM4TXA"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("K7QX-M2PA-9RTD", "K7QXM2PA9RTD"),
        ("k7qx-m2pa-9rtd", "K7QXM2PA9RTD"),
        ("status K7QX M2PA 9RTD please", "K7QXM2PA9RTD"),
        ("K7QXM2PA9RTD.", "K7QXM2PA9RTD"),
        ("K7QX – M2PA – 9RTD", "K7QXM2PA9RTD"),  # spaced dashes, typographic ones too
        ("K7QXM2PA 9RTD", "K7QXM2PA9RTD"),
        ("my code is (K7QX-M2PA-9RTD)", "K7QXM2PA9RTD"),
        ("code:k7qx-m2pa-9rtd", "K7QXM2PA9RTD"),
        ("K7QM4TXA", "K7QM4TXA"),  # made before issue 16: flags sent then can still be followed
        ("status k7qm-4txa", "K7QM4TXA"),
        ("K7QM 4TXA", "K7QM4TXA"),
        ("", ""),
        ("status", ""),
        ("K7QX-M2PA-9RT0", ""),  # 0 is not a symbol
        ("K7QX-M2PA-9RTDD", ""),
        ("reply yes that helps", ""),  # ordinary words are not run together into a code
        ("reply thanks very much", ""),
    ],
)
def test_a_code_is_read_however_it_is_typed(typed: str, code: str) -> None:
    assert find_code(typed) == code


def test_every_code_made_is_read_back_from_how_it_is_shown() -> None:
    for _ in range(500):
        code = new_case_code()
        assert find_code(display(code)) == code
        assert find_code(f"status {display(code).lower()}") == code
        assert find_code(" ".join(display(code).split("-"))) == code


# --- the limiter on its own -----------------------------------------------------------------------------


def test_a_person_gets_n_failed_look_ups_an_hour() -> None:
    limiter = LookupLimiter(per_person=5, per_process=1000)
    seen: list[str] = []
    limiter.observe = seen.append
    amy = ("console", "local", "amy")
    for _ in range(5):
        assert limiter.allows(amy, NOW)
        limiter.failed(amy, NOW)
    assert not limiter.allows(amy, NOW + timedelta(minutes=59))
    assert limiter.allows(("console", "local", "ben"), NOW)  # per person
    assert limiter.allows(amy, NOW + timedelta(hours=1, seconds=1))  # a sliding hour
    assert seen == [FAILED] * 5 + [REFUSED]
    assert limiter.counts == {FAILED: 5, REFUSED: 1}


def test_the_process_gets_m_failed_look_ups_a_minute_from_everyone_together() -> None:
    limiter = LookupLimiter(per_person=5, per_process=60)
    for n in range(60):
        person = ("slack", "T1", f"U{n}")
        assert limiter.allows(person, NOW)
        limiter.failed(person, NOW)
    assert not limiter.allows(("slack", "T1", "someone-new"), NOW + timedelta(seconds=59))
    assert limiter.allows(("slack", "T1", "someone-new"), NOW + timedelta(minutes=1, seconds=1))


def test_the_limiter_forgets_people_whose_failures_are_over_an_hour_old() -> None:
    limiter = LookupLimiter(per_person=5, per_process=60)
    when = NOW
    for n in range(20_000):  # one failure each, a second apart: never more than the process allows
        when += timedelta(seconds=1)
        person = ("teams", "t", f"u{n}")
        assert limiter.allows(person, when)
        limiter.failed(person, when)
    assert len(limiter._people) <= 2 * 60 * 61 + 1


# --- through the bot: 5,000 guesses on the console ------------------------------------------------------


async def send_flag(chat: Chat) -> str:
    for step in ("flag", "flag:cat:patient-racist-abuse", "flag:unit:ward-7", "flag:when:today", "flag:danger:no"):
        await chat.act(step)
    await chat.act("flag:desc:skip")
    sent: Turn = await chat.act("flag:send")
    found = SHOWN.search(sent.text)
    assert found, sent.text
    return found.group(1)


async def test_5000_guesses_get_5_through_are_counted_and_a_right_code_still_works(
    bot: Bot, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    metrics = Metrics()
    bot.lookups.observe = metrics.lookup  # as the server wires it
    code = await send_flag(Chat(bot.handle, clock, user="reporter"))
    looked_up: list[str] = []
    real = FlagQueries.flag_by_code
    monkeypatch.setattr(FlagQueries, "flag_by_code", lambda tx, c: looked_up.append(c) or real(tx, c))
    caplog.set_level(logging.INFO)

    guesser = Chat(bot.handle, clock, user="guesser")
    answers: Counter[str] = Counter()
    for _ in range(5000):
        turn = await guesser.send(f"status {display(new_case_code())}")
        answers["refused" if TOO_MANY in turn.text else "looked up"] += 1
    assert answers == {"looked up": 5, "refused": 4995}
    assert len(looked_up) == 5  # a refused look-up never reaches the database
    (await guesser.send(f"status {code}")).expect(TOO_MANY)  # even a right code, until the hour is up
    (await guesser.act("withdraw:K7QXM2PA9RTD:confirm")).expect(TOO_MANY)  # and by every route
    (await guesser.act("flag-reply:K7QXM2PA9RTD")).expect(TOO_MANY)

    other = Chat(bot.handle, clock, user="ben")  # someone else, with the right code
    (await other.send(f"status {code.lower()}")).expect(f"Flag {code}:").expect_not(TOO_MANY)

    text = metrics.registry_text()
    assert 'kinship_case_code_lookups_total{result="failed"} 5.0' in text
    assert 'kinship_case_code_lookups_total{result="refused"} 4998.0' in text
    logged = [r for r in caplog.records if "look-ups refused" in r.getMessage()]
    assert logged and all(r.levelno == logging.INFO for r in logged)
    assert len(logged) == 1  # one line a minute, not one per guess
    for record in caplog.records:
        message = record.getMessage()
        assert "guesser" not in message and code not in message and code.replace("-", "") not in message

    clock.advance(hours=1, seconds=1)
    (await guesser.send(f"status {code}")).expect(f"Flag {code}:")


async def test_many_accounts_together_meet_the_process_limit(bot: Bot, clock: FixedClock) -> None:
    for n in range(60):
        (await Chat(bot.handle, clock, user=f"u{n}").send("status K7QX-M2PA-9RTD")).expect("couldn't find")
    (await Chat(bot.handle, clock, user="u60").send("status K7QX-M2PA-9RTD")).expect(TOO_MANY)
    assert bot.lookups.counts == {FAILED: 60, REFUSED: 1}
    clock.advance(minutes=1, seconds=1)
    (await Chat(bot.handle, clock, user="u60").send("status K7QX-M2PA-9RTD")).expect("couldn't find")


async def test_a_refused_reply_asks_for_no_words(bot: Bot, clock: FixedClock) -> None:
    bot.lookups = LookupLimiter(per_person=1)
    amy = Chat(bot.handle, clock)
    (await amy.send("reply K7QX-M2PA-9RTD")).expect("can't pass that on")
    (await amy.send("reply K7QX-M2PA-9RTE")).expect(TOO_MANY).expect_not("What would you like to say")
    (await amy.send("thank you")).expect_not("Sent.")  # not waiting for words to pass on
