"""A thank-you being written (:mod:`bot.dialogue.flows.thanks`), as kept in dialogue state between turns.

It holds only what the sender chose: who (a platform user id), the words (identifiers already redacted), how
to sign it and which unit's leads get a copy. It leaves dialogue state the moment the thanks is sent or
cancelled, and with any question after two hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any


class ThanksStep(StrEnum):
    CHECK = "check"  # the words told of something worrying: still send it?
    WHO = "who"  # who is it for? (a mention; on the console a typed name)
    SIGN = "sign"  # with my name, or without it
    NAME = "name"  # the name to sign with, when the platform did not say
    READY = "ready"  # the preview: send, copy a lead, cancel
    UNIT = "unit"  # which unit's leads get a copy


SIGNED = "name"
UNSIGNED = "anon"


@dataclass(frozen=True, slots=True)
class ThanksDraft:
    step: ThanksStep = ThanksStep.WHO
    to: str = ""  # the person's platform user id, in the sender's own workspace or tenant
    label: str = ""  # how to call them here: the name typed for them (the console), else ""
    words: str = ""  # what they are thanked for, identifiers redacted
    sign: str = ""  # "", SIGNED or UNSIGNED
    name: str = ""  # the name to sign with, when signed
    unit: str = ""  # the unit whose leads get a copy ("" for none)

    def to_mapping(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)}

    @classmethod
    def from_mapping(cls, raw: object) -> ThanksDraft | None:
        """The draft a stored mapping stands for; None for any shape no release wrote."""
        if not isinstance(raw, Mapping) or not all(isinstance(v, str) for v in raw.values()):
            return None
        known = {f.name for f in fields(cls)}
        if not set(raw) <= known or raw.get("step", ThanksStep.WHO.value) not in {s.value for s in ThanksStep}:
            return None
        values: dict[str, Any] = dict(raw)
        values["step"] = ThanksStep(values.get("step", ThanksStep.WHO.value))
        return cls(**values)


NO_THANKS = ThanksDraft()
