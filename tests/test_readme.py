"""The README's library example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_library_example_runs(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after = readme.split("The same from a script:", 1)[1]
    example = re.search(r"```python\n(.*?)```", after, re.S)
    assert example, "no python example after 'The same from a script:'"
    monkeypatch.chdir(project_copy)
    exec(compile(example.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "length_km" in out and re.search(r"^\d+ files$", out, re.M)
    assert (project_copy / "out" / "maps" / "index.html").exists()
    assert (project_copy / "out" / "geodata" / "manifest.json").exists()


def _examples() -> list[tuple[list[str], str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```\n\$ (routes [^\n]*)\n(.*?)```", readme, re.S):
        command, output = block
        found.append((command.split()[1:], output))
    return found


@pytest.mark.parametrize(("args", "shown"), _examples(), ids=lambda x: str(x)[:40])
def test_command_examples_match_the_commands(
    args: list[str], shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from routes.cli import main

    assert main([*args, "--project", str(ROOT)]) == 0
    out = capsys.readouterr().out
    if shown.endswith("...\n"):
        # an excerpt: the beginning of the output
        assert out.startswith(shown.removesuffix("...\n")), out
    else:
        assert out.rstrip("\n") == shown.rstrip("\n")


def test_the_readme_has_command_examples() -> None:
    commands = {args[0] for args, _ in _examples()}
    assert {"route", "scenario", "compare"} <= commands
