"""Replies as Adaptive Cards: snapshots of real core views, inert Markdown, forms, size limits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.teams import cards
from bot.dialogue import World
from bot.dialogue.views import flag as flag_views
from bot.dialogue.views import learning as learning_views
from bot.dialogue.views import scripts as script_views
from bot.dialogue.views import welcome as views
from bot.domain.types import Button, Field, Form, Option, Reply
from tests.teams_fake import card_actions, card_inputs, card_texts

SNAPSHOTS = Path(__file__).resolve().parent / "data" / "teams" / "snapshots"


def snapshot(name: str, rendered: list[dict[str, Any]]) -> None:
    """Compare with ``tests/data/teams/snapshots/NAME.json``; delete that file to accept a new rendering."""
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(rendered, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        pytest.fail(f"wrote a new snapshot {path.name}: check it, then run again")
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8")), f"{name} renders differently"


# Snapshots use fixed replies shaped like the core's (not the core's own, whose words and script list are
# content and change), so a snapshot fails only when the rendering changes.
MESSAGE = Reply(
    title="Welcome to Kinship",
    text="Hello, I'm Kinship.\n• A two-minute lesson a day.\n\nType help at any time.",
    buttons=(
        Button("Today's lesson", "lesson"),
        Button("Words to use", "script"),
        Button("Flag something", "flag"),
        Button("Daily lessons on", "start", "primary"),
    ),
)
FORM = Reply(
    title="Flag something",
    text="Thank you for speaking up.\nFirst: what kind of thing happened?",
    buttons=(Button("A patient is aggressive", "flag:cat:patient-aggression"), Button("Cancel", "flag:cancel")),
    form=Form(
        title="Flag something",
        submit="flag:form",
        submit_label="Preview",
        fields=(
            Field(
                "category",
                "What kind of thing happened?",
                "choice",
                tuple(Option(f"Kind {n}", f"k{n}") for n in range(6)),
            ),
            Field("danger", "Is anyone in danger right now?", "choice", (Option("No", "no"), Option("Yes", "yes"))),
            Field("description", "In your words (optional)", "text", optional=True, multiline=True, max_length=2000),
        ),
    ),
    private=True,
)
PREVIEW = Reply(
    title="Check before sending",
    text="Here's exactly what a lead will see:\n• In your words: **Look** [here](http://x)",
    buttons=(Button("Send", "flag:send", "primary"), Button("Cancel", "flag:cancel", "danger")),
)


def test_snapshot_a_message_with_buttons() -> None:
    snapshot("message", cards.render(MESSAGE))


def test_snapshot_a_form() -> None:
    snapshot("form", cards.render(FORM))


def test_snapshot_markdown_made_inert() -> None:
    snapshot("preview", cards.render(PREVIEW))


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("[link](http://evil)", "[link]（http://evil)"),
        ("[link]( http://evil)", "[link]（ http://evil)"),
        ("[name] (bleep [phone])", "[name] (bleep [phone])"),  # a space: never a link, so left as typed
        ("[x](http://evil) [y] (z)", "[x]（http://evil) [y] (z)"),
        ("**bold** and *it* and __u__", "∗∗bold∗∗ and ∗it∗ and ˍˍuˍˍ"),
        ("~~gone~~ `code`", "∼∼gone∼∼ ˋcodeˋ"),
        ("Ward 7 [name] at 10:00 (bay 4)", "Ward 7 [name] at 10:00 (bay 4)"),  # ordinary text is left alone
    ],
)
def test_plain_makes_markdown_inert(written: str, shown: str) -> None:
    assert cards.plain(written) == shown


@given(st.text(alphabet=st.sampled_from("[]() *_~`ab\n"), max_size=60))
def test_plain_leaves_no_link_or_emphasis_and_changes_nothing_else(text: str) -> None:
    made = cards.plain(text)
    assert "](" not in made and not set("*_~`") & set(made)
    assert len(made) == len(text)  # one character for one: every space and ordinary bracket stays
    assert all(a == b for a, b in zip(made, text, strict=True) if a in "[]) ab\n")


def test_every_text_block_is_escaped_but_form_values_are_not() -> None:
    reply = Reply(
        title="**Title**",
        text="line one\n\n[a](http://b)",
        form=Form("F", (Field("words", "Your *words*", initial="keep **this**"),), submit="go"),
    )
    [card] = cards.render(reply)
    assert card_texts(card) == ["∗∗Title∗∗", "line one", "[a]（http://b)", "F"]
    [field] = card_inputs(card)
    assert field["label"] == "Your ∗words∗" and field["value"] == "keep **this**"
    assert "**" not in card["fallbackText"]


def test_buttons_are_submit_actions_in_short_rows() -> None:
    buttons = tuple(Button(f"Choice number {n}", f"pick:{n}") for n in range(7))
    [card] = cards.render(Reply(text="Pick one", buttons=(*buttons, Button("Stop", "stop", "danger"))))
    rows = [e["actions"] for e in card["body"] if e["type"] == "ActionSet"]
    assert all(len(row) <= cards.ROW_BUTTONS for row in rows) and len(rows) >= 3
    actions = card_actions(card)
    assert [a["data"] for a in actions] == [{"action": f"pick:{n}"} for n in range(7)] + [{"action": "stop"}]
    assert actions[-1]["style"] == "destructive"


def test_a_form_has_labelled_required_inputs_and_one_submit() -> None:
    form = Form(
        "Tell us",
        (
            Field("colour", "Colour", "choice", (Option("Red", "r"), Option("Blue", "b"))),
            Field("size", "Size", "choice", tuple(Option(str(n), str(n)) for n in range(9))),
            Field("note", "Note", optional=True, multiline=True, max_length=300, placeholder="Anything else?"),
        ),
        submit="survey:form",
        submit_label="Send",
    )
    [card] = cards.render(Reply(text="Three questions", form=form, buttons=(Button("Step by step", "survey"),)))
    colour, size, note = card_inputs(card)
    assert colour["style"] == "expanded" and size["style"] == "compact"
    assert colour["isRequired"] and colour["errorMessage"] and size["isRequired"]
    assert note == {
        "id": "note",
        "label": "Note",
        "isRequired": False,
        "type": "Input.Text",
        "isMultiline": True,
        "maxLength": 300,
        "placeholder": "Anything else?",
    }
    [submit] = card_actions(card)  # the step-by-step button is left out: the form is the same thing at once
    assert submit == {"type": "Action.Submit", "title": "Send", "data": {"action": "survey:form"}, "style": "positive"}


def test_a_field_named_action_is_refused() -> None:
    with pytest.raises(ValueError):
        cards.render(Reply(text="x", form=Form("F", (Field("action", "A"),), submit="go")))


def test_a_very_long_reply_is_split_into_cards_under_budget_with_the_buttons_last() -> None:
    paragraph = "Kindness is a practice, not a feeling. " * 40
    reply = Reply(title="Long", text="\n".join([paragraph] * 40), buttons=(Button("Help", "help"),))
    rendered = cards.render(reply)
    assert len(rendered) > 1
    assert all(cards.card_size(c) <= cards.CARD_BUDGET for c in rendered)
    assert card_texts(rendered[0])[0] == "Long"
    assert [card_actions(c) for c in rendered[:-1]] == [[]] * (len(rendered) - 1)
    assert card_actions(rendered[-1])[0]["data"] == {"action": "help"}
    assert "".join(t for c in rendered for t in card_texts(c)[1 if c is rendered[0] else 0 :]).count("practice") == 1600
    assert all(c["fallbackText"] for c in rendered)


def test_one_enormous_line_is_cut_at_spaces() -> None:
    rendered = cards.render(Reply(text="word " * 20_000))
    assert len(rendered) > 1 and all(cards.card_size(c) <= cards.CARD_BUDGET for c in rendered)
    assert sum(t.count("word") for c in rendered for t in card_texts(c)) == 20_000


def test_summary_is_plain_and_short() -> None:
    assert cards.summary(Reply(title="Hi", text="one\ntwo  **three**")) == "Hi: one two **three**"
    assert len(cards.summary(Reply(text="x " * 1000))) == cards.SUMMARY_CHARS


def test_every_core_view_renders_within_limits(world: World) -> None:
    """The biggest replies the core makes today stay one card, well under the budget."""
    replies = [
        views.welcome(world.org),
        views.help_reply(True),
        flag_views.flag_intro_and_category(world.content, world.org),
        views.support_routes(world.signposts),
        *(learning_views.lesson(lesson, world.content, False) for lesson in world.content.lessons),
        *(script_views.script(s, [], world.org) for s in world.content.scripts.values()),
    ]
    for reply in replies:
        rendered = cards.render(reply)
        assert len(rendered) == 1 and cards.card_size(rendered[0]) < cards.CARD_BUDGET
        assert rendered[0]["version"] == "1.5"


_awkward_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from('\x01\x1f"\\\n*_]('),
    max_size=2_500,
) | st.builds(  # long runs of what grows most in JSON: control characters, quotes, emoji, short lines
    lambda unit, times: unit * times, st.sampled_from(["\x01", '"', "😀", "é", "a\n", "*"]), st.integers(600, 4_000)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(max_size=60),
    text=_awkward_text.filter(lambda t: t.strip()),
    buttons=st.lists(st.builds(Button, st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=80)), max_size=8),
)
def test_no_card_is_over_budget_whatever_the_reply(title: str, text: str, buttons: list[Button]) -> None:
    """Escapes, emoji and control characters included: every card sent is within the budget, and none of the
    reply's words is lost, whether or not the card had to be measured or split."""
    rendered = cards.render(Reply(title=title, text=text, buttons=tuple(buttons)))
    assert all(cards.card_size(c) <= cards.CARD_BUDGET for c in rendered)
    shown = "".join(t for c in rendered for t in card_texts(c))
    assert "".join(cards.plain(text).split()) in "".join(shown.split())
