"""Problems found in the input, carried as values until the command-line edge prints them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Level(str, Enum):
    NOTICE = "notice"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, order=True)
class SourceRef:
    """A place in an input file: path as given on the command line, 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Diagnostic:
    """One message of a run: how serious, where (file and line, when known) and what."""

    level: Level
    source: SourceRef | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.level.value}: {self.message}"


@dataclass
class Diagnostics:
    """An append-only list of problems; stages add to it, the CLI decides what it means."""

    items: list[Diagnostic] = field(default_factory=list)

    def fail_on_warnings(self) -> bool:
        """`--strict`: any warning makes the run fail (an error saying so is added); True then."""
        if self.has_errors or not any(d.level is Level.WARNING for d in self.items):
            return False
        self.error(None, "warnings are errors with --strict")
        return True

    def error(self, source: SourceRef | None, message: str) -> None:
        self.items.append(Diagnostic(Level.ERROR, source, message))

    def warning(self, source: SourceRef | None, message: str) -> None:
        self.items.append(Diagnostic(Level.WARNING, source, message))

    def notice(self, source: SourceRef | None, message: str) -> None:
        self.items.append(Diagnostic(Level.NOTICE, source, message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.ERROR]

    @property
    def has_errors(self) -> bool:
        return any(d.level is Level.ERROR for d in self.items)
