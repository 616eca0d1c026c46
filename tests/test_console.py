"""The console as a real subprocess over a pipe: what `make run` gives a newcomer."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_kinship


def chat(tmp_path: Path, user: str, lines: list[str]) -> str:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'kinship.db'}", "KINSHIP_ORG": ""}
    result = run_kinship("chat", "--user", user, stdin="\n".join(lines) + "\n", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_lesson_and_reflection_journey(tmp_path: Path) -> None:
    out = chat(
        tmp_path,
        "amy",
        ["lesson", "Reflect on this", "I took a breath before answering the relative.", "my reflections"],
    )
    assert "Try this today" in out
    assert "] Reflect on this" in out
    assert "Only you can see it" in out
    assert "I took a breath before answering the relative." in out.split("Your reflections")[-1]


def test_script_journey_with_numbered_options(tmp_path: Path) -> None:
    out = chat(tmp_path, "amy", ["hi", "a patient just made a racist comment to my colleague", "1"])
    assert "Safety first" in out and "Distract" in out and "Direct" in out
    after_press = out.split("Not quite — show others")[-1]
    assert "others that might fit better" in after_press  # typing "1" pressed the first button


def test_flag_then_lead_review_journey(tmp_path: Path) -> None:
    out = chat(
        tmp_path,
        "amy",
        [
            "flag",
            "A patient or visitor makes a racist remark",
            "Ward 7 (acute medicine)",
            "This week",
            "No",
            "A patient shouted at Dr Okafor about where she is from. Call 07700 900123.",
            "Send",
        ],
    )
    assert "Here's exactly what a lead will see" in out
    preview = out.split("Here's exactly what a lead will see")[1].split("Send")[0]
    assert "07700 900123" not in preview and "Okafor" not in preview
    assert "Your case code is" in out
    review = chat(tmp_path, "lead", ["review", "Open 1"])
    assert "Ward 7 (acute medicine): A patient or visitor makes a racist remark" in review
    assert "Okafor" not in review and "07700" not in review and "amy" not in review
    refused = chat(tmp_path, "amy", ["review"])
    assert "only for the leads" in refused


def test_quit_and_end_of_input_both_end_the_chat(tmp_path: Path) -> None:
    out = chat(tmp_path, "amy", ["hello", "help", "quit", "lesson"])
    assert "Here's what I can do" in out and "Try this today" not in out


def test_unreachable_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    env = {"DATABASE_URL": "postgresql://kinship:hunter2@127.0.0.1:1/kinship"}
    result = run_kinship("chat", "--user", "amy", stdin="help\n", env=env, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot use its database" in lines[0] and "hunter2" not in lines[0]


def test_a_number_from_an_earlier_run_is_refused_and_the_waiting_step_kept(tmp_path: Path) -> None:
    """Issue 18: a chat left at "Change the words", started again with "2": the number is not taken as the words."""
    first = chat(
        tmp_path,
        "amy",
        [
            "flag",
            "A patient or visitor makes a racist remark",
            "Ward 7 (acute medicine)",
            "This week",
            "No",
            "A patient shouted at a nurse.",
            "Change the words",
        ],
    )
    assert "In a few words, what happened?" in first.split("[3] Change the words")[-1]
    second = chat(tmp_path, "amy", ["2", "2", "The patient shouted at a nurse again.", "Send"])
    assert second.count("I can't tell what 2 means") == 2  # each time, until something has been shown
    preview = second.split("Here's exactly what a lead will see")[1].split("[1] Send")[0]
    assert "In your words: The patient shouted at a nurse again." in preview
    assert "In your words: 2" not in second and "Your case code is" in second
    review = chat(tmp_path, "lead", ["review", "Open 1"])
    assert "shouted at a nurse again" in review


def test_once_options_are_shown_numbers_press_them_in_a_new_run_too(tmp_path: Path) -> None:
    out = chat(tmp_path, "amy", ["help", "1"])
    assert "I can't tell what" not in out
