"""The editorial rules of `content check` (bot/domain/content_rules.py): each class of content mistake is
refused with ``file:line: what is wrong``, and its corrected form passes.

Each test copies a small fixture folder that passes every rule (tests/data/content_minimal) and plants one
mistake with a text edit, so these tests do not depend on the shipped content, which writers change often.
The last test holds the shipped content to every rule.
"""

from __future__ import annotations

import logging
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.domain.config import DEFAULT_CONTENT_DIR
from bot.domain.content import ContentError, load_content
from bot.domain.content_limits import CONSENT_MARKERS, SAFE_DIRECT_MARKERS
from bot.domain.content_rules import citation_year_problem, figures
from bot.domain.org import load_organisation
from bot.domain.signposts import NATIONS
from tests.helpers import run_kinship

HERE = Path(__file__).resolve().parent
MINIMAL = HERE / "data" / "content_minimal"
SHIPPED = HERE.parent / "content"
TODAY = date(2026, 12, 7)  # the fixture's signposts were checked 2026-11-15 and 2026-12-01


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(MINIMAL, target)
    return target


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(folder, today=TODAY)
    return [str(p) for p in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """The first line of ``path`` containing ``text``."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_fixture_passes_every_rule() -> None:
    content = load_content(MINIMAL, today=TODAY)
    assert content.counts() == {
        "themes": 2,
        "lessons": 3,
        "prompts": 2,
        "scripts": 2,
        "signposts": 3,
        "answers": 0,
        "references": 3,
    }
    assert content.warnings == ()
    assert content.lessons[2].recalls == ("kindness-is-a-skill",)


# --- 1. consent in every record line -------------------------------------------------------------------


def test_a_record_line_without_consent_is_refused_at_its_line(folder: Path) -> None:
    path = folder / "scripts" / "rude-remark.yaml"
    edit(path, "With their agreement, tell your line manager", "Tell your line manager")
    line = line_of(path, "Tell your line manager what happened.")
    message = 'record line 1 does not say whose agreement is needed (e.g. "with their agreement")'
    assert problems_of(folder) == [f"{path}:{line}: {message}"]


def test_a_one_line_record_list_is_located_too(folder: Path) -> None:
    path = folder / "scripts" / "worried-colleague.yaml"
    edit(path, "With their consent, tell", "Tell")
    line = line_of(path, "record: [")
    assert problems_of(folder) == [
        f'{path}:{line}: record line 1 does not say whose agreement is needed (e.g. "with their agreement")'
    ]


def test_a_record_line_that_says_whose_agreement_passes(folder: Path) -> None:
    path = folder / "scripts" / "rude-remark.yaml"
    edit(path, "With their agreement, tell your line manager what happened.", "Tell your line manager, if they agree.")
    assert (
        load_content(folder, today=TODAY).scripts["rude-remark"].record[0] == "Tell your line manager, if they agree."
    )


@pytest.mark.parametrize("marker", CONSENT_MARKERS)
def test_every_consent_marker_counts_in_any_case(folder: Path, marker: str) -> None:
    path = folder / "scripts" / "worried-colleague.yaml"
    edit(path, "With their consent, tell", f"{marker.upper()}: tell")
    load_content(folder, today=TODAY)


# --- 1b. every Direct line is conditioned on safety -------------------------------------------------------


def test_a_direct_line_not_conditioned_on_safety_is_refused_at_its_line(folder: Path) -> None:
    path = folder / "scripts" / "rude-remark.yaml"
    edit(path, "If it's safe, say calmly", "Say calmly")
    line = line_of(path, "Say calmly: ‘Let's keep it respectful.’")
    assert problems_of(folder) == [
        f'{path}:{line}: direct line 1 is not conditioned on safety (start it "If it\'s safe, …")'
    ]


@pytest.mark.parametrize("marker", SAFE_DIRECT_MARKERS)
def test_every_safety_condition_counts(folder: Path, marker: str) -> None:
    path = folder / "scripts" / "rude-remark.yaml"
    edit(path, "If it's safe, say calmly", f"{marker.capitalize()}, say calmly")
    load_content(folder, today=TODAY)


# --- 2. signposts name their nations and when they were checked -------------------------------------------


def test_a_signpost_without_nations_is_refused(folder: Path) -> None:
    path = folder / "signposts.yaml"
    edit(path, "    reference: samaritans\n    nations: [uk]\n", "    reference: samaritans\n")
    line = line_of(path, "- id: samaritans")
    assert problems_of(folder) == [
        f"{path}:{line}: missing 'nations' (england, wales, scotland, northern-ireland, or [uk] for all four)"
    ]


def test_a_signpost_without_a_checked_date_is_refused(folder: Path) -> None:
    path = folder / "signposts.yaml"
    edit(path, '    checked: "2026-11-15"\n', "")
    line = line_of(path, "- id: samaritans")
    assert problems_of(folder) == [
        f"{path}:{line}: missing 'checked' (the date its number and details were last checked, YYYY-MM-DD)"
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2027-01-02", "'checked' 2027-01-02 is in the future"),
        ("last year", "'checked' must be a date written YYYY-MM-DD, not 'last year'"),
        ('"2026-13-01"', "'checked' must be a date written YYYY-MM-DD, not '2026-13-01'"),
    ],
)
def test_a_checked_date_in_the_future_or_not_a_date_is_refused(folder: Path, written: str, message: str) -> None:
    path = folder / "signposts.yaml"
    edit(path, '    checked: "2026-11-15"\n', f"    checked: {written}\n")
    assert problems_of(folder) == [f"{path}:{line_of(path, 'checked: ' + written)}: {message}"]


def test_uk_listed_with_another_nation_is_refused(folder: Path) -> None:
    path = folder / "signposts.yaml"
    edit(
        path, "    reference: samaritans\n    nations: [uk]\n", "    reference: samaritans\n    nations: [uk, wales]\n"
    )
    line = line_of(path, "nations: [uk, wales]")
    assert problems_of(folder) == [f"{path}:{line}: 'uk' already means every nation: list it alone, as [uk]"]


def test_uk_means_all_four_nations_and_a_quoted_or_bare_date_is_read(folder: Path) -> None:
    content = load_content(folder, today=TODAY)
    by_id = {s.id: s for s in content.signposts}
    assert by_id["samaritans"].nations == NATIONS and by_id["samaritans"].checked == date(2026, 11, 15)
    assert by_id["breathing-space"].nations == ("scotland",) and by_id["breathing-space"].checked == date(2026, 12, 1)
    assert not any("must say the nation" in w for w in content.warnings)


def test_a_signpost_checked_over_a_year_ago_is_a_warning_not_a_problem(folder: Path) -> None:
    path = folder / "signposts.yaml"
    old = TODAY - timedelta(days=400)
    edit(path, '    checked: "2026-11-15"\n', f"    checked: {old.isoformat()}\n")
    content = load_content(folder, today=TODAY)  # still loads
    line = line_of(path, f"checked: {old.isoformat()}")
    assert content.warnings == (
        f"{path}:{line}: signpost 'samaritans' was last checked {old.isoformat()}, 400 days ago: "
        "check its number and details, then update 'checked'",
    )
    a_year = TODAY - timedelta(days=365)
    edit(path, f"checked: {old.isoformat()}", f"checked: {a_year.isoformat()}")
    assert load_content(folder, today=TODAY).warnings == ()  # a year to the day is fine


def test_content_check_prints_a_stale_signpost_as_a_warning_and_passes(folder: Path) -> None:
    path = folder / "signposts.yaml"
    old = date.today() - timedelta(days=400)
    edit(path, '    checked: "2026-11-15"\n', f"    checked: {old.isoformat()}\n")
    result = run_kinship("content", "check", str(folder))
    assert result.returncode == 0, result.stderr
    line = line_of(path, f"checked: {old.isoformat()}")
    assert f"warning: {path}:{line}: signpost 'samaritans' was last checked" in result.stdout
    assert f"{folder}: ok" in result.stdout


ORG = """organisation:
  name: Test Trust
  units:
    - {id: ward-1, name: Ward 1}
  signposts:
    - id: employee-assistance
      name: Test Trust Employee Assistance Programme
      detail: Free, confidential support for staff.
      nations: [uk]
      checked: 2026-12-01
"""


def test_an_organisation_signpost_needs_nations_and_checked_too(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG.replace("      nations: [uk]\n      checked: 2026-12-01\n", ""))
    with pytest.raises(ContentError) as caught:
        load_organisation(org, today=TODAY)
    found = [str(p) for p in caught.value.problems]
    assert found == [
        f"{org}:6: missing 'nations' (england, wales, scotland, northern-ireland, or [uk] for all four)",
        f"{org}:6: missing 'checked' (the date its number and details were last checked, YYYY-MM-DD)",
    ]


def test_an_organisation_signpost_checked_over_a_year_ago_is_a_warning(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG)
    assert load_organisation(org, today=TODAY).warnings == ()
    stale = load_organisation(org, today=date(2028, 1, 1))
    assert stale.signposts[0].nations == NATIONS
    assert len(stale.warnings) == 1 and stale.warnings[0].startswith(f"{org}:10: signpost 'employee-assistance'")


# --- 3. citations name a year ------------------------------------------------------------------------------


def test_a_citation_without_a_year_is_refused(folder: Path) -> None:
    path = folder / "references.yaml"
    edit(path, "Pediatrics. 2015;136(3):487–495.", "Pediatrics.")
    line = line_of(path, "The impact of rudeness")
    assert problems_of(folder) == [
        f"{path}:{line}: citation of 'riskin-2015' names no year: add the year it was published, or for a web page "
        "the month and year it was last checked (e.g. 'Accessed December 2026')"
    ]


def test_a_citation_with_a_publication_or_access_year_passes() -> None:
    assert citation_year_problem("a", "Riskin A. Pediatrics. 2015;136(3):487–495.") is None
    assert citation_year_problem("b", "Samaritans. Contact us. Accessed December 2026.") is None
    assert citation_year_problem("c", "Lifeline. Call 0808 808 8000.") is not None  # a phone number is no year
    assert citation_year_problem("d", "Report 12015.") is not None


# --- 4. no figure repeated across lessons unless marked as a recap -------------------------------------------


def test_figures_are_normalised_so_the_same_statistic_collides() -> None:
    assert figures("30% said so, and 3 in 10 agreed; 25.1% and 1 in 26.") == {
        "30%": "30%",
        "25%": "25.1%",
        "4%": "1 in 26",
    }
    assert figures("It took 2.6 days for 32,167 staff.") == {"2.6": "2.6", "32,167": "32,167"}
    assert figures("In 2024, 3 nurses and 12 doctors met 5 times at 7.30pm; 12 in 2023. Call 116 123.") == {}


def test_a_repeated_figure_without_recalls_is_refused_at_its_line(folder: Path) -> None:
    path = folder / "lessons" / "02-speaking-up.yaml"
    edit(path, "    recalls: [kindness-is-a-skill]\n", "")
    line = line_of(path, "30% of staff")
    assert problems_of(folder) == [
        f"{path}:{line}: figure \"30%\" repeats lesson 'kindness-is-a-skill'; "
        "mark it with recalls: [kindness-is-a-skill] if this lesson is meant as a recap"
    ]


def test_n_in_m_repeats_the_same_percentage(folder: Path) -> None:
    path = folder / "lessons" / "02-speaking-up.yaml"
    edit(path, "    recalls: [kindness-is-a-skill]\n", "")
    edit(path, "30% of staff felt", "3 in 10 staff felt")
    line = line_of(path, "3 in 10 staff")
    assert problems_of(folder) == [
        f"{path}:{line}: figure \"3 in 10\" (30%) repeats lesson 'kindness-is-a-skill'; "
        "mark it with recalls: [kindness-is-a-skill] if this lesson is meant as a recap"
    ]


@pytest.mark.parametrize(("figure", "first"), [("2.6", "2.6 days of leave"), ("32,167", "32,167 staff")])
def test_a_repeated_decimal_or_big_number_is_refused(folder: Path, figure: str, first: str) -> None:
    if figure == "32,167":
        edit(folder / "lessons" / "01-kindness.yaml", "2.6 days of leave", "32,167 staff")
    path = folder / "lessons" / "01-kindness.yaml"
    edit(path, "did worse at diagnosis", f"did worse, {figure} times over, at diagnosis")
    line = line_of(path, f"{figure} times over")
    assert problems_of(folder) == [
        f"{path}:{line}: figure \"{figure}\" repeats lesson 'kindness-is-a-skill'; "
        "mark it with recalls: [kindness-is-a-skill] if this lesson is meant as a recap"
    ]


def test_a_repeated_figure_with_recalls_passes(folder: Path) -> None:
    path = folder / "lessons" / "01-kindness.yaml"
    edit(path, "did worse at diagnosis", "did worse, 2.6 times over, at diagnosis")
    edit(path, "    references: [riskin-2015]\n", "    references: [riskin-2015]\n    recalls: [kindness-is-a-skill]\n")
    assert load_content(folder, today=TODAY).lessons[1].recalls == ("kindness-is-a-skill",)


@pytest.mark.parametrize(
    ("recalls", "message"),
    [
        ("no-such-lesson", "recalls 'no-such-lesson', which is not a lesson id"),
        ("speaking-up-together", "recalls 'speaking-up-together', which does not come earlier in the programme"),
        ("rudeness-costs", "recalls 'rudeness-costs', which does not come earlier in the programme"),
    ],
)
def test_recalls_must_name_an_earlier_lesson(folder: Path, recalls: str, message: str) -> None:
    path = folder / "lessons" / "01-kindness.yaml"
    edit(path, "    references: [riskin-2015]\n", f"    references: [riskin-2015]\n    recalls: [{recalls}]\n")
    assert problems_of(folder) == [f"{path}:{line_of(path, 'recalls:')}: {message}"]


# --- 5. no repeated wording across lessons ---------------------------------------------------------------------


def test_a_repeated_sentence_is_refused_on_the_later_lesson(folder: Path) -> None:
    lessons = folder / "lessons" / "01-kindness.yaml"
    edit(lessons, "It is a skill you can practise.", "It is a skill you can practise. Most of us have been there.")
    edit(
        lessons,
        "did worse at diagnosis and treatment.",
        "did worse at diagnosis and treatment. Most of us have\n      been there!",
    )
    line = line_of(lessons, "been there!") - 1
    assert problems_of(folder) == [
        f"{lessons}:{line}: repeats the wording of lesson 'kindness-is-a-skill': \"most of us have been there\"; "
        "reword it, or mark it with recalls: [kindness-is-a-skill] if this lesson is meant as a recap"
    ]


def test_a_repeated_try_today_sentence_is_refused(folder: Path) -> None:
    path = folder / "lessons" / "02-speaking-up.yaml"
    edit(
        path,
        "Thank someone today who raised a worry, however small it was.",
        "Learn the name of one person you work with but have not spoken to yet.",
    )
    edit(path, "    recalls: [kindness-is-a-skill]\n", "")
    edit(path, "30% of staff felt burnt out", "many staff felt burnt out")
    line = line_of(path, "try_today:")
    assert problems_of(folder) == [
        f"{path}:{line}: repeats the wording of lesson 'kindness-is-a-skill': "
        '"learn the name of one person you work with but have not spoken to yet"; '
        "reword it, or mark it with recalls: [kindness-is-a-skill] if this lesson is meant as a recap"
    ]


def test_a_shared_run_of_eight_words_is_refused(folder: Path) -> None:
    path = folder / "lessons" / "01-kindness.yaml"
    phrase = "Civility Saves Lives, a UK campaign led by clinicians"
    edit(path, "It is a skill you can practise.", f"It is a skill you can practise, says {phrase}.")
    edit(path, "Rude words do not only hurt feelings.", f"Rude words hurt, as {phrase} shows.")
    line = line_of(path, f"as {phrase}")
    assert problems_of(folder) == [
        f"{path}:{line}: repeats 9 words of lesson 'kindness-is-a-skill': "
        '"civility saves lives a uk campaign led by clinicians"; '
        "reword it, or mark it with recalls: [kindness-is-a-skill] if this lesson is meant as a recap"
    ]


def test_repeated_wording_in_a_recap_passes(folder: Path) -> None:
    path = folder / "lessons" / "02-speaking-up.yaml"
    edit(
        path,
        "Speaking up is easier when you are not alone.",
        "Kindness at work is not only a feeling. It is a skill you can practise.",
    )
    load_content(folder, today=TODAY)


def test_a_short_sentence_or_seven_shared_words_pass(folder: Path) -> None:
    path = folder / "lessons" / "01-kindness.yaml"
    edit(path, "It is a skill you can practise.", "It is a skill you can practise. That was hard.")
    edit(
        path,
        "Rude words do not only hurt feelings.",
        "That was hard. Rude words do not only hurt a new colleague looking lost.",
    )
    load_content(folder, today=TODAY)


# --- the shipped content ----------------------------------------------------------------------------------------


def test_the_shipped_content_passes_every_rule() -> None:
    try:
        load_content(SHIPPED)
    except ContentError as exc:
        pytest.fail("\n".join(str(p) for p in exc.problems))


async def test_start_up_logs_a_route_not_checked_for_a_year(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from bot.app.compose import build_runtime
    from bot.domain.config import load_config

    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    signposts = content / "signposts.yaml"
    signposts.write_text(signposts.read_text().replace("checked: 2026-12-01", "checked: 2020-01-01", 1))
    config = load_config({"KINSHIP_CONTENT": str(content), "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}"})
    with caplog.at_level(logging.WARNING):
        runtime = await build_runtime(config)
        await runtime.close()
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(str(signposts) in m and "2020-01-01" in m for m in warned), warned
