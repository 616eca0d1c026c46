"""The effect runners behind the Bot shell: one runner per effect type, found through ``RUNNERS``, each run
here in a real SQLite transaction (the flows through ``Bot.handle`` are in test_flags, test_dialogue...)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
from sqlalchemy import select

from bot.dialogue import TurnInput, World
from bot.dialogue import effects as fx
from bot.domain.records import FlagRecord, HeldData
from bot.domain.reporters import ReporterHasher
from bot.domain.types import Address, Incoming
from bot.store import Store, Tx
from bot.store.tables import flag_quota, flags, lead_audit, reflections
from bot.turns.lookups import LookupLimiter
from bot.turns.runners import RUNNERS, EffectContext, run_effect

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
REPORTER = Address("console", "local", "amy", "console:amy")
LEAD = Address("console", "local", "lead", "console:lead")  # leads every unit in the demo organisation


def effect_types() -> tuple[type, ...]:
    """The effect types the dialogue may ask for: the members of the ``Effect`` union (or its subclasses)."""
    members: tuple[type, ...] = get_args(fx.Effect)
    return members or tuple(getattr(fx.Effect, "__subclasses__", tuple)())


EFFECT_TYPES = effect_types()


def a_flag(*, wants_reply: bool = True, unit: str = "ward-7") -> fx.SubmitFlag:
    return fx.SubmitFlag(
        unit=unit,
        category="patient-racist-abuse",
        occurred="today",
        danger=False,
        description="",
        submitted_week=date(2026, 11, 23),
        release_at=NOW - timedelta(hours=1),  # released already, so a lead may see it
        wants_reply=wants_reply,
        handle_expires_at=NOW + timedelta(days=30),
    )


# One example of every effect, with the type of what its runner returns (what bot.dialogue.after expects).
EXAMPLES: dict[type, tuple[Any, Callable[[Any], bool]]] = {
    fx.GiveLesson: (fx.GiveLesson("kindness-needs-knowledge", True), lambda r: r == []),  # nothing due yet
    fx.SaveReflection: (fx.SaveReflection("p1", "words"), lambda r: type(r) is int),
    fx.ListReflections: (fx.ListReflections(), lambda r: isinstance(r, tuple) and r == ([], 0)),
    fx.DeleteReflection: (fx.DeleteReflection(999), lambda r: r is False),
    fx.DeleteAllReflections: (fx.DeleteAllReflections(), lambda r: r == 0 and type(r) is int),
    fx.FlagAllowance: (fx.FlagAllowance(()), lambda r: r is None),  # nothing sent today: room for one
    fx.SubmitFlag: (a_flag(), lambda r: isinstance(r, FlagRecord)),
    fx.FlagStatus: (fx.FlagStatus("NOSUCHCD"), lambda r: r == (None, [], False)),
    fx.WithdrawFlag: (fx.WithdrawFlag("NOSUCHCD"), lambda r: r is False),
    fx.ReviewFlags: (
        fx.ReviewFlags(("ward-7",)),
        lambda r: isinstance(r, fx.FlagPage) and r.flags == [] and r.total == 0 and r.replied == frozenset(),
    ),
    fx.ReviewFilters: (fx.ReviewFilters(("ward-7",)), lambda r: r == []),
    fx.OpenNumbered: (fx.OpenNumbered(1, ("ward-7",)), lambda r: r == (None, [], False)),
    fx.DashboardLink: (fx.DashboardLink(("ward-7",)), lambda r: r == ""),  # no KINSHIP_PUBLIC_URL here
    fx.OpenFlag: (fx.OpenFlag(999, ("ward-7",)), lambda r: r == (None, [], False)),
    fx.MarkFlag: (fx.MarkFlag(999, ("ward-7",), "seen"), lambda r: r is False),
    fx.FlagNote: (fx.FlagNote(999, ("ward-7",), "done"), lambda r: r is False),
    fx.FlagSummary: (fx.FlagSummary(("ward-7",), date(2026, 11, 1)), lambda r: r == {}),
    fx.LeadReply: (fx.LeadReply(999, ("ward-7",), "thanks"), lambda r: r is False),
    fx.MayReply: (fx.MayReply("NOSUCHCD"), lambda r: r is False),
    fx.ReporterReply: (fx.ReporterReply("NOSUCHCD", "hello"), lambda r: r is False),
    fx.DeleteMyData: (fx.DeleteMyData(), lambda r: r is None),
    fx.MyData: (fx.MyData(), lambda r: isinstance(r, HeldData) and r.person is not None and r.nothing_else),
    fx.SendThanks: (fx.SendThanks("bob", "bob", "for the tea", "", "", 20), lambda r: r is True),
    fx.ThankBack: (fx.ThankBack(1), lambda r: r == "gone"),  # no thanks 1 was sent to this person
}


@dataclass
class Runs:
    """Runs effects the way the shell does: in one transaction, for one person, through the table."""

    store: Store
    world: World
    flags_per_day: int = 5
    wake_ups: list[str] = field(default_factory=list)
    lookups: LookupLimiter = field(default_factory=LookupLimiter)

    def context(self, tx: Tx, address: Address) -> EffectContext:
        person = tx.person(address, NOW, self.world.org.timezone)
        inp = TurnInput(incoming=Incoming(address, text="hi"), person=person, now=NOW, world=self.world)
        reporters = ReporterHasher("a-test-key-of-some-length")
        wake = lambda: self.wake_ups.append("relay")  # noqa: E731
        return EffectContext(tx, inp, reporters, self.flags_per_day, wake, self.lookups)

    async def run(self, effect: Any, address: Address = REPORTER) -> Any:
        return await self.store.run(lambda tx: run_effect(self.context(tx, address), effect), quick=True)

    async def rows(self, table: Any) -> list[Any]:
        return await self.store.run_on_connection(lambda conn: list(conn.execute(select(table)).all()))


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(f"sqlite:///{tmp_path / 'runners.db'}")
    yield store
    await store.close()


@pytest.fixture
def runs(sqlite_store: Store, world: World) -> Runs:
    return Runs(sqlite_store, world)


# --- the table -------------------------------------------------------------------------------------------


def test_every_effect_type_has_exactly_one_runner() -> None:
    assert EFFECT_TYPES, "bot.dialogue.effects.Effect should list the effect types"
    missing = [t.__name__ for t in EFFECT_TYPES if t not in RUNNERS]
    assert not missing, f"effect types with no runner: {missing}"
    strays = [t.__name__ for t in RUNNERS if t not in EFFECT_TYPES]
    assert not strays, f"runners for types that are not effects: {strays}"
    assert len(set(RUNNERS.values())) == len(RUNNERS), "one runner serves two effect types"


def test_every_effect_type_has_an_example_here() -> None:
    assert set(EXAMPLES) == set(EFFECT_TYPES)


@pytest.mark.parametrize("effect_type", EFFECT_TYPES, ids=lambda t: t.__name__)
async def test_each_runner_returns_what_the_dialogue_expects(runs: Runs, effect_type: type) -> None:
    effect, expected = EXAMPLES[effect_type]
    leads = (fx.ReviewFlags, fx.ReviewFilters, fx.OpenNumbered, fx.FlagSummary, fx.DashboardLink)
    result = await runs.run(effect, LEAD if effect_type in leads else REPORTER)
    assert expected(result), f"{effect_type.__name__} gave {result!r}"


async def test_an_unknown_effect_is_refused(runs: Runs) -> None:
    with pytest.raises(TypeError, match="unknown effect"):
        await runs.run(object())


# --- what the runners do in the database -----------------------------------------------------------------


async def test_reflections_are_saved_listed_and_deleted(runs: Runs) -> None:
    first = await runs.run(fx.SaveReflection("p1", "one"))
    await runs.run(fx.SaveReflection("p2", "two"))
    items, total = await runs.run(fx.ListReflections(limit=1))
    assert total == 2 and len(items) == 1
    assert await runs.run(fx.DeleteReflection(first)) is True
    assert await runs.run(fx.DeleteAllReflections()) == 1
    assert await runs.rows(reflections) == []


async def test_over_the_daily_limit_the_runner_keeps_nothing_and_returns_the_limit(runs: Runs) -> None:
    runs.flags_per_day = 2
    for _ in range(2):
        assert isinstance(await runs.run(a_flag()), FlagRecord)
    assert await runs.run(a_flag()) == 2
    assert len(await runs.rows(flags)) == 2


async def test_the_allowance_check_reads_todays_count_and_counts_nothing(runs: Runs) -> None:
    runs.flags_per_day = 2
    assert await runs.run(fx.FlagAllowance(())) is None
    assert isinstance(await runs.run(a_flag()), FlagRecord)
    for _ in range(3):  # asking again and again uses none of the allowance
        assert await runs.run(fx.FlagAllowance(())) is None
    assert isinstance(await runs.run(a_flag()), FlagRecord)
    assert await runs.run(fx.FlagAllowance(())) == 2  # used up: how many were sent today
    assert await runs.run(fx.FlagAllowance(()), LEAD) is None  # per account
    [quota] = await runs.rows(flag_quota)
    assert quota.count == 2


async def test_the_reporter_and_only_the_reporter_may_answer_and_the_relay_is_woken(runs: Runs) -> None:
    flag = await runs.run(a_flag(wants_reply=True))
    assert await runs.run(fx.MayReply(flag.case_code)) is True
    assert await runs.run(fx.MayReply(flag.case_code), LEAD) is False  # another account
    status = await runs.run(fx.FlagStatus(flag.case_code))
    assert status[0].id == flag.id and status[2] is True
    assert await runs.run(fx.ReporterReply(flag.case_code, "more detail")) is True
    assert runs.wake_ups == ["relay"]
    assert await runs.run(fx.WithdrawFlag(flag.case_code)) is True
    assert await runs.run(fx.MayReply(flag.case_code)) is False  # withdrawn: no more answers


async def test_a_lead_sees_marks_notes_and_replies_and_each_is_audited(runs: Runs) -> None:
    flag = await runs.run(a_flag(wants_reply=True))
    page = await runs.run(fx.ReviewFlags(("ward-7",)), LEAD)
    assert page.flags == [(1, flag)] and page.totals == {"ward-7": None} and page.replied == set()  # 1 < k
    opened = await runs.run(fx.OpenFlag(flag.id, ("ward-7",)), LEAD)
    assert opened[0].id == flag.id and opened[2] is True
    assert await runs.run(fx.OpenFlag(flag.id, ("theatres",)), LEAD) == (None, [], False)  # not their unit
    assert await runs.run(fx.MarkFlag(flag.id, ("ward-7",), "seen"), LEAD) is True
    assert await runs.run(fx.FlagNote(flag.id, ("ward-7",), "we spoke to security"), LEAD) is True
    assert await runs.run(fx.LeadReply(flag.id, ("ward-7",), "thank you"), LEAD) is True
    assert runs.wake_ups == ["relay", "relay"]  # the note and the reply wait to be passed on
    await runs.run(fx.FlagSummary(("ward-7",), date(2026, 11, 1)), LEAD)
    audit = [(r.action, r.unit, r.detail) for r in await runs.rows(lead_audit)]
    assert audit == [
        ("view-list", "ward-7", "1 shown of 1, page 1 of 1"),
        ("view-flag", "ward-7", ""),
        ("view-flag-denied", None, ""),
        ("mark-seen", "ward-7", ""),
        ("note", "ward-7", ""),
        ("reply", "ward-7", ""),
        ("view-summary", "ward-7", "2026-11-01"),
    ]


async def test_a_lead_cannot_reply_to_a_reporter_who_did_not_ask_to_hear_back(runs: Runs) -> None:
    flag = await runs.run(a_flag(wants_reply=False))
    assert await runs.run(fx.LeadReply(flag.id, ("ward-7",), "thank you"), LEAD) is False
    assert await runs.run(fx.FlagNote(flag.id, ("ward-7",), "done"), LEAD) is True  # noted, nobody to tell
    assert runs.wake_ups == []
    assert [r.action for r in await runs.rows(lead_audit)] == ["reply-denied", "note"]
