"""Block Kit rendering within Slack's limits, escaping, and the pure payload converters.

The limit tests generate many random replies and forms (a seeded ``random``: the same cases on every run)
and check every limit Slack enforces, so a longer lesson or a new button cannot make Slack refuse a message.
"""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.slack import blocks, convert
from adapters.slack.convert import Workspace
from bot.domain.types import Button, Field, Form, Option, Reply

ALPHABET = string.ascii_letters + string.digits + "  \n\n<>&*_~`|@!#:/.,—é✓"


def words(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(ALPHABET, k=n))


def random_reply(rng: random.Random) -> Reply:
    text = words(rng, rng.choice([1, 50, 2999, 3000, 3001, 9000, rng.randint(1, 200_000)])).strip() or "x"
    buttons = tuple(
        Button(
            words(rng, rng.randint(1, 120)).strip() or "b",
            words(rng, rng.choice([1, 100, 150, 151, 2000])),
            rng.choice(["default", "default", "primary", "danger"]),
        )
        for _ in range(rng.choice([0, 1, 3, 5, 8, 9, 20, 30, 120]))
    )
    return Reply(text=text, title=words(rng, rng.choice([0, 10, 200])), buttons=buttons)


def check_message(message: blocks.Message) -> None:
    assert message.text.strip() and len(message.text) <= blocks.MAX_FALLBACK_CHARS * 2  # escaped entities may grow it
    assert "<" not in message.text and ">" not in message.text
    assert 1 <= len(message.blocks) <= blocks.MAX_MESSAGE_BLOCKS
    action_ids: list[str] = []
    for block in message.blocks:
        if block["type"] == "section":
            assert block["text"]["type"] == "plain_text" and 1 <= len(block["text"]["text"]) <= 3000
        elif block["type"] == "header":
            assert block["text"]["type"] == "plain_text" and len(block["text"]["text"]) <= 150
        elif block["type"] == "actions":
            assert 1 <= len(block["elements"]) <= 25
            for element in block["elements"]:
                action_ids.append(element["action_id"])
                if element["type"] == "button":
                    assert len(element["text"]["text"]) <= 75 and len(element["value"]) <= 2000
                else:
                    assert len(element["options"]) <= 100
                    assert all(len(o["text"]["text"]) <= 75 and len(o["value"]) <= 150 for o in element["options"])
        else:  # pragma: no cover - nothing else is rendered
            pytest.fail(f"unexpected block {block['type']}")
    assert len(action_ids) == len(set(action_ids)), "action ids must be unique within a message"


def test_random_replies_always_fit_slacks_limits() -> None:
    rng = random.Random(20261125)
    split = 0
    for _ in range(300):
        reply = random_reply(rng)
        messages = blocks.render([reply])
        split += len(messages) > 1
        for message in messages:
            check_message(message)
        shown = "".join(b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section")
        assert len(shown.replace("\n", "")) >= len(reply.text.replace("\n", "").replace(" ", "")) * 0.9  # nothing lost
        kept = {e.get("value") for m in messages for b in m.blocks for e in b.get("elements", [])}
        kept |= {
            o["value"] for m in messages for b in m.blocks for e in b.get("elements", []) for o in e.get("options", [])
        }
        assert {b.value for b in reply.buttons if len(b.value) <= 2000} <= kept  # only over-long values are dropped
    assert split > 10  # the generator does reach replies longer than one message


def test_long_text_splits_at_line_and_word_boundaries() -> None:
    text = "\n".join(f"Line {i}: " + "kindness " * 40 for i in range(30))
    pieces = blocks.split_text(text)
    assert all(len(p) <= 3000 for p in pieces) and len(pieces) == 4  # eight 371-character lines a piece
    assert "\n".join(pieces) == text  # joined again it is the same text: no line was broken
    one_long_line = "x" * 7000
    assert [len(p) for p in blocks.split_text(one_long_line)] == [3000, 3000, 1000]


def test_more_than_eight_buttons_become_a_drop_down_with_the_last_kept_as_a_button() -> None:
    choices = tuple(Button(f"Situation {i}", f"script:{i}") for i in range(12))
    reply = Reply(text="Which is closest?", buttons=(*choices, Button("Help", "help")))
    actions = [b for b in blocks.reply_blocks(reply) if b["type"] == "actions"]
    assert actions[0]["elements"][0]["type"] == "static_select"
    assert [o["value"] for o in actions[0]["elements"][0]["options"]] == [f"script:{i}" for i in range(12)]
    assert [e["text"]["text"] for e in actions[1]["elements"]] == ["Help"]
    few = Reply(text="Settings", buttons=tuple(Button(f"B{i}", f"v{i}") for i in range(8)))
    assert [e["type"] for b in blocks.reply_blocks(few) if b["type"] == "actions" for e in b["elements"]] == [
        "button"
    ] * 8


def test_styled_buttons_keep_their_style_and_stay_buttons() -> None:
    reply = Reply(
        text="Your reflections",
        buttons=(
            *(Button(f"Delete {i}", f"reflection:delete:{i}", "danger") for i in range(10)),
            Button("Help", "help"),
        ),
    )
    elements = [e for b in blocks.reply_blocks(reply) if b["type"] == "actions" for e in b["elements"]]
    assert [e.get("style") for e in elements] == ["danger"] * 10 + [None]


def test_escape_makes_mentions_and_links_inert() -> None:
    assert blocks.escape("<!channel> <@U123> <https://x|y> & more") == (
        "&lt;!channel&gt; &lt;@U123&gt; &lt;https://x|y&gt; &amp; more"
    )
    message = blocks.render([Reply(title="<!here>", text="<@U1> & <https://evil|safe>")])[0]
    assert message.text == "&lt;!here&gt;\n&lt;@U1&gt; &amp; &lt;https://evil|safe&gt;"
    assert [b["text"]["type"] for b in message.blocks] == ["plain_text", "plain_text"]


def test_a_form_becomes_a_modal_within_limits() -> None:
    form = Form(
        title="A title much longer than twenty-four characters",
        submit="flag:form",
        submit_label="Preview and check before sending",
        fields=(
            Field("kind", "What kind?", "choice", tuple(Option(f"Kind {i}", f"k{i}") for i in range(13))),
            Field("danger", "Danger?", "choice", (Option("No", "no"), Option("Yes", "yes")), initial="no"),
            Field("words", "In your words", multiline=True, optional=True, max_length=2000, initial="é" * 2500),
        ),
    )
    view = blocks.modal(form, {"submit": form.submit}, "I'll reply <here> & there.")
    assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24 and len(view["close"]["text"]) <= 24
    kind, danger, text, note = view["blocks"]
    assert kind["element"]["type"] == "static_select" and kind["optional"] is False
    assert danger["element"]["type"] == "radio_buttons" and danger["element"]["initial_option"]["value"] == "no"
    assert text["element"]["max_length"] == 2000 and len(text["element"]["initial_value"]) == 2000
    assert text["optional"] is True and text["element"]["multiline"] is True
    assert note["elements"][0]["text"] == "I'll reply &lt;here&gt; &amp; there."
    assert json.loads(view["private_metadata"]) == {"submit": "flag:form"}


def test_the_home_tab_never_exceeds_100_blocks() -> None:
    many = [Reply(title=f"Part {i}", text="Some words", buttons=(Button("Go", "help"),)) for i in range(60)]
    view = blocks.home(many)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert "Unit leads" in json.dumps(blocks.home())


# --- converters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "plain"),
    [
        ("a &lt;b&gt; &amp; c", "a <b> & c"),
        ("ask <@U123> or <@W9|jo>", "ask [mention] or [mention]"),
        ("in <#C1|ward-7> and <#C2>", "in #ward-7 and #channel"),
        ("<!here> <!channel> <!subteam^S1|@nurses>", "@here @channel @nurses"),
        (
            "see <https://example.org|the policy> or <https://x.org>",
            "see the policy (https://example.org) or https://x.org",
        ),
        ("mail <mailto:jo@nhs.net|jo@nhs.net>", "mail jo@nhs.net"),
        ("  plain words  ", "plain words"),
    ],
)
def test_slack_markup_becomes_plain_words_for_the_core(encoded: str, plain: str) -> None:
    assert convert.slack_to_plain(encoded) == plain


def test_the_tenant_is_the_team_or_for_an_org_wide_install_the_enterprise() -> None:
    workspace = Workspace.from_context({"enterprise_id": "E1", "team_id": "T1", "is_enterprise_install": False})
    assert workspace.tenant == "T1"
    org = Workspace.from_context({"enterprise_id": "E1", "team_id": None, "is_enterprise_install": True})
    assert org.tenant == "E1"
    assert Workspace.from_ref(org.ref()) == org
    assert Workspace.from_ref("not json", tenant="T9") == Workspace("", "T9", False)


def test_only_a_person_writing_in_a_dm_is_a_turn() -> None:
    base = {"type": "message", "channel_type": "im", "user": "W1", "text": "hi &amp; bye"}
    assert convert.dm_text(base) == "hi & bye"
    assert convert.dm_text({**base, "subtype": "file_share"}) == "hi & bye"
    for other in ({"subtype": "message_changed"}, {"bot_id": "B1"}, {"channel_type": "channel"}, {"user": ""}):
        assert convert.dm_text({**base, **other}) is None


def test_form_values_and_the_required_answers_left_empty() -> None:
    view = {
        "blocks": [
            {"type": "input", "block_id": "unit", "optional": False, "element": {"type": "static_select"}},
            {"type": "input", "block_id": "words", "optional": False, "element": {"type": "plain_text_input"}},
            {"type": "input", "block_id": "more", "optional": True, "element": {"type": "plain_text_input"}},
        ],
        "state": {
            "values": {
                "unit": {"value": {"type": "static_select", "selected_option": None}},
                "words": {"value": {"type": "plain_text_input", "value": "  "}},
                "more": {"value": {"type": "plain_text_input", "value": None}},
            }
        },
    }
    values = convert.form_values(view)
    assert values == {"unit": "", "words": "  ", "more": ""}
    assert convert.missing_answers(view, values) == {"unit": "Please choose one.", "words": "Please fill this in."}


def test_interaction_ids_are_stable_per_delivery() -> None:
    assert convert.interaction_id({"event_id": "Ev1", "trigger_id": "x"}) == "Ev1"
    assert convert.interaction_id({"trigger_id": "1.2.3"}) == "t:1.2.3"
    assert convert.interaction_id({"user": {"id": "W1"}, "actions": [{"action_ts": "9.9"}]}) == "a:W1:9.9"
    assert convert.interaction_id({}) == ""


def test_a_dm_channel_is_learnt_only_from_our_own_message_in_a_dm() -> None:
    ours = {"channel": {"id": "D1"}, "container": {"type": "message", "is_ephemeral": False}}
    assert convert.dm_channel_of(ours) == "D1"
    off_record = {**ours, "container": {"type": "message", "is_ephemeral": True}}  # our ephemeral reply, in our DM
    assert convert.dm_channel_of(off_record) == "D1"
    assert convert.dm_channel_of({**ours, "channel": {"id": "C1"}}) == ""
    assert convert.dm_channel_of({**off_record, "channel": {"id": "C1"}}) == ""
    assert convert.dm_channel_of({"container": {"type": "view"}}) == ""


def test_the_manifest_asks_for_what_the_code_uses_and_no_more() -> None:
    import yaml

    from adapters.slack import app

    manifest = yaml.safe_load((Path(app.__file__).parent / "manifest.yml").read_text())
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(app.BOT_SCOPES)
    assert "user" not in manifest["oauth_config"]["scopes"]
    features, settings = manifest["features"], manifest["settings"]
    assert [c["command"] for c in features["slash_commands"]] == ["/kinship"]
    assert {(s["type"], s["callback_id"]) for s in features["shortcuts"]} == {
        ("global", app.SCRIPT_SHORTCUT),
        ("message", app.FLAG_SHORTCUT),
    }
    assert [s["name"] for s in features["shortcuts"]] == ["Get a bystander script", "Flag for allyship"]
    assert {"message.im", "app_home_opened"} <= set(settings["event_subscriptions"]["bot_events"])
    assert features["app_home"]["messages_tab_enabled"] and features["app_home"]["home_tab_enabled"]
    assert settings["interactivity"]["is_enabled"]
    urls = [settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"]]
    urls += [c["url"] for c in features["slash_commands"]]
    assert set(urls) == {"https://YOUR-HOST" + app.EVENTS_PATH}
    assert manifest["oauth_config"]["redirect_urls"] == ["https://YOUR-HOST" + app.REDIRECT_PATH]


_text = st.text(alphabet=ALPHABET, max_size=12_000)
_replies = st.builds(
    Reply,
    text=_text.filter(lambda t: bool(t.strip())),
    title=st.text(alphabet=ALPHABET, max_size=200),
    buttons=st.lists(
        st.builds(
            Button,
            label=st.text(alphabet=ALPHABET, min_size=1, max_size=120).filter(lambda t: bool(t.strip())),
            value=st.text(alphabet=ALPHABET, min_size=1, max_size=2_100),
            style=st.sampled_from(["default", "primary", "danger"]),
        ),
        max_size=40,
    ).map(tuple),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_replies, min_size=1, max_size=4))
def test_generated_replies_always_fit_slacks_limits(replies: list[Reply]) -> None:
    for message in blocks.render(replies):
        check_message(message)
