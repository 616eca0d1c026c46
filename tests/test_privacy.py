"""Tests for bot.privacy: the labelled redaction set, idempotence, preservation and per-kind scores."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from bot.privacy import KINDS, nhs_checksum_ok, redact, redaction_scores
from tests.helpers import imported_modules

ROOT = Path(__file__).resolve().parent.parent
EVAL_PATH = ROOT / "tests" / "data" / "redaction_eval.yaml"
ITEMS: list[dict[str, str]] = yaml.safe_load(EVAL_PATH.read_text(encoding="utf-8"))["items"]

# Honest misses, kept visible rather than tuned away. All but the first two come from the fourth batch of
# the eval set, which was written after the last change to the redactor and never tuned on.
KNOWN_MISSES: dict[str, str] = {
    "Frankie from housekeeping found him on the floor.": "first name not in the list, no person verb",
    "Bernie from the League of Friends café was rude to our overseas nurses.": (
        "first name not in the built-in list, no person verb"
    ),
    "Shoutout to Agata on nights, she handled it brilliantly.": "first name not in the built-in list",
    "Nurse Practitioner Adams told me to 'stop whinging'.": (
        "'Nurse Practitioner' is not a known compound title, so only the surname goes (no identifier leaks)"
    ),
    "Mrs O was confused and kept shouting at Kayode.": "an undotted lone initial after a title is kept",
    "K. Mensah from security was really supportive.": "initial plus surname with no title and no person verb",
}

# Recall floors from the brief; every kind must also keep precision >= 0.9.
RECALL_FLOOR = {
    "email": 0.95,
    "phone": 0.95,
    "nhs-number": 0.95,
    "name": 0.9,
    "hospital-number": 0.9,
    "mention": 0.9,
}
PRECISION_FLOOR = 0.9


def _item_params() -> list[object]:
    params = []
    for n, item in enumerate(ITEMS):
        marks = []
        if item["text"] in KNOWN_MISSES:
            marks.append(pytest.mark.xfail(reason=KNOWN_MISSES[item["text"]], strict=True))
        params.append(pytest.param(item["text"], item["expected"], id=f"item{n:03d}", marks=marks))
    return params


def test_eval_set_is_big_enough_and_covers_every_kind() -> None:
    assert len(ITEMS) >= 120
    assert sum(1 for i in ITEMS if i["text"] == i["expected"]) >= 30
    expected_text = "\n".join(i["expected"] for i in ITEMS)
    for kind in KINDS:
        assert expected_text.count(f"[{kind}]") >= 5, kind
    assert all(set(i) == {"text", "expected"} for i in ITEMS)
    assert len({i["text"] for i in ITEMS}) == len(ITEMS), "duplicate eval items"


def test_known_misses_are_in_the_eval_set() -> None:
    texts = {i["text"] for i in ITEMS}
    assert set(KNOWN_MISSES) <= texts


@pytest.mark.parametrize(("text", "expected"), _item_params())
def test_eval_item(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [i["text"] for i in ITEMS] + [i["expected"] for i in ITEMS])
def test_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once


def test_idempotent_on_run_together_text() -> None:
    # Pasted text often loses its spaces ("2137Will"); a placeholder must never create a new boundary.
    rng = random.Random(7)
    texts = [i["text"] for i in ITEMS]
    for _ in range(400):
        joined = rng.choice(["", " ", ". ", "\n", ", ", "'", '"']).join(rng.sample(texts, 3))
        once = redact(joined)
        assert redact(once) == once, joined


@pytest.mark.parametrize("expected", sorted({i["expected"] for i in ITEMS}))
def test_placeholders_are_never_redacted_again(expected: str) -> None:
    assert redact(expected) == expected


def test_scores_meet_thresholds() -> None:
    scores = redaction_scores(ITEMS)
    assert set(scores) == set(KINDS)
    for kind, (recall, precision) in scores.items():
        assert recall >= RECALL_FLOOR[kind], (kind, recall)
        assert precision >= PRECISION_FLOOR, (kind, precision)


def test_scores_count_position_not_just_totals() -> None:
    # The redactor turns "Sarah" into [name]; the label claims "Ward" should be. Same count, wrong place.
    scores = redaction_scores([("Sarah went to Ward 7", "Sarah went to [name] 7")])
    assert scores["name"] == (0.0, 0.0)
    assert scores["email"] == (1.0, 1.0)


def test_scores_accept_pairs_and_mappings_and_empty_input() -> None:
    pair = redaction_scores([("Email a.b@nhs.net", "Email [email]")])
    mapping = redaction_scores([{"text": "Email a.b@nhs.net", "expected": "Email [email]"}])
    assert pair == mapping
    assert pair["email"] == (1.0, 1.0)
    assert redaction_scores([]) == dict.fromkeys(KINDS, (1.0, 1.0))


def test_missed_identifier_lowers_recall() -> None:
    scores = redaction_scores([("Ring 999 now", "Ring [phone] now")])
    assert scores["phone"] == (0.0, 1.0)


def test_whitespace_and_punctuation_preserved() -> None:
    text = "  Sarah\tsaid:\n\n 'ring me on 07700 900123!!'  ,  ok…  "
    assert redact(text) == "  [name]\tsaid:\n\n 'ring me on [phone]!!'  ,  ok…  "


def test_empty_and_plain_text() -> None:
    assert redact("") == ""
    plain = "Handover at 19:45 in the day room; obs stable, NEWS2 of 1, for review by the reg."
    assert redact(plain) == plain


@pytest.mark.parametrize(
    "text",
    [
        "Ward 7, Bay 3, Theatre 2, A&E, ED, ICU, ITU, Resus, Majors, GP, NHS, HCA, F1, band 5",
        "the consultant asked the Registrar to call Sister",
        "Will you check the fridge temperature?",
        "Hope the night goes well.",
        "We meet in May and again in June.",
        "Mark the fluid balance chart.",
        "Matron and Sister were both on the ward.",
        "The Black and Asian staff network meets on Tuesday.",
    ],
)
def test_non_identifying_words_survive(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr Okafor", "[name]"),
        ("Sister Jones said no", "[name] said no"),
        ("Mr Smith", "[name]"),
        ("my sister Sarah rang", "my sister [name] rang"),
        ("Grace said she was fine", "[name] said she was fine"),
        ("I asked Will to help", "I asked [name] to help"),
        ("943 476 5919", "[nhs-number]"),
        ("9434765918", "[nhs-number]"),  # fails the checksum: still redacted
        ("07700 900123 ext 4321", "[phone]"),
        ("<@U123ABC>", "[mention]"),
        ("RXH1234567", "[hospital-number]"),
    ],
)
def test_examples_from_the_brief(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_nhs_checksum() -> None:
    assert nhs_checksum_ok("943 476 5919")
    assert nhs_checksum_ok("9434765919")
    assert not nhs_checksum_ok("943 476 5918")
    assert not nhs_checksum_ok("12345")


def test_module_imports_only_the_standard_library() -> None:
    allowed = {"__future__", "collections", "difflib", "re", "typing", "unicodedata"}
    names = imported_modules(ROOT / "bot" / "privacy.py")
    assert all(n.split(".")[0] in allowed for n in names), names
