"""Reading an uploaded CSV file (the roster, revenue statements): UTF-8, a header row, strict
quoting. A file that cannot be read is one 422 naming the line, never a row made of half a
file: an unterminated quote, a field over the size limit or a NUL character stops the upload.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from domain.errors import InvalidRequest

# The csv module's limit on one value: 131,072 characters (128 KB), as documented.
MAX_FIELD_CHARS = csv.field_size_limit()


def _unreadable(line: int, reason: str) -> InvalidRequest:
    return InvalidRequest(
        f"line {line}: {reason}", param="file", code="invalid_csv", extra={"line": line}
    )


class CsvFile:
    """The header (each name passed through ``normalize``) and the rows of an uploaded file,
    as ``(line number, fields)``; a row with more values than the header has them under the
    key ``None``, one with fewer has ``None`` values."""

    def __init__(self, content: bytes, *, normalize: Callable[[str], str] = str.strip) -> None:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidRequest("the CSV file is not UTF-8", param="file") from None
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            raise _unreadable(line, "NUL characters (\\u0000) are not allowed")
        self._reader = csv.DictReader(io.StringIO(text), strict=True)
        names = self._read(lambda: self._reader.fieldnames) or []
        self.header = [normalize(name) for name in names]
        self._reader.fieldnames = self.header

    def _read(self, step: Callable[[], Any]) -> Any:
        first_line = self._reader.line_num + 1
        try:
            return step()
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = f"a value is longer than {MAX_FIELD_CHARS // 1024} KB"
            elif "unexpected end of data" in reason:
                reason = "a quoted value is never closed"
            raise _unreadable(first_line, reason) from None

    def check_header(self, *, required: Sequence[str], allowed: Sequence[str]) -> None:
        """Refuse a header missing a ``required`` column or naming one not ``allowed``: one
        422 ``invalid_csv_header`` for the file, listing ``missing``, ``unknown`` and
        ``allowed`` columns (no row can be read against a header that is not ours)."""
        missing = [c for c in required if c not in self.header]
        unknown = [h for h in self.header if h not in allowed]
        if not missing and not unknown:
            return
        problems = []
        if missing:
            problems.append(f"missing columns: {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown columns: {', '.join(unknown)}")
        optional = [c for c in allowed if c not in required]
        raise InvalidRequest(
            f"{'; '.join(problems)}; the header takes {', '.join(allowed)}"
            + (f" ({', '.join(optional)} optional)" if optional else ""),
            param="file",
            code="invalid_csv_header",
            extra={"missing": missing, "unknown": unknown, "allowed": list(allowed)},
        )

    def rows(self) -> Iterator[tuple[int, dict[str | None, Any]]]:
        while (row := self._read(lambda: next(self._reader, None))) is not None:
            yield self._reader.line_num, row
