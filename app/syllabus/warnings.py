"""What a parser did not understand, with the line it was on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseWarning:
    line: int  # 1-based line in the source file
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"
