"""A person's own part of an app home page (Slack's App Home): their next lesson and settings, and for a
lead their units' totals this month, the look at which is audited like any other."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.dialogue import World
from bot.dialogue.views import welcome as views
from bot.domain.schedule import Schedule
from bot.domain.types import Address, Reply
from bot.store import Tx
from bot.turns.flag_rules import audit_units, unit_totals


def home_page(tx: Tx, world: World, address: Address, now: datetime) -> list[Reply]:
    """Read-only but for the audit row: a conversation in progress is left as it is."""
    person = tx.find_person(address)
    units = world.org.units_led_by(address)
    totals = None
    if units:
        totals = unit_totals(tx, world.org, units, now)
        audit_units(tx, world.org, address, now, "view-home", units)
    lessons = world.content.lessons
    if person is None:  # someone who has not spoken yet: the organisation's zone and the first lesson
        schedule = Schedule(timezone=world.org.timezone)
        today = now.astimezone(ZoneInfo(schedule.timezone)).date()
        return views.home(None, schedule, lessons[0], today, totals, world.content, world.org)
    upcoming = lessons[person.lesson_position % len(lessons)]
    today = now.astimezone(ZoneInfo(person.timezone)).date()
    return views.home(person, person.schedule, upcoming, today, totals, world.content, world.org)
