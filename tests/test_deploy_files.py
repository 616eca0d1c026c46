"""The deployment files shipped in the repository: the Procfile (release, web, worker) and the systemd units
in deploy/systemd, which say the same commands and pass `systemd-analyze verify` where it exists."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
UNITS = ROOT / "deploy" / "systemd"
INSTALLED_PYTHON = "/opt/kinship/venv/bin/python"  # where the units expect the virtualenv (README)
COMMANDS = {"release": "python -m bot migrate", "web": "python -m bot serve", "worker": "python -m bot worker"}
UNIT_FOR = {"release": "kinship-migrate", "web": "kinship-web", "worker": "kinship-worker"}


def parse_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file as {section: {key: [values]}} (systemd allows a key more than once); raises on a line
    outside a section or without '='."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, sep, value = line.partition("=")
        if current is None or not sep or not key.strip():
            raise AssertionError(f"{path.name}:{number}: not a 'Key=value' line in a section: {raw!r}")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict((name.strip(), command.strip()) for name, _, command in (line.partition(":") for line in lines if line))


def test_the_procfile_migrates_as_a_release_step_and_names_both_processes() -> None:
    assert procfile() == COMMANDS


@pytest.mark.parametrize("process", sorted(COMMANDS))
def test_each_unit_parses_and_runs_what_the_procfile_runs(process: str) -> None:
    unit = parse_unit(UNITS / f"{UNIT_FOR[process]}.service")
    assert set(unit) <= {"Unit", "Service", "Install"} and {"Unit", "Service"} <= set(unit)
    service = unit["Service"]
    assert service["ExecStart"] == [COMMANDS[process].replace("python", INSTALLED_PYTHON, 1)]
    assert service["User"] == ["kinship"] and service["EnvironmentFile"] == ["/etc/kinship/kinship.env"]
    if process == "release":
        assert service["Type"] == ["oneshot"] and "Install" not in unit  # started by the others, never alone
        return
    assert "kinship-migrate.service" in unit["Unit"]["Requires"]  # a failed migration stops the start
    assert "kinship-migrate.service" in " ".join(unit["Unit"]["After"])
    assert service["KillSignal"] == ["SIGTERM"]
    assert int(service["TimeoutStopSec"][0]) >= 10  # Kinship stops within 8 s of SIGTERM
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_analyze_verify_passes(tmp_path: Path) -> None:
    """A copy of the units whose ExecStart names this interpreter (the installed virtualenv's path does not
    exist here); everything else as shipped. Any complaint about a unit fails, even one systemd only warns of."""
    for unit in UNITS.glob("*.service"):
        (tmp_path / unit.name).write_text(unit.read_text().replace(INSTALLED_PYTHON, sys.executable))
    files = sorted(str(p) for p in tmp_path.glob("*.service"))
    assert len(files) == 3
    result = subprocess.run(
        ["systemd-analyze", "verify", *files], capture_output=True, text=True, timeout=60, check=False
    )
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if "kinship" in line]
    assert result.returncode == 0 and complaints == [], result.stdout + result.stderr


def test_the_example_environment_file_is_a_configuration_kinship_accepts() -> None:
    from bot.app.compose import config_problems
    from bot.domain.config import load_config

    lines = (UNITS / "kinship.env.example").read_text().splitlines()
    env = dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    config = load_config(env)
    assert config.host == "127.0.0.1" and not config.worker_in_process
    assert config_problems(config) == []
