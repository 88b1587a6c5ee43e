"""The bytes, text and JSON behind a reader's source, each checked in one place.

Every reader of :mod:`attraktiv.io` and the map readers of
:mod:`attraktiv.geography.maps` take their source through these helpers, so a
wrong type, a missing file, an undeclared encoding, JSON nested without end or a
number with thousands of digits is one :class:`~attraktiv.errors.DataError`
naming the source, never a raw ``TypeError``, ``UnicodeDecodeError`` or
``RecursionError``.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from ..errors import DataError, InvalidOptionError

__all__ = [
    "MAX_JSON_DEPTH",
    "MAX_NUMBER_LENGTH",
    "checked_path",
    "decode_text",
    "load_json",
    "path_kind",
    "read_path_bytes",
    "shown",
    "where_path",
]

#: JSON-stat nests about six levels deep; anything past this is not a dataset.
MAX_JSON_DEPTH: Final = 64
#: Characters of one JSON number: a count or a float never needs more.
MAX_NUMBER_LENGTH: Final = 64

# Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE): the codec
# for the rest of the bytes and the encoding reported.
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Bytes that are control characters in Latin-1 but letters and signs in
# Windows-1252: with them a file's encoding is ambiguous.
_C1_CONTROLS: Final = re.compile(rb"[\x80-\x9f]")
_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")


def shown(value: object, limit: int = 60) -> str:
    """A value for a message: its repr, cut to about ``limit`` characters.

    Examples
    --------
    >>> shown("K-0301")
    "'K-0301'"
    >>> shown("9" * 100, limit=20)
    "'99999999999999...9'"
    """
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"


def where_path(path: Path) -> str:
    """A path as messages name it: quoted, cut to 200 characters."""
    return shown(str(path), limit=200)


def checked_path(source: object, *, argument: str, what: str) -> Path:
    """``source`` as the path of an existing file, else a DataError naming it.

    Refused: anything but text or a path-like object, an empty path, a
    folder, and a path with no file.
    """
    if not isinstance(source, str | os.PathLike):
        raise DataError(
            f"{argument} must be the path of a {what}; got {type(source).__name__}"
        )
    text = os.fspath(source)
    if not isinstance(text, str) or not text.strip() or "\x00" in text:
        raise DataError(f"{argument} must be the path of a {what}; got {shown(text)}")
    path = Path(text)
    kind = path_kind(path, argument)
    if kind == "folder":
        raise DataError(f"{argument} {where_path(path)} is a folder, not a {what}")
    if kind != "file":
        raise DataError(
            f"no {what} at {where_path(path)}; {argument} must name an existing file"
        )
    return path


def path_kind(path: Path, argument: str) -> str | None:
    """``"file"``, ``"folder"`` or None (nothing there), for a path to check.

    A path the system cannot even look at (a name too long, a NUL) is a
    DataError naming ``argument``, not an OSError or ValueError.
    """
    try:
        if path.is_dir():
            return "folder"
        return "file" if path.is_file() else None
    except (OSError, ValueError) as err:
        reason = getattr(err, "strerror", None) or err
        raise DataError(
            f"{argument} {where_path(path)} cannot be used as a path: {reason}"
        ) from None


def read_path_bytes(source: object, *, argument: str, what: str) -> tuple[bytes, str]:
    """The bytes of the file at ``source`` (a path) and how messages name it.

    Raises :class:`DataError` naming ``argument`` if ``source`` is not a path,
    is empty, names a folder or no file, or cannot be read.
    """
    path = checked_path(source, argument=argument, what=what)
    where = where_path(path)
    try:
        return path.read_bytes(), where
    except OSError as err:
        raise DataError(f"cannot read {where}: {err.strerror or err}") from None


def _offending(data: bytes, err: UnicodeDecodeError, shift: int = 0) -> str:
    return f"byte 0x{data[err.start]:02x} at offset {err.start + shift}"


def decode_text(
    data: bytes,
    where: str,
    *,
    encoding: str | None = None,
    fallback: str | None = None,
    remedy: str | None = None,
) -> tuple[str, str]:
    """Text and the encoding it was read with.

    A declared ``encoding`` is used as given. Otherwise a byte-order mark
    decides (UTF-8, UTF-16 or UTF-32), then UTF-8 without one, then
    ``fallback`` (Latin-1 for StatBank's exports) when it is unambiguous: no
    byte in 0x80-0x9F, where Latin-1 has control characters and Windows-1252
    has letters. Text holding a NUL byte (UTF-16 without its mark reads as
    valid UTF-8 with a NUL between letters) and anything else is a
    :class:`DataError` naming the byte and
    ending with ``remedy``: by default, with a ``fallback``, to declare the
    encoding with ``encoding=``, without one (JSON, which is UTF-8 by
    definition) to save the file as UTF-8.
    """
    if remedy is None:
        remedy = (
            "declare the encoding with encoding=..."
            if fallback is not None
            else "save it as UTF-8"
        )
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except (LookupError, TypeError, ValueError):
            raise InvalidOptionError(
                f"encoding {shown(encoding)} is not an encoding Python knows; give one "
                "such as 'utf-8', 'latin-1' or 'cp1252'"
            ) from None
        if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
            name = "utf-8-sig"
        try:
            return data.decode(name), name
        except UnicodeDecodeError as err:
            raise DataError(
                f"{where} is not {encoding!r} as declared: {_offending(data, err)} "
                "cannot be read in it"
            ) from None
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            rest = data[len(bom) :]
            try:
                return rest.decode(codec), name
            except UnicodeDecodeError as err:
                label = name.upper().removesuffix("-SIG")
                raise DataError(
                    f"{where} starts with a {label} byte-order mark but "
                    f"{_offending(rest, err, len(bom))} is not {label}: the file "
                    f"mixes encodings; {remedy}"
                ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        if fallback is None:
            raise DataError(
                f"{where} is not UTF-8: {_offending(data, err)}; {remedy}"
            ) from None
        if b"\x00" in data or _C1_CONTROLS.search(data):
            raise DataError(
                f"{where} is neither UTF-8 nor plain {fallback}: "
                f"{_offending(data, err)} is not UTF-8, and the file holds NUL or "
                "0x80-0x9F bytes, which suggest UTF-16 without a byte-order mark "
                f"or Windows-1252; {remedy}"
            ) from None
        return data.decode(fallback), fallback
    nul = text.find("\x00")
    if nul >= 0:
        # Valid UTF-8, but no text file holds NUL: UTF-16 without its
        # byte-order mark reads as letters between NULs.
        raise DataError(
            f"{where} holds a NUL byte at offset {len(text[:nul].encode())}, "
            "which no text file has: it looks like UTF-16 without a byte-order "
            f"mark; {remedy}"
        )
    return text, "utf-8"


class _JsonLimitError(Exception):
    """Raised inside the JSON parser's hooks; turned into a DataError."""


def _number(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def checked(text: str) -> Any:
        if len(text) > MAX_NUMBER_LENGTH:
            raise _JsonLimitError(
                f"a number of {len(text)} characters ({text[:20]}...), more than "
                f"{MAX_NUMBER_LENGTH}"
            )
        return parse(text)

    return checked


def _constant(name: str) -> Any:
    raise _JsonLimitError(f"{name}, which is not a JSON number (JSON has no {name})")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _JsonLimitError(
                    f"an object that repeats the key {key!r} (a parser keeps only "
                    "one of its values)"
                )
            seen.add(key)
    return found


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, without recursion."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = deepest = 0
    for bracket in brackets:
        depth += 1 if bracket in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_JSON_DEPTH:
                break
    return deepest


def load_json(text: str, where: str, expected: str) -> Any:
    """Parse JSON text with limits: depth, number length, unique keys, no NaN.

    ``expected`` ends every message (what the reader wanted instead).
    """
    if _depth(text) > MAX_JSON_DEPTH:
        raise DataError(
            f"{where} nests arrays or objects more than {MAX_JSON_DEPTH} levels "
            f"deep; {expected}"
        )
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_int=_number(int),
            parse_float=_number(float),
            parse_constant=_constant,
        )
    except json.JSONDecodeError as err:
        raise DataError(
            f"{where} is not JSON (line {err.lineno}, column {err.colno}: "
            f"{err.msg}); {expected}"
        ) from None
    except _JsonLimitError as err:
        raise DataError(f"{where} holds {err}; {expected}") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise DataError(f"{where} nests too deeply; {expected}") from None
