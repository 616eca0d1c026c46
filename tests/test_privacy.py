"""Tests for bot.understanding.privacy: the labelled redaction set, idempotence, preservation and per-kind scores."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from bot.understanding.privacy import KINDS, nhs_checksum_ok, redact, redaction_scores
from tests.helpers import imported_modules

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _load(name: str) -> list[dict[str, str]]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["items"]


# Labels issue 16 changed on purpose in the older sets (each with its reason), applied wherever they are scored.
RELABELS: dict[str, str] = {i["text"]: i["expected"] for i in _load("redaction_relabels_v3.yaml")}


def _relabelled(items: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{"text": i["text"], "expected": RELABELS.get(i["text"], i["expected"])} for i in items]


# The tuned set (written in batches, each tuned on after it was scored).
ITEMS = _relabelled(_load("redaction_eval.yaml"))
# Written before the last round of changes and never tuned on sentence by sentence (see its header).
HELDOUT = _relabelled(_load("redaction_heldout.yaml"))
# Written after the last change and never tuned on at all: scored only by `bench/redaction_eval.py`.
UNSEEN2 = _relabelled(_load("redaction_unseen2.yaml"))
# Issue 16: the tuning set for the new kinds (tuned on), and the held-out set written before any change
# for them (never tuned on: only its floors are asserted, a little below the one score taken at the end).
TUNE_V3 = _load("redaction_tune_v3.yaml")
HELDOUT_V3 = _load("redaction_heldout_v3.yaml")
# Written after the issue-16 changes in different wording, scored once (figures in its header): not asserted.
PROBE_V3 = _load("redaction_probe_v3.yaml")
# The kinds the older sets were written for; issue 16 added staff-number, address and bed.
OLDER_KINDS = ("name", "email", "phone", "nhs-number", "hospital-number", "mention", "postcode", "date-of-birth")
NEW_KINDS = ("staff-number", "address", "bed")

# Honest misses, kept visible rather than tuned away.
KNOWN_MISSES: dict[str, str] = {
    "Mrs O was confused and kept shouting at Kayode.": "an undotted lone initial after a title is kept",
}
HELDOUT_KNOWN_MISSES: dict[str, str] = {
    "Grace in ED was fantastic.": (
        "an ambiguous first name at the start of a sentence with only 'in ED' after it reads as the word"
    ),
    "Patience is wearing thin on the unit after three weeks of short staffing.": (
        "'Patience is ...' at the start of a sentence reads as the name (as 'Hope was upset' must)"
    ),
}

# Recall floors from the brief (postcode and date of birth are extra kinds held to the name floor); every
# kind must also keep precision >= 0.9.
RECALL_FLOOR = {
    "email": 0.95,
    "phone": 0.95,
    "nhs-number": 0.95,
    "name": 0.9,
    "hospital-number": 0.9,
    "mention": 0.9,
    "postcode": 0.9,
    "date-of-birth": 0.9,
    "staff-number": 0.9,
    "address": 0.9,
    "bed": 0.9,
}
PRECISION_FLOOR = 0.9
# Held-out v3, scored once after the issue-16 changes (figures in its header); floors a little below.
# Measured: every kind 1.000 / 1.000. Each floor lets about one sentence of that kind slip.
HELDOUT_V3_RECALL_FLOOR = {"name": 0.95, "phone": 0.8, "date-of-birth": 0.9, "staff-number": 0.93, "address": 0.9}
HELDOUT_V3_RECALL_FLOOR["bed"] = 0.87
HELDOUT_V3_PRECISION_FLOOR: dict[str, float] = dict.fromkeys(KINDS, 0.95)


def _item_params(items: list[dict[str, str]], misses: dict[str, str], prefix: str) -> list[object]:
    params = []
    for n, item in enumerate(items):
        marks = []
        if item["text"] in misses:
            marks.append(pytest.mark.xfail(reason=misses[item["text"]], strict=True))
        params.append(pytest.param(item["text"], item["expected"], id=f"{prefix}{n:03d}", marks=marks))
    return params


def _assert_well_formed(items: list[dict[str, str]], size: int, unchanged: int) -> None:
    assert len(items) >= size
    assert sum(1 for i in items if i["text"] == i["expected"]) >= unchanged
    assert all(set(i) == {"text", "expected"} for i in items)
    assert len({i["text"] for i in items}) == len(items), "duplicate items"


def test_eval_set_is_big_enough_and_covers_every_kind() -> None:
    _assert_well_formed(ITEMS, size=120, unchanged=30)
    _assert_well_formed(TUNE_V3, size=60, unchanged=10)
    assert set(KINDS) == set(OLDER_KINDS) | set(NEW_KINDS)
    expected_text = "\n".join(i["expected"] for i in ITEMS + TUNE_V3)
    for kind in KINDS:
        assert expected_text.count(f"[{kind}]") >= 5, kind


def test_heldout_set_is_big_enough_and_covers_the_issue_kinds() -> None:
    _assert_well_formed(HELDOUT, size=120, unchanged=30)
    expected_text = "\n".join(i["expected"] for i in HELDOUT)
    for kind in OLDER_KINDS:
        assert expected_text.count(f"[{kind}]") >= 3, kind


def test_heldout_v3_set_is_well_formed_and_apart_from_the_tuning_set() -> None:
    _assert_well_formed(HELDOUT_V3, size=80, unchanged=15)
    expected_text = "\n".join(i["expected"] for i in HELDOUT_V3)
    for kind in (*NEW_KINDS, "name", "phone", "date-of-birth"):
        assert expected_text.count(f"[{kind}]") >= 5, kind
    others = {i["text"] for i in ITEMS + HELDOUT + UNSEEN2 + TUNE_V3}
    assert not others & {i["text"] for i in HELDOUT_V3}, "held-out v3 repeats a sentence from another set"


def test_probe_v3_set_is_well_formed() -> None:
    _assert_well_formed(PROBE_V3, size=25, unchanged=5)
    others = {i["text"] for i in ITEMS + HELDOUT + UNSEEN2 + TUNE_V3 + HELDOUT_V3}
    assert not others & {i["text"] for i in PROBE_V3}, "probe v3 repeats a sentence from another set"


def test_relabels_name_real_sentences_and_say_why() -> None:
    raw = _load("redaction_relabels_v3.yaml")
    older = {i["text"] for i in _load("redaction_eval.yaml") + _load("redaction_heldout.yaml") + UNSEEN2}
    assert all(i["text"] in older and i.get("reason") for i in raw)


def test_unseen2_set_is_well_formed() -> None:
    # Scored only by `python -m bench.redaction_eval`: asserting its figures here would invite tuning on it.
    _assert_well_formed(UNSEEN2, size=40, unchanged=10)
    others = {i["text"] for i in ITEMS} | {i["text"] for i in HELDOUT}
    assert not others & {i["text"] for i in UNSEEN2}, "unseen2 repeats a sentence from another set"
    assert all(i["text"] != i["expected"] or "[" not in i["expected"] for i in UNSEEN2)


def test_known_misses_are_in_their_sets() -> None:
    assert set(KNOWN_MISSES) <= {i["text"] for i in ITEMS}
    assert set(HELDOUT_KNOWN_MISSES) <= {i["text"] for i in HELDOUT}


@pytest.mark.parametrize(("text", "expected"), _item_params(ITEMS, KNOWN_MISSES, "item"))
def test_eval_item(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(("text", "expected"), _item_params(HELDOUT, HELDOUT_KNOWN_MISSES, "heldout"))
def test_heldout_item(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(("text", "expected"), _item_params(TUNE_V3, {}, "tune_v3_"))
def test_tune_v3_item(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", sorted({i[k] for i in ITEMS + HELDOUT + TUNE_V3 for k in ("text", "expected")}))
def test_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once


def test_idempotent_on_run_together_text() -> None:
    # Pasted text often loses its spaces ("2137Will"); a placeholder must never create a new boundary.
    rng = random.Random(7)
    texts = [i["text"] for i in ITEMS + HELDOUT + TUNE_V3]
    for _ in range(400):
        joined = rng.choice(["", " ", ". ", "\n", ", ", "'", '"']).join(rng.sample(texts, 3))
        once = redact(joined)
        assert redact(once) == once, joined


@pytest.mark.parametrize(
    "expected",
    sorted({i["expected"] for i in ITEMS + HELDOUT + TUNE_V3 if i["text"] not in KNOWN_MISSES | HELDOUT_KNOWN_MISSES}),
)
def test_placeholders_are_never_redacted_again(expected: str) -> None:
    assert redact(expected) == expected


@pytest.mark.parametrize("items", [ITEMS, HELDOUT, TUNE_V3], ids=["eval", "heldout", "tune_v3"])
def test_scores_meet_thresholds(items: list[dict[str, str]]) -> None:
    scores = redaction_scores(items)
    assert set(scores) == set(KINDS)
    for kind, (recall, precision) in scores.items():
        assert recall >= RECALL_FLOOR[kind], (kind, recall)
        assert precision >= PRECISION_FLOOR, (kind, precision)


def test_heldout_v3_scores_stay_above_their_floors() -> None:
    # Floors a little below the single end-of-work score (see the set's header); never tuned on.
    scores = redaction_scores(HELDOUT_V3)
    for kind, floor in HELDOUT_V3_RECALL_FLOOR.items():
        assert scores[kind][0] >= floor, (kind, scores[kind])
    for kind, floor in HELDOUT_V3_PRECISION_FLOOR.items():
        assert scores[kind][1] >= floor, (kind, scores[kind])


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
        # issue 16's new kinds must leave these alone
        "We walked 2 minutes up the road to the car park on Queens Road.",
        "bed 12 is free, Bay 3 bed 5 too. We had 3 staff and 28 beds on Ward 8.",
        "ED was heaving; TIA clinic full; NED on the scan; PALS rang. HOPE YOU ARE OK. MARK THE CHART.",
        "The fall was on 14/11/2026 at 03:10; Datix 204817; the smartcard reader took 45 minutes; ESR 2024.",
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


def test_module_imports_only_the_standard_library_and_its_dictionary() -> None:
    # One third-party import is allowed: `english_words`, a data-only package (an English dictionary
    # shipped in the wheel, nothing downloaded at run time) that keeps name guessing off ordinary words.
    # Every module of the redaction package checks this, besides importing each other.
    allowed = {"__future__", "collections", "difflib", "functools", "re", "typing", "unicodedata", "english_words"}
    paths = sorted((ROOT / "bot" / "understanding" / "privacy").glob("*.py"))
    assert len(paths) > 2
    for path in paths:
        names = imported_modules(path)
        assert all(n.split(".")[0] in allowed or n.startswith("bot.understanding.privacy.") for n in names), (
            path,
            names,
        )
    assert imported_modules(ROOT / "bot" / "understanding" / "privacy" / "names.py") == ["__future__"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Frankie from housekeeping found him.", "[name] from housekeeping found him."),
        ("Breakfast from the kitchen was late.", "Breakfast from the kitchen was late."),
        ("Interpreter from the agency didn't come.", "Interpreter from the agency didn't come."),
        ("Tamsin's mum rang the ward.", "[name]'s mum rang the ward."),
        ("Costa's queue was huge.", "Costa's queue was huge."),
        ("Kofi and I were on the late.", "[name] and I were on the late."),
        ("HCA Marisol was pushed.", "HCA [name] was pushed."),
        ("The HCA Team were brilliant.", "The HCA Team were brilliant."),
        ("Olumide, the F2, was blamed.", "[name], the F2, was blamed."),
        ("Overnight, the HCA was pushed.", "Overnight, the HCA was pushed."),
        ("then Nowicki started shouting", "then [name] started shouting"),
        ("Datix keeps crashing.", "Datix keeps crashing."),
    ],
)
def test_unlisted_words_need_person_context_and_must_not_be_english(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patel refused to come down.", "[name] refused to come down."),
        ("told mcdonald about it", "told [name] about it"),
        ("Hughes Ward is closed.", "Hughes Ward is closed."),
        ("The patient with Parkinson's missed her meds.", "The patient with Parkinson's missed her meds."),
        ("J. Okoro was there.", "[name] was there."),
        ("DR KHAN was shouting", "[name] was shouting"),
        ("DR ON CALL did not answer", "DR ON CALL did not answer"),
        ("matron gill said no", "[name] said no"),
        ("the nurse will ring you", "the nurse will ring you"),
        ("Sr Kowalczyk covered", "[name] covered"),
        ("Nurse Practitioner Adams told me", "[name] told me"),
    ],
)
def test_surnames_titles_and_initials(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He lives at LS6 3QW.", "He lives at [postcode]."),
        ("postcode ls6 3qw", "postcode [postcode]"),
        ("Seen at 3PM in Bay 3 by the F1.", "Seen at 3PM in Bay 3 by the F1."),
        ("DOB 12/04/1957", "DOB [date-of-birth]"),
        ("born 3rd May 1948, lives alone", "born [date-of-birth], lives alone"),
        ("The fall was on 3 March 2026 at 14:10.", "The fall was on 3 March 2026 at 14:10."),
        ("Born at 32 weeks.", "Born at 32 weeks."),
        ("The daughter gave 0044 7700 900333.", "The daughter gave [phone]."),
        ("The on-call phone is x4471.", "The on-call phone is [phone]."),
        ("nhs number 94 34 76 59 19", "nhs number [nhs-number]"),
        ("sats 94 98 96 97 95 overnight", "sats 94 98 96 97 95 overnight"),
        ("MRN 556677 and 556678 were swapped", "MRN [hospital-number] and [hospital-number] were swapped"),
    ],
)
def test_postcodes_dates_of_birth_and_number_formats(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("his bleep is 4455", "his bleep is [phone]"),
        ("the pager number was 1234", "the pager number was [phone]"),
        ("ext is 4321 on nights", "ext is [phone] on nights"),
        ("bed 12 is free", "bed 12 is free"),
    ],
)
def test_a_bleep_or_extension_said_in_a_sentence_is_still_a_number_to_hide(text: str, expected: str) -> None:
    assert redact(text) == expected


# Issue 16, finding 9: each of these got through the redactor before the issue-16 changes.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Employee number 00482913 (staff ID E-482913)",
            "Employee number [staff-number] (staff ID [staff-number])",
        ),
        ("payroll no. 00482913", "payroll no. [staff-number]"),
        ("staff number 556677", "staff number [staff-number]"),
        ("smartcard 1234 5678 9012", "smartcard [staff-number]"),
        ("the card said 1234 5678 9012", "the card said [staff-number]"),
        ("ring 447700900123", "ring [phone]"),
        ("dob of patient 03/04/1951", "dob of patient [date-of-birth]"),
        ("born 3rd April 1951", "born [date-of-birth]"),
        ("He lives at 14 Acacia Avenue.", "He lives at [address]."),
        ("Flat 2, 33 Mill Lane", "[address]"),
        ("SARAH shouted at me", "[name] shouted at me"),
        ("Tamsin in ED was great", "[name] in ED was great"),
        ("bed 14 on Harrier Ward", "bed [bed] on Harrier Ward"),
    ],
)
def test_issue_16_misses_are_caught(text: str, expected: str) -> None:
    assert redact(text) == expected
