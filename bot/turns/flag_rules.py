"""The rules of the flag journey that need the database: who may answer on a flag, what a lead's look at
flags leaves in the audit log, and the unit totals a lead may see (k-anonymous, see :mod:`bot.domain.summary`).

Used by the flag and review runners and by the home page; imports the vocabulary and the store only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import batches
from bot.domain.org import Organisation
from bot.domain.records import FlagRecord
from bot.domain.summary import previous_month, summarise
from bot.domain.types import Address
from bot.store import Tx

CLOSING_RELAY_WINDOW = timedelta(days=1)  # a closed flag's reply handle lives this long, to pass on the last word


def unit_totals(tx: Tx, org: Organisation, units: tuple[str, ...], now: datetime) -> dict[str, int | None]:
    """This month's flags per unit a lead can see, None where there are fewer than k."""
    month = now.astimezone(ZoneInfo(org.timezone)).date().replace(day=1)
    cells = tx.monthly_cells(units, (month, previous_month(month)), now)
    return {s.unit: s.total_this for s in summarise(cells, units, month, org.min_group_size)}


def audit_time(org: Organisation, now: datetime) -> datetime:
    """When an audit row says a lead acted: no finer than a release batch (see :mod:`bot.domain.batches`)."""
    return batches.coarse_time(now, org)


def audit_units(
    tx: Tx, org: Organisation, lead: Address, now: datetime, action: str, units: Iterable[str], detail: str = ""
) -> None:
    """Log a lead's look across their units (the list, the summary, the home page)."""
    tx.audit(lead=lead, action=action, now=audit_time(org, now), unit=",".join(units)[:64], detail=detail)


def audit_flag(
    tx: Tx, org: Organisation, lead: Address, now: datetime, action: str, flag_id: int, flag: FlagRecord | None
) -> None:
    """Log a lead's action on one flag; ``flag`` is None when it was refused (``<action>-denied``)."""
    tx.audit(
        lead=lead,
        action=action if flag is not None else f"{action}-denied",
        now=audit_time(org, now),
        unit=flag.unit if flag is not None else None,
        flag_id=flag_id,
    )


def is_reporter(tx: Tx, flag_id: int, address: Address, now: datetime) -> bool:
    """Only the account that sent a flag (and asked to hear back) may answer on it."""
    handle = tx.handle_for(flag_id, now)
    return handle is not None and handle.person_key == address.person_key


def may_hear_back(tx: Tx, flag_id: int, now: datetime) -> bool:
    """The reporter asked to hear back and their reply handle has not expired."""
    return tx.handle_for(flag_id, now) is not None


def reply_flag(tx: Tx, code: str, address: Address, now: datetime) -> FlagRecord | None:
    """The flag behind ``code`` if this account may answer on it: it sent it and the flag is not withdrawn."""
    flag = tx.flag_by_code(code)
    if flag is None or flag.status == "withdrawn" or not is_reporter(tx, flag.id, address, now):
        return None
    return flag
