"""Keyed hashes of a reporter: enough to rate-limit and to count distinct reporters, never to name one.

A flag row never holds who sent it. Two questions still need "the same person?": has this person sent too
many flags today, and how many different people stand behind a summary cell (counts from fewer than k
people are suppressed). Both are answered with HMAC-SHA-256 under a secret from the environment
(``KINSHIP_FLAG_KEY``), with the day or the cell mixed in, so:

* without the key, a hash cannot be tested against a list of user ids;
* hashes for different days or different cells cannot be linked to each other, so no table can follow one
  person from flag to flag, and the daily quota hashes are useless (and purged) the next day.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date

from bot.domain.types import Address


class ReporterHasher:
    def __init__(self, key: str | bytes | None = None) -> None:
        """``key`` comes from configuration; without one a random key lives as long as this process (rate
        limits then reset on restart, and several processes do not share them)."""
        if not key:
            self._key = secrets.token_bytes(32)
            self.ephemeral = True
        else:
            self._key = key.encode() if isinstance(key, str) else key
            self.ephemeral = False

    def _hash(self, *parts: str) -> str:
        message = "\x1f".join(parts).encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    @staticmethod
    def _who(address: Address) -> tuple[str, str, str]:
        return (address.platform, address.tenant, address.user)

    def quota_token(self, address: Address, day: date) -> str:
        """Names one reporter's allowance for one day."""
        return self._hash("quota", day.isoformat(), *self._who(address))

    def cell_token(self, address: Address, month: date, unit: str, category: str) -> str:
        """Names one reporter within one summary cell, and nowhere else."""
        return self._hash("cell", month.isoformat(), unit, category, *self._who(address))
