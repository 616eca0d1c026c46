"""What Slack sends, as tests build it: signed requests and real-shaped payloads (``tests/data/slack/``, see
its README) with our own values. Used through :mod:`tests.slack_fake`, which re-exports every name here."""

from __future__ import annotations

import copy
import itertools
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from slack_sdk.signature import SignatureVerifier

DATA = Path(__file__).resolve().parent / "data" / "slack"
SIGNING_SECRET = "test-signing-secret-0123456789abcdef"


def fixture(name: str) -> Any:
    path = DATA / name
    return json.loads(path.read_text()) if name.endswith(".json") else path.read_text().strip()


def sign(body: str, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body),
    }


_ids = itertools.count(1)


def fresh_id(prefix: str) -> str:
    return f"{prefix}{next(_ids):06d}"


def dm_event(text: str, user: str = "W222", channel: str = "D222", event_id: str | None = None) -> dict[str, Any]:
    """A direct message to the app: ``05_event_callback_message_im.json`` with our values (not in a thread)."""
    body = copy.deepcopy(fixture("05_event_callback_message_im.json"))
    event = body["event"]
    ts = f"{time.time():.6f}"
    event.update(user=user, text=text, channel=channel, ts=ts, event_ts=ts)
    for key in ("thread_ts", "parent_user_id"):
        event.pop(key, None)
    body["event_id"] = event_id or fresh_id("Ev")
    return body


def channel_event(
    text: str,
    user: str = "W222",
    channel: str = "C111",
    *,
    ts: str | None = None,
    thread_ts: str = "",
    event_id: str | None = None,
    kind: str = "message",
    channel_type: str = "channel",
) -> dict[str, Any]:
    """A message in a channel Kinship is in (``message.channels``; ``message.groups`` with ``channel_type``
    "group"), in ``thread_ts``'s thread if given; with ``kind`` "app_mention", the same message as Slack sends
    it to an app subscribed to ``app_mention`` (no ``channel_type``). ``05_event_callback_message_im.json``
    with our values."""
    body = copy.deepcopy(fixture("05_event_callback_message_im.json"))
    event = body["event"]
    ts = ts or f"{time.time():.6f}"
    event.update(type=kind, user=user, text=text, channel=channel, ts=ts, event_ts=ts, channel_type=channel_type)
    for key in ("thread_ts", "parent_user_id"):
        event.pop(key, None)
    if thread_ts:
        event.update(thread_ts=thread_ts, parent_user_id="UBOT")
    if kind == "app_mention":
        del event["channel_type"]
    body["event_id"] = event_id or fresh_id("Ev")
    return body


def membership_event(kind: str, channel: str = "C111", user: str = "UBOT", **more: str) -> dict[str, Any]:
    """``member_joined_channel`` / ``member_left_channel`` (``user`` joined or left; ``inviter=…``) or
    ``channel_left`` / ``group_left`` (Kinship itself was removed; ``actor_id=…``), in the Events API wrapper
    of ``05_event_callback_message_im.json``, with the event's fields as Slack documents them."""
    body = copy.deepcopy(fixture("05_event_callback_message_im.json"))
    ts = f"{time.time():.6f}"
    if kind in {"channel_left", "group_left"}:
        event: dict[str, Any] = {"type": kind, "channel": channel, "event_ts": ts}
    else:
        event = {"type": kind, "user": user, "channel": channel, "channel_type": "C", "team": "T111", "event_ts": ts}
    event.update(more)
    body["event"] = event
    body["event_id"] = fresh_id("Ev")
    return body


def channel_button_press(value: str, user: str = "W222", channel: str = "C111", message_ts: str = "") -> dict[str, Any]:
    """A button on one of our messages posted in a channel (the weekly question's "Answer privately"), as
    everyone in the channel sees it: ``02_block_actions.json`` with our value, not ephemeral."""
    body = button_press(value, user, channel)
    body["channel"] = {"id": channel, "name": "team-ward-7"}
    body["container"].update(is_ephemeral=False, message_ts=message_ts or "1700000001.000100")
    body["message"] = {
        "type": "message",
        "ts": message_ts or "1700000001.000100",
        "text": "This week's team reflection",
    }
    return body


def command_form(text: str, user: str = "W222", channel: str = "C111") -> str:
    """``/kinship <text>``: ``01_slash_command.form.txt`` with our command, words, user and channel."""
    fields = dict(parse_qsl(fixture("01_slash_command.form.txt"), keep_blank_values=True))
    fields.update(command="/kinship", text=text, user_id=user, channel_id=channel, trigger_id=fresh_id("111.222."))
    return urlencode(fields)


def button_press(
    value: str, user: str = "W222", channel: str = "D222", select: bool = False, ephemeral: bool = False
) -> dict[str, Any]:
    """A button (or, with ``select``, a drop-down option) on one of our DM messages (with ``ephemeral``, on one
    posted with ``chat.postEphemeral``): ``02_block_actions.json`` with our value."""
    body = copy.deepcopy(fixture("02_block_actions.json"))
    body["user"]["id"] = user
    body["trigger_id"] = fresh_id("333.444.")
    body["container"].update(channel_id=channel, is_ephemeral=ephemeral, message_ts="1700000001.000100")
    body["channel"] = {"id": channel, "name": "directmessage"}
    action = body["actions"][0]
    action.update(action_id="kinship.b0", value=value, action_ts=f"{time.time():.6f}")
    action["text"]["text"] = value
    if select:
        option = {"text": {"type": "plain_text", "text": value}, "value": value}
        action.update(action_id="kinship.select", type="static_select", selected_option=option)
        del action["value"], action["text"]
    return body


def view_submission(view: dict[str, Any], values: dict[str, str], user: str = "W222") -> dict[str, Any]:
    """What Slack sends when ``view`` (as we opened it) is submitted with ``values`` (field name -> value):
    ``03_view_submission.json`` carrying our blocks, metadata and the matching ``state.values``."""
    body = copy.deepcopy(fixture("03_view_submission.json"))
    body["user"]["id"] = user
    body["trigger_id"] = fresh_id("555.666.")
    state: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input" or block["block_id"] not in values:
            continue
        element = block["element"]
        value = values[block["block_id"]]
        if element["type"] == "plain_text_input":
            state[block["block_id"]] = {element["action_id"]: {"type": "plain_text_input", "value": value}}
        else:
            option = next(o for o in element["options"] if o["value"] == value)
            state[block["block_id"]] = {element["action_id"]: {"type": element["type"], "selected_option": option}}
    body["view"].update(
        id=fresh_id("V"),
        hash=fresh_id("h"),
        blocks=view["blocks"],
        callback_id=view["callback_id"],
        private_metadata=view["private_metadata"],
        title=view["title"],
        state={"values": state},
    )
    return body


def interaction_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})
