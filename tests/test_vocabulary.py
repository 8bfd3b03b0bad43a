"""The fixed vocabulary is written once: no other file lists its terms."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from routes import vocabulary
from tests.conftest import ROOT

VOCABULARIES = {
    "corridors": set(vocabulary.CORRIDORS),
    "modes": set(vocabulary.MODES),
    "statuses": set(vocabulary.STATUSES),
    "kinds": set(vocabulary.KINDS),
}
# The named groups of terms: a collection equal to one of them is a copy of it.
GROUPS = [
    *VOCABULARIES.values(),
    *(
        set(group)
        for group in (
            vocabulary.LAND_MODES,
            vocabulary.SEA_MODES,
            vocabulary.CABLE_MODES,
            vocabulary.FREIGHT_MODES,
        )
    ),
]


def _listed(values: list[str]) -> str | None:
    """Name the vocabulary a collection copies: one of its groups, or four terms or more.

    Two or three terms in a test's expectation (the modes a route takes, say) are
    data, not a copy of the vocabulary.
    """
    terms = set(values)
    if len(terms) < 2 or (terms not in GROUPS and len(terms) < 4):
        return None
    return next((name for name, known in VOCABULARIES.items() if terms <= known), None)


def _python_lists(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            items = [key for key in node.keys if key is not None]
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = list(node.elts)
        else:
            continue
        values = [i.value for i in items if isinstance(i, ast.Constant)]
        if len(values) == len(items) and all(isinstance(v, str) for v in values):
            name = _listed(values)
            if name:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name} {values}")
    return found


def _script_lists(path: Path) -> list[str]:
    found = []
    for match in re.finditer(r"\[([^\[\]]*)\]", path.read_text(encoding="utf-8")):
        values = re.findall(r"'([a-z_]+)'|\"([a-z_]+)\"", match.group(1))
        name = _listed([a or b for a, b in values])
        if name:
            found.append(f"{path.relative_to(ROOT)}: {name} [{match.group(1)}]")
    return found


def _code() -> list[Path]:
    own = Path(vocabulary.__file__).resolve()
    files = [
        path
        for folder in ("routes", "tests", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in (".py", ".js", ".jinja") and path.resolve() != own
    ]
    return [path for path in files if ".browser" not in path.parts]


def test_no_file_but_the_vocabulary_lists_its_terms() -> None:
    listed = []
    for path in _code():
        listed += _python_lists(path) if path.suffix == ".py" else _script_lists(path)
    assert not listed, "use routes.vocabulary instead:\n" + "\n".join(listed)


def test_the_check_catches_a_written_out_list(tmp_path: Path) -> None:
    planted = ROOT / "tests" / "_planted_list.py"
    planted.write_text(
        'SEA = ("ferry", "shipping")\nKINDS = {"port": 1, "station": 2, "terminal": 3, '
        '"substation": 4}\nROUTE = ["rail", "ferry"]\n'
    )
    try:
        found = _python_lists(planted)
    finally:
        planted.unlink()
    assert [line.split(": ")[1].split(" ")[0] for line in found] == ["modes", "kinds"]


def test_labels_and_styles_cover_every_term() -> None:
    for corridor in vocabulary.CORRIDORS.values():
        assert corridor.name and corridor.label and re.fullmatch(r"#[0-9A-F]{6}", corridor.colour)
    assert set(vocabulary.MODES) == {
        *vocabulary.LAND_MODES,
        *vocabulary.SEA_MODES,
        *vocabulary.CABLE_MODES,
    }
    assert all(kind.label for kind in vocabulary.KINDS.values())
    # every figure column has the unit people write, and the maps show that one
    assert set(vocabulary.COLUMN_UNITS) == set(vocabulary.FIGURE_COLUMNS)
    assert vocabulary.COLUMN_UNITS["capacity_bbl_per_day"] == "bbl/d"
