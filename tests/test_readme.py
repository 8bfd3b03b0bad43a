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
