"""Content for triage (issue 14): for_you blocks, signpost topics and nations, the organisation's nation,
answers, and the checks that name file and line when any of them is wrong."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.domain.config import DEFAULT_CONTENT_DIR, DEMO_ORG_PATH
from bot.domain.content import (
    NATIONS,
    TOPICS,
    Content,
    ContentError,
    ForYou,
    Signpost,
    load_content,
    signposts_for,
)
from bot.domain.org import load_organisation
from tests.helpers import run_kinship

TARGET_SCRIPTS = (
    "patient-racist-abuse",
    "patient-discriminatory-abuse",
    "patient-sexual-harassment",
    "patient-aggression",
    "colleague-belittling",
    "bullying-pattern",
    "colleague-sexual-harassment",
    "discriminatory-remarks",
    "microaggression",
    "exclusion",
    "pregnancy-discrimination",
)
NEW_SCRIPTS = (
    "patient-discriminatory-abuse",
    "colleague-discloses-abuse",
    "colleague-impaired",
    "pregnancy-discrimination",
)
# words that mark racist, homophobic, transphobic, disability or religious abuse
IDENTITY_ABUSE = re.compile(
    r"\b(?:racist|racism|racial|black|asian|foreign\w*|accent|gay|lesbian|bisexual|homophob\w*|trans\w*phob\w*"
    r"|trans|misgender\w*|deadnam\w*|disab\w*|wheelchair|deaf|blind|muslim|jewish|sikh|hijab|turban|religio\w*"
    r"|islamophob\w*|antisemit\w*)\b",
    re.IGNORECASE,
)
RELIGION = re.compile(
    r"\b(?:religio\w*|faith|hijab|headscarf|turban|muslim|jewish|sikh|islamophob\w*|antisemit\w*)\b", re.I
)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(DEFAULT_CONTENT_DIR)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, target)
    return target


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return [str(p) for p in caught.value.problems]


def line_of(path: Path, starts: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if line.lstrip().startswith(starts))


# --- the shipped content ------------------------------------------------------------------------------


def test_the_new_scripts_are_there_with_about_twenty_examples(content: Content) -> None:
    for sid in NEW_SCRIPTS:
        script = content.scripts[sid]
        assert len(script.examples) >= 18, sid
        assert [d for d, _ in script.steps] == ["distract", "delegate", "document", "delay", "direct"]


def test_every_script_where_the_writer_can_be_targeted_has_for_you(content: Content) -> None:
    missing = [sid for sid in TARGET_SCRIPTS if content.scripts[sid].for_you is None]
    assert not missing, missing
    for sid in TARGET_SCRIPTS:
        f = content.scripts[sid].for_you
        assert isinstance(f, ForYou) and f.opening and f.now and f.tell and f.support
        assert "fault" in f.opening.lower(), f"{sid}: the opening should say it isn't their fault"
        told = " ".join(f.tell)
        assert "Freedom to Speak Up Guardian" in told, sid
    assert content.scripts["colleague-discloses-abuse"].for_you is None  # the writer is the one told


def test_sexual_harassment_scripts_name_sexual_assault_and_its_routes(content: Content) -> None:
    for sid in ("patient-sexual-harassment", "colleague-sexual-harassment"):
        f = content.scripts[sid].for_you
        assert f is not None
        text = " ".join((f.opening, *f.now, *f.tell, *f.support))
        assert "sexual assault" in f.opening.lower(), sid
        for needed in ("999", "101", "SARC", "0808 500 2222", "08088 01 03 02"):
            assert needed in text, f"{sid}: {needed}"


def test_no_identity_abuse_example_sits_in_a_sexual_harassment_script(content: Content) -> None:
    found = [
        f"{sid}: {example!r}"
        for sid in ("patient-sexual-harassment", "colleague-sexual-harassment")
        for example in content.scripts[sid].examples
        if IDENTITY_ABUSE.search(example)
    ]
    assert not found, found


def test_religion_belongs_to_patient_discriminatory_abuse(content: Content) -> None:
    racist = content.scripts["patient-racist-abuse"]
    found = [e for e in (*racist.examples, *racist.keywords) if RELIGION.search(e)]
    assert not found, found
    assert any(RELIGION.search(e) for e in content.scripts["patient-discriminatory-abuse"].examples)


def test_every_topic_has_routes_in_every_nation(content: Content) -> None:
    for topic in TOPICS:
        for nation in NATIONS:
            assert signposts_for(content.signposts, topic, nation), (topic, nation)
    domestic = {s.id for s in signposts_for(content.signposts, "domestic-abuse", "wales")}
    assert {"live-fear-free", "silent-solution", "mens-advice-line", "galop", "occupational-health"} <= domestic
    assert "national-domestic-abuse-helpline" not in domestic


def test_answers_are_there_and_offer_real_lessons(content: Content) -> None:
    assert len(content.answers) >= 12
    lesson_ids = {lesson.id for lesson in content.lessons}
    for answer in content.answers:
        assert 6 <= len(answer.questions) <= 12, answer.id
        assert answer.lesson is None or answer.lesson in lesson_ids


def test_the_demo_organisation_is_in_england_and_sees_english_routes() -> None:
    org = load_organisation(DEMO_ORG_PATH)
    content = load_content(DEFAULT_CONTENT_DIR)
    assert org.nation == "england"
    distress = {s.id for s in org.merged_signposts(content.signposts)}
    assert "nhs-111" in distress and "nhs-111-wales" not in distress and "galop" not in distress
    domestic = org.merged_signposts(content.signposts, topic="domestic-abuse")
    assert any(s.name.startswith("Demo Hospital") for s in domestic)  # the override keeps its topics
    assert domestic[0].urgent
    assert len(org.merged_signposts(content.signposts, topic=None)) == len(content.signposts)


# --- signposts_for ------------------------------------------------------------------------------------


def test_signposts_for_filters_by_topic_and_nation_and_keeps_order() -> None:
    everywhere = Signpost("a", "A", "a")
    wales = Signpost("b", "B (Wales)", "b", topics=("distress", "domestic-abuse"), nations=("wales",))
    scotland = Signpost("c", "C (Scotland)", "c", topics=("domestic-abuse",), nations=("scotland",))
    routes = (scotland, everywhere, wales)
    assert signposts_for(routes, "distress", None) == (everywhere, wales)
    assert signposts_for(routes, "distress", "england") == (everywhere,)
    assert signposts_for(routes, "domestic-abuse", None) == (scotland, wales)
    assert signposts_for(routes, "domestic-abuse", "scotland") == (scotland,)
    assert signposts_for(routes, "sexual-assault", "wales") == ()
    with pytest.raises(ValueError):
        signposts_for(routes, "domestic", None)
    with pytest.raises(ValueError):
        signposts_for(routes, "distress", "ireland")


# --- the loader's checks ------------------------------------------------------------------------------


def test_an_unknown_topic_or_nation_names_file_and_line(folder: Path) -> None:
    path = folder / "signposts.yaml"
    text = path.read_text()
    text = text.replace("topics: [domestic-abuse]\n", "topics: [domestic-abuse, housing]\n", 1)
    text = text.replace("nations: [wales]\n", "nations: [cymru]\n", 1)
    path.write_text(text)
    found = problems_of(folder)
    topic_line = line_of(path, "topics: [domestic-abuse, housing]")
    nation_line = line_of(path, "nations: [cymru]")
    assert any(p.startswith(f"{path}:{topic_line}: unknown topic 'housing'") for p in found), found
    assert any(p.startswith(f"{path}:{nation_line}: unknown nation 'cymru'") for p in found), found


def test_a_nation_only_route_must_name_its_nation(folder: Path) -> None:
    path = folder / "signposts.yaml"
    path.write_text(path.read_text().replace("name: Live Fear Free (Wales)", "name: Live Fear Free"))
    found = problems_of(folder)
    assert any(p.startswith(f"{path}:") and "must say the nation it serves: Wales" in p for p in found), found


def test_an_organisation_with_an_unknown_nation_names_file_and_line(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(
        "organisation:\n  name: Test Trust\n  nation: ulster\n  units:\n    - {id: ward-1, name: Ward 1}\n"
        "  signposts:\n    - {id: x, name: X, detail: x, nations: [mars]}\n"
    )
    with pytest.raises(ContentError) as caught:
        load_organisation(org)
    found = [str(p) for p in caught.value.problems]
    assert any(p.startswith(f"{org}:3: unknown nation 'ulster'") for p in found), found
    assert any(p.startswith(f"{org}:7: unknown nation 'mars'") for p in found), found


def test_an_organisation_without_a_nation_sees_every_nation(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("organisation:\n  name: Test Trust\n  units:\n    - {id: ward-1, name: Ward 1}\n")
    loaded = load_organisation(org)
    assert loaded.nation is None
    ids = {s.id for s in loaded.merged_signposts(load_content(DEFAULT_CONTENT_DIR).signposts)}
    assert {"nhs-111", "nhs-111-wales", "nhs-24", "lifeline", "breathing-space"} <= ids


def test_a_missing_answers_file_means_no_answers(folder: Path) -> None:
    (folder / "answers.yaml").unlink()
    assert load_content(folder).answers == ()


def test_answers_with_unknown_lesson_or_reference_or_too_few_questions_are_located(folder: Path) -> None:
    path = folder / "answers.yaml"
    path.write_text(
        "answers:\n  - id: odd\n    questions: [one, two]\n    answer: One. Two.\n"
        "    references: [no-such-source]\n    lesson: no-such-lesson\n"
    )
    found = problems_of(folder)
    assert f"{path}:3: 'questions' needs at least 6 item(s), found 2" in found
    assert f"{path}:5: reference 'no-such-source' is not in references.yaml" in found
    assert f"{path}:6: lesson 'no-such-lesson' is not in lessons/" in found


def test_for_you_is_parsed_and_an_empty_list_is_located(folder: Path) -> None:
    content = load_content(folder)
    f = content.scripts["patient-aggression"].for_you
    assert f is not None and f.opening.startswith("I'm sorry") and len(f.now) == 3 and f.support
    path = folder / "scripts" / "patient-aggression.yaml"
    text = path.read_text()
    start = text.index("  support:\n")
    end = text.index("references:", start)
    path.write_text(text[:start] + "  support: []\n  advice: x\n" + text[end:])
    found = problems_of(folder)
    line = line_of(path, "support: []")
    assert f"{path}:{line}: 'support' needs at least 1 item(s), found 0" in found, found
    assert any(p.startswith(f"{path}:{line + 1}: unknown key 'advice'") for p in found), found


def test_a_for_you_that_is_not_a_mapping_is_located(folder: Path) -> None:
    path = folder / "scripts" / "exclusion.yaml"
    text = path.read_text()
    start = text.index("for_you:\n")
    end = text.index("references:", start)
    path.write_text(text[:start] + "for_you: be kind\n" + text[end:])
    line = line_of(path, "for_you:")
    assert f"{path}:{line}: 'for_you' must be a mapping of keys to values" in problems_of(folder)


def test_content_check_prints_answers_and_signposts_by_topic() -> None:
    result = run_kinship("content", "check")
    assert result.returncode == 0, result.stderr
    assert "answers     15" in result.stdout
    assert re.search(r"signposts per topic: distress \d+, domestic-abuse \d+, sexual-assault \d+", result.stdout)
