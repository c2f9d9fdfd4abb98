"""The error roots of the project and the exit codes of every ``kg`` command.

Two roots tell whose fault a failure is: :class:`DataError` for the user's
curated data (a facts file, the registry, a source text, an RDF file given to
``kg validate``) and :class:`OntologyError` for the project's own ontology,
shapes or queries. Both carry the file, line and offending value so that the
CLI prints them as one line. :class:`EndpointError` is a SPARQL server that
failed, :class:`LimitError` a limit reached (a file too large, the disk full),
:class:`FolderLocked` an output folder another process is writing.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Exit codes shared by every command (documented in the README).
EXIT_OK = 0
EXIT_VIOLATIONS = 1  # the data violates the shapes, or a check query returned rows
EXIT_BAD_INPUT = 2  # bad input or usage; nothing was written
EXIT_ENDPOINT = 3  # a server or endpoint failed (down, timeout, HTTP error), or a limit was reached


class KGError(Exception):
    """Base of every error the CLI turns into one line and an exit code."""

    exit_code = EXIT_BAD_INPUT

    def one_line(self) -> str:
        return " ".join(str(self).split())

    def lines(self) -> list[str]:
        """What the CLI prints, one line each: one for most errors, one per problem for :class:`DataErrors`."""
        return [self.one_line()]


@dataclass(slots=True)
class Location:
    """Where a value came from: a file, and a 1-based line where known."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class _LocatedError(KGError):
    def __init__(self, where: Location | str, message: str, value: object = None):
        self.where = where if isinstance(where, Location) else Location(where)
        self.message = message
        self.value = value
        text = f"{self.where}: {message}"
        if value is not None:
            shown = str(value)
            if len(shown) > 80:
                shown = shown[:77] + "..."
            text += f": {shown!r}"
        super().__init__(text)


class DataError(_LocatedError):
    """The user's data is wrong: a facts file, the registry, a source, an RDF file."""


class DataErrors(DataError):
    """Several problems of the user's data reported together (one line each), such as every draft fact left.

    It is a :class:`DataError` (exit 2) whose message is its first problem's.
    """

    def __init__(self, errors: list[DataError]):
        first = errors[0]
        super().__init__(first.where, first.message, first.value)
        self.errors = list(errors)

    def lines(self) -> list[str]:
        return [e.one_line() for e in self.errors]


class OntologyError(_LocatedError):
    """The project's own ontology, shapes or query files are wrong."""


class UsageError(KGError):
    """A command was called wrongly (unknown query name, bad parameter...)."""


class EndpointError(KGError):
    """A SPARQL endpoint or Graph Store failed: down, timeout, HTTP error, not SPARQL."""

    exit_code = EXIT_ENDPOINT


class LimitError(_LocatedError):
    """A limit was reached: an input file larger than allowed, a full disk (exit 3, nothing written)."""

    exit_code = EXIT_ENDPOINT


class FolderLocked(KGError):
    """An output folder another process holds the lock of, and the command was told not to wait (exit 2)."""
