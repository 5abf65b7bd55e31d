"""User-facing errors.

Every error a user can cause (bad params, bad raw data) is a subclass of
:class:`LkjipError`. Its message is in Bahasa Indonesia and names the file, row,
column and value involved, so the command-line interface can print it without a
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class LkjipError(Exception):
    """Base class of errors caused by user input; the message is shown as is."""


class ParamsError(LkjipError):
    """The params file is missing, unreadable or invalid."""


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file.

    Parameters
    ----------
    berkas : str
        File (or workbook sheet) in which the problem was found.
    pesan : str
        What is wrong and what was expected, in Bahasa Indonesia.
    baris : int or None
        1-based line number in the file (the header is line 1), if known.
    kolom : str or None
        Column name, if the problem is in one column.
    nilai : str or None
        The offending value as written.
    """

    berkas: str
    pesan: str
    baris: int | None = None
    kolom: str | None = None
    nilai: str | None = None

    def __str__(self) -> str:
        where = [self.berkas]
        if self.baris is not None:
            where.append(f"baris {self.baris}")
        if self.kolom is not None:
            where.append(f"kolom '{self.kolom}'")
        lead = ", ".join(where)
        if self.nilai is not None:
            return f"{lead}: nilai '{self.nilai}' — {self.pesan}"
        return f"{lead}: {self.pesan}"


class DataError(LkjipError):
    """One or more problems in the raw data.

    Parameters
    ----------
    problems : list of Problem
        All problems found; the message lists up to ``limit`` of them.
    """

    limit = 20

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [f"Data mentah tidak valid ({len(self.problems)} masalah):"]
        lines += [f"  - {p}" for p in self.problems[: self.limit]]
        if len(self.problems) > self.limit:
            lines.append(f"  ... dan {len(self.problems) - self.limit} masalah lain")
        super().__init__("\n".join(lines))
