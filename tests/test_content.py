"""Content loading: the shipped folder is valid, and every kind of breakage names its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.domain.config import DEFAULT_CONTENT_DIR, DEMO_ORG_PATH
from bot.domain.content import ContentError, load_content
from bot.domain.org import load_organisation
from bot.domain.types import Address
from tests.helpers import SCRIPT_IDS, run_kinship


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, target)
    return target


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return [str(p) for p in caught.value.problems]


def test_shipped_content_is_valid_and_complete() -> None:
    content = load_content(DEFAULT_CONTENT_DIR)
    assert set(content.scripts) >= set(SCRIPT_IDS)
    assert len(content.lessons) >= 5 and len(content.prompts) >= 5
    assert all(s.visible_words() <= 350 for s in content.scripts.values())
    assert any(s.urgent for s in content.signposts)


def test_demo_organisation_makes_lead_a_lead_of_every_unit() -> None:
    org = load_organisation(DEMO_ORG_PATH)
    assert set(org.units_led_by(Address("console", "local", "lead", ""))) == {u.id for u in org.units}
    assert org.units_led_by(Address("console", "local", "amy", "")) == ()


LEADS = """organisation:
  name: Test Trust
  units:
    - {id: ward-1, name: Ward 1}
  leads:
    - {platform: console, user: lead, units: ["*"]}
    - {platform: slack, tenant: T1, user: U1, units: [ward-1]}
    - {platform: teams, tenant: tenant-a, user: aad-1, units: [ward-1]}
"""


def test_a_lead_is_matched_on_workspace_or_tenant_as_well_as_user(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(LEADS)
    org = load_organisation(path)
    assert org.units_led_by(Address("slack", "T1", "U1", "D1")) == ("ward-1",)
    assert org.units_led_by(Address("slack", "T2", "U1", "D1")) == ()  # the same user id, another workspace
    assert org.units_led_by(Address("teams", "tenant-a", "aad-1", "c")) == ("ward-1",)
    assert org.units_led_by(Address("teams", "tenant-b", "aad-1", "c")) == ()
    assert org.units_led_by(Address("console", "local", "lead", "")) == ("ward-1",)


def test_a_slack_or_teams_lead_without_a_tenant_is_refused_naming_file_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(LEADS.replace("tenant: T1, ", "").replace("tenant: tenant-a, ", ""))
    with pytest.raises(ContentError) as caught:
        load_organisation(path)
    found = [str(p) for p in caught.value.problems]
    assert any(p.startswith(f"{path}:7:") and "slack lead needs 'tenant'" in p for p in found), found
    assert any(p.startswith(f"{path}:8:") and "teams lead needs 'tenant'" in p for p in found), found


def test_yaml_syntax_error_names_file_and_line(folder: Path) -> None:
    path = folder / "prompts" / "01-starter.yaml"
    lines = path.read_text().splitlines()
    lines.insert(3, "  - id: [unclosed")
    path.write_text("\n".join(lines) + "\n")
    found = problems_of(folder)
    assert any(p.startswith(f"{path}:") and "YAML error" in p for p in found), found


def test_duplicate_id_names_both_places(folder: Path) -> None:
    first = load_content(DEFAULT_CONTENT_DIR).lessons[0]
    path = folder / "lessons" / "99-again.yaml"
    path.write_text(
        "lessons:\n"
        f"  - id: {first.id}\n    theme: {first.theme}\n    title: Again\n    setting: ward\n"
        f"    body: The same id twice.\n    try_today: Notice it.\n    prompts: [{first.prompts[0]}]\n"
        f"    references: [{first.references[0]}]\n"
    )
    found = problems_of(folder)
    assert any(p.startswith(f"{path}:2: lesson id {first.id!r} is already used at") for p in found), found


def test_missing_cross_reference_and_missing_key_are_located(folder: Path) -> None:
    path = folder / "scripts" / "exclusion.yaml"
    text = path.read_text()
    kept = [line for line in text.splitlines() if not line.startswith("safety:")]
    kept = [("references: [no-such-source]" if line.startswith("references:") else line) for line in kept]
    text = "\n".join(kept) + "\n"
    path.write_text(text)
    found = problems_of(folder)
    line_of_refs = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("references:"))
    assert f"{path}:{line_of_refs}: reference 'no-such-source' is not in references.yaml" in found
    assert any(p.startswith(f"{path}:1: missing 'safety'") for p in found), found


def test_length_limits_are_enforced(folder: Path) -> None:
    path = folder / "prompts" / "01-starter.yaml"
    text = path.read_text()
    path.write_text(text.replace("text: ", "text: " + "very " * 70, 1))
    assert any("words; the limit is 60" in p for p in problems_of(folder))


def test_script_id_must_match_file_name(folder: Path) -> None:
    source = folder / "scripts" / "exclusion.yaml"
    source.rename(folder / "scripts" / "left-out.yaml")
    assert any("must match the file name 'left-out'" in p for p in problems_of(folder))


def test_empty_and_non_utf8_files_are_reported(folder: Path) -> None:
    (folder / "prompts" / "02-empty.yaml").write_text("")
    (folder / "prompts" / "03-binary.yaml").write_bytes(b"\xff\xfe\x00bad")
    found = problems_of(folder)
    assert any("02-empty.yaml:1: is empty" in p for p in found)
    assert any("03-binary.yaml: is not UTF-8" in p for p in found)


def test_organisation_errors_name_file_and_line(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(
        "organisation:\n  name: Test Trust\n  timezone: Mars/Olympus\n  min_group_size: 1\n"
        "  units:\n    - {id: ward-1, name: Ward 1}\n  leads:\n"
        "    - {platform: slack, tenant: T1, user: U1, units: [ward-9]}\n"
    )
    with pytest.raises(ContentError) as caught:
        load_organisation(org)
    found = [str(p) for p in caught.value.problems]
    assert f"{org}:3: unknown time zone 'Mars/Olympus' (use a name such as Europe/London)" in found
    assert any(p.startswith(f"{org}:4:") and "at least 3" in p for p in found)
    assert any(p.startswith(f"{org}:8:") and "ward-9" in p for p in found)


def test_content_check_prints_counts_and_exits_zero() -> None:
    result = run_kinship("content", "check")
    assert result.returncode == 0, result.stderr
    assert "scripts     16" in result.stdout and "lessons per theme" in result.stdout
    assert "answers     15" in result.stdout and "signposts per topic: distress" in result.stdout


def test_content_check_lists_problems_and_exits_non_zero(folder: Path) -> None:
    (folder / "themes.yaml").write_text("themes:\n  - id: Not An Id\n    title: x\n")
    result = run_kinship("content", "check", str(folder))
    assert result.returncode == 1
    assert f"{folder / 'themes.yaml'}:2: 'id' 'Not An Id' must be lowercase words joined by hyphens" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_content_stops_start_up_with_file_and_line(folder: Path, tmp_path: Path) -> None:
    (folder / "signposts.yaml").write_text("signposts:\n  - id: x\n    name: [\n")
    env = {"KINSHIP_CONTENT": str(folder), "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}"}
    result = run_kinship("chat", "--user", "amy", stdin="help\n", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(f"kinship: {folder / 'signposts.yaml'}:")
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_an_empty_signposts_file_is_reported_beside_a_broken_lesson(folder: Path) -> None:
    """One pass names every problem: an empty file is not hidden by another file's syntax error."""
    (folder / "signposts.yaml").write_text("")
    lesson = sorted((folder / "lessons").glob("*.yaml"))[0]
    lesson.write_text("id: [broken\n")
    problems = problems_of(folder)
    assert any(p.startswith(f"{lesson}:") and "YAML" in p for p in problems), problems
    assert any(p.startswith(f"{folder / 'signposts.yaml'}:") for p in problems), problems
