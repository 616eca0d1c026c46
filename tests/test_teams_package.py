"""The Teams app package: a manifest valid against the schema shipped in the repo, our own icons, our commands."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from adapters.teams.package import COMMANDS, SCHEMA_PATH, PackageError, build_manifest, build_package, normalise_domain
from bot.domain.config import Config
from tests.fakes import Chat
from tests.helpers import run_kinship

APP_ID = "6f1d2c3b-4a59-4e87-9b0c-1d2e3f4a5b6c"
DESIGN_COMMANDS = [
    "help", "lesson", "reflect", "script", "flag", "review", "settings",
    "start", "pause", "resume", "stop", "delete my data",
]  # fmt: skip


@pytest.fixture
def package(tmp_path: Path) -> zipfile.ZipFile:
    path = build_package(
        Config(), tmp_path / "out" / "kinship-teams.zip", app_id=APP_ID, domain="kinship.example.nhs.uk"
    )
    return zipfile.ZipFile(path)


def manifest_of(package: zipfile.ZipFile) -> dict[str, Any]:
    return json.loads(package.read("manifest.json"))


def pixels(png: bytes) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Decode the 8-bit RGBA, filter-0 PNGs we write (enough to check colours and transparency)."""
    width, height = struct.unpack(">II", png[16:24])
    assert png[24:29] == bytes([8, 6, 0, 0, 0]), "8-bit RGBA, no interlace"
    data, at = b"", 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        if kind == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + 4 * width
    out = []
    for y in range(height):
        row = raw[y * stride : (y + 1) * stride]
        assert row[0] == 0
        out += [tuple(row[1 + 4 * x : 5 + 4 * x]) for x in range(width)]
    return width, height, out  # type: ignore[return-value]


def test_the_manifest_validates_against_the_shipped_schema(package: zipfile.ZipFile) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(manifest_of(package)), key=str)
    assert errors == [], "\n".join(e.message for e in errors)


def test_the_manifest_is_a_personal_bot_with_our_app_id_and_domain(package: zipfile.ZipFile) -> None:
    manifest = manifest_of(package)
    assert manifest["manifestVersion"] == "1.25"
    assert manifest["id"] == APP_ID
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID and bot["scopes"] == ["personal", "team"]  # team: team reflection (issue 19)
    assert manifest["validDomains"] == ["kinship.example.nhs.uk"]
    assert manifest["developer"]["name"] == "Demo Hospital NHS Trust"  # the organisation publishing it
    assert all(manifest["developer"][k].startswith("https://kinship.example.nhs.uk/") for k in ("privacyUrl",))


def test_the_command_list_is_our_command_words(package: zipfile.ZipFile) -> None:
    commands = manifest_of(package)["bots"][0]["commandLists"][0]
    assert commands["scopes"] == ["personal"]
    assert [c["title"] for c in commands["commands"]] == DESIGN_COMMANDS
    assert all(len(c["title"]) <= 32 and 0 < len(c["description"]) <= 128 for c in commands["commands"])


async def test_every_command_in_the_list_is_understood(chat: Chat) -> None:
    await chat.send("hi")
    for command in COMMANDS:
        turn = await chat.send(command.title)
        turn.expect_not("not sure", "couldn't match")


def test_the_icons_are_ours_and_the_right_sizes(package: zipfile.ZipFile) -> None:
    assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
    width, height, colour = pixels(package.read("color.png"))
    assert (width, height) == (192, 192)
    assert all(p[3] == 255 for p in colour)  # full colour, opaque
    assert len({p[:3] for p in colour}) > 2  # a mark on a background, not a blank square
    width, height, outline = pixels(package.read("outline.png"))
    assert (width, height) == (32, 32)
    assert all(p[:3] == (255, 255, 255) for p in outline)  # white only ...
    assert outline[0][3] == 0 and any(p[3] == 255 for p in outline)  # ... on transparent


def test_the_package_is_reproducible(tmp_path: Path) -> None:
    first = build_package(Config(), tmp_path / "a.zip", app_id=APP_ID, domain="kinship.example.nhs.uk")
    second = build_package(Config(), tmp_path / "b.zip", app_id=APP_ID, domain="kinship.example.nhs.uk")
    assert first.read_bytes() == second.read_bytes()


def test_domains_are_normalised_and_checked() -> None:
    assert normalise_domain("https://Kinship.Example.nhs.uk/api/messages") == "kinship.example.nhs.uk"
    assert normalise_domain("*.example.org") == "*.example.org"
    for bad in ("localhost", "kinship.example.org:3978", "not a domain", ""):
        with pytest.raises(PackageError):
            normalise_domain(bad)


def test_bad_inputs_are_refused_with_a_reason() -> None:
    with pytest.raises(PackageError, match="GUID"):
        build_manifest(Config(), app_id="kinship", domain="kinship.example.org")
    with pytest.raises(PackageError, match=r"1\.2\.3"):
        build_manifest(Config(), app_id=APP_ID, domain="kinship.example.org", version="1.0")
    with pytest.raises(PackageError, match="https"):
        build_manifest(Config(), app_id=APP_ID, domain="kinship.example.org", privacy_url="http://x.org/p")


def test_privacy_and_terms_links_can_point_at_the_organisation() -> None:
    manifest = build_manifest(
        Config(),
        app_id=APP_ID,
        domain="kinship.example.org",
        privacy_url="https://trust.example.org/privacy",
        terms_url="https://trust.example.org/terms",
    )
    assert manifest["developer"]["privacyUrl"] == "https://trust.example.org/privacy"
    assert manifest["developer"]["termsOfUseUrl"] == "https://trust.example.org/terms"


def test_the_teams_package_command(tmp_path: Path) -> None:
    """``python -m bot teams-package`` builds the zip, and refuses a bad app id in one line."""
    from bot.cli.main import _parser

    assert "teams-package" in _parser().format_help()
    out = tmp_path / "kinship-teams.zip"
    args = ["teams-package", "--domain", "kinship.example.nhs.uk", "--out", str(out)]
    done = run_kinship(*args, env={"MicrosoftAppId": APP_ID})
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout and manifest_of(zipfile.ZipFile(out))["id"] == APP_ID
    refused = run_kinship(*args, "--app-id", "not-a-guid")
    assert refused.returncode == 2 and "GUID" in refused.stderr and "Traceback" not in refused.stderr
