"""The neutral vocabulary shared by the core and every adapter.

Everything here is a frozen dataclass of plain values, so a reply can be rendered by any adapter (Block Kit,
Adaptive Cards, numbered options in a terminal) and a message from any platform reaches the core in one shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Literal

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Address:
    """Who a message came from and where a reply goes.

    ``ref`` is opaque to the core: an adapter stores whatever a proactive send needs (for Teams, the
    conversation reference as JSON).
    """

    platform: str
    tenant: str
    user: str
    conversation: str
    ref: str = ""

    @property
    def person_key(self) -> tuple[str, str, str]:
        return (self.platform, self.tenant, self.user)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a message was said when it was not a one-to-one chat with Kinship: a team's channel (a Slack
    channel, a Teams team channel). The person who said it is still ``Incoming.address.user``; their
    ``Incoming.address.conversation`` is their direct-message conversation with Kinship when the adapter knows
    it, else empty (never the channel: that would become where their daily lessons go)."""

    channel: str  # the platform's id for the channel (Slack C…; Teams 19:…@thread.tacv2)
    thread: str = ""  # the thread the message is in, if any (Slack thread_ts; Teams the reply chain's root id)
    mentioned: bool = False  # the message names Kinship (@Kinship)
    ref: str = ""  # opaque to the core: what the adapter needs to post in the channel later (Teams)


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message or button press. Exactly one of ``text`` and ``action`` is set.

    ``values`` carries a submitted form's fields (a Slack modal or a Teams card), keyed by field name.
    ``event_id`` is the platform's id for the delivery, used to drop retries; empty when there is none.
    ``timezone`` is the person's time zone as the platform reports it, if it does.
    """

    address: Address
    text: str | None = field(default=None, repr=False)  # a person's words, never shown in a repr
    action: str | None = None
    values: Mapping[str, str] = field(default_factory=lambda: _EMPTY, repr=False)  # a form's words, likewise
    event_id: str = ""
    timezone: str = ""  # the platform's time zone for this person (IANA name), when it says; used on first contact
    place: Place | None = None  # set when said in a team's channel rather than to Kinship directly
    mentions: tuple[str, ...] = ()  # platform user ids of the people the message @-mentions (never Kinship)
    display_name: str = field(default="", repr=False)  # the sender's name as the platform shows it, when cheap
    # to know; used only for a thank-you the sender chooses to sign, never stored or logged

    def __post_init__(self) -> None:
        if (self.text is None) == (self.action is None):
            raise ValueError("Incoming needs exactly one of text and action")


@dataclass(frozen=True, slots=True)
class Button:
    """A choice the person can press; ``value`` comes back as ``Incoming.action``."""

    label: str
    value: str
    style: Literal["default", "primary", "danger"] = "default"


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Field:
    """One input of a form: a choice among options, or free text."""

    name: str
    label: str
    kind: Literal["choice", "text"] = "text"
    options: tuple[Option, ...] = ()
    optional: bool = False
    multiline: bool = False
    max_length: int = 0
    placeholder: str = ""
    initial: str = ""


@dataclass(frozen=True, slots=True)
class Form:
    """A whole form at once, for adapters that can show one (a Slack modal, a Teams card).

    The core never depends on it: every form is also reachable step by step with buttons, which is what
    the console uses. A submission arrives as ``Incoming(action=submit, values={field: value})``.
    """

    title: str
    fields: tuple[Field, ...]
    submit: str
    submit_label: str = "Send"


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to show. ``text`` is always set: it is the notification, screen-reader and console text."""

    text: str
    title: str = ""
    buttons: tuple[Button, ...] = ()
    form: Form | None = None
    private: bool = False
    # keep out of the conversation's stored history: it names a flag (its words or case code), and a workspace
    # or tenant admin can read the history beside the person's name. Slack shows it as an ephemeral message,
    # Teams as a card replaced once read, the console as usual.
    off_record: bool = False
    # for a message said in a channel: "channel" replies go into the channel (in the thread it came from), and
    # "person" replies to the person alone (Slack: an ephemeral message there; Teams: their one-to-one chat),
    # never into the channel. In a one-to-one chat every reply is the person's.
    audience: Literal["person", "channel"] = "person"

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("Reply.text must not be empty: it is the fallback every adapter relies on")


Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, always timezone-aware (UTC); tests pass a fixed clock instead."""
    return datetime.now(UTC)
