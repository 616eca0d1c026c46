"""The wheel is the product: build it, install it into a fresh virtualenv outside the checkout, time the
install and the first console reply.

``python -m bench.wheel`` prints the time from ``pip install`` to the first reply of ``python -m bot chat``
in a fresh virtualenv (which includes training the triage model on first use). ``tests/test_wheel.py`` uses
the same helpers.

The fresh virtualenv gets Kinship's wheel alone (``--no-deps``); its dependencies are found through a
``.pth`` file naming this interpreter's site-packages, so nothing is downloaded. A ``.pth`` file only adds
that folder to ``sys.path``: the ``.pth`` files inside it (this checkout's editable install) are not run,
so ``bot`` and ``content`` come from the wheel and nowhere else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
# not part of the source a build needs: environments, caches, local databases, earlier builds, a built model
_LEFT_OUT = (
    ".git",
    ".venv*",
    "var",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    "built",
)
# settings that would point a run at a developer's own platforms, content or database
_DROPPED = ("SLACK_", "TEAMS_", "Microsoft", "CONNECTIONS__", "KINSHIP_", "DATABASE_URL", "PYTHONPATH")


@dataclass(frozen=True)
class Installed:
    """Kinship installed from its wheel into a fresh virtualenv."""

    venv: Path
    python: Path
    site_packages: Path
    install_seconds: float


def build_wheel(out: Path, source: Path = CHECKOUT) -> Path:
    """Build Kinship's wheel from a copy of ``source`` (so the checkout gains no ``build/``) into ``out``."""
    copy = out / "source"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns(*_LEFT_OUT))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(copy), "--no-deps", "--quiet", "-w", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    shutil.rmtree(copy)
    (wheel,) = out.glob("kinship-*.whl")
    return wheel


def install(wheel: Path, venv: Path) -> Installed:
    """A fresh virtualenv at ``venv`` with ``wheel`` installed; its dependencies come from this interpreter's."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    started = time.perf_counter()
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "zz_kinship_dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    return Installed(venv, python, site, seconds)


def clean_environment(**settings: str) -> dict[str, str]:
    """This process's environment without Kinship's, the platforms' or the database's settings, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED)}
    env.pop("VIRTUAL_ENV", None)
    env.update(settings)
    return env


def run_bot(
    installed: Installed, *args: str, cwd: Path, env: Mapping[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS`` with the installed package's interpreter, from ``cwd``."""
    return subprocess.run(
        [str(installed.python), "-m", "bot", *args],
        input=stdin,
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=180,
    )


def first_reply_seconds(installed: Installed, work: Path) -> float:
    """From starting ``python -m bot chat`` with "lesson" to the lesson in its reply, in a fresh database."""
    env = clean_environment(DATABASE_URL=f"sqlite:///{work / 'kinship.db'}", XDG_CACHE_HOME=str(work / "cache"))
    started = time.perf_counter()
    with subprocess.Popen(
        [str(installed.python), "-m", "bot", "chat", "--user", "amy"],
        cwd=work,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as chat:
        assert chat.stdin is not None and chat.stdout is not None
        chat.stdin.write("lesson\n")
        chat.stdin.close()
        seconds = 0.0
        for line in chat.stdout:
            if not seconds and "Try this today" in line:  # the lesson: the reply to "lesson"
                seconds = time.perf_counter() - started
    if not seconds:
        raise RuntimeError("the installed package gave no lesson")
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        wheel = build_wheel(root / "dist")
        built = time.perf_counter() - started
        installed = install(wheel, root / "venv")
        work = root / "work"
        work.mkdir()
        reply = first_reply_seconds(installed, work)
        print(f"build the wheel:                      {built:6.2f} s")
        print(f"pip install (the wheel, --no-deps):   {installed.install_seconds:6.2f} s")
        print(f"start `chat` to first reply:          {reply:6.2f} s (trains the triage model on first use)")
        print(f"pip install to first console reply:   {installed.install_seconds + reply:6.2f} s")


if __name__ == "__main__":
    main()
