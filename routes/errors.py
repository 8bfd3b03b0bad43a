"""Exceptions raised by the routes package."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a source file.

    Parameters
    ----------
    file
        Path of the source file, as given to the loader.
    where
        Line number (``"12"``) or record id where the problem is.
    field
        Column or attribute name the problem concerns.
    message
        What is wrong, in plain words.
    """

    file: str
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.where}: {self.field}: {self.message}"


class RoutesError(Exception):
    """Base class of the errors this package raises on purpose."""


class SourceError(RoutesError):
    """The corridor sources are invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def _problem_order(problem: Problem) -> tuple[str, int, str, str, str]:
    line = int(problem.where) if problem.where.isdigit() else 0
    return (problem.file, line, problem.where, problem.field, problem.message)
