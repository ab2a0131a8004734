"""The PO model and its strict, line-tracking reader.

``Entry`` and ``PoFile`` are the one in-memory model of a catalog: everything GNU
gettext keeps (every comment kind, previous msgids ``#|``/``#~|``, flags of obsolete
entries, plural forms, order, charset) plus the line of each field. The reader
rejects what GNU ``msgfmt`` rejects and names the file and line; Babel's and
polib's lenient readers silently drop a malformed or duplicate message, and a
catalog written back after that has lost a translation. ``catalogs.py`` writes.
"""

from __future__ import annotations

import codecs
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LocatedError

_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?[ \t]*(.*)\Z")
# Possessive quantifiers: linear time even on a 10 MB line or an unterminated string.
_STRING_RE = re.compile(r'"((?:[^"\\]++|\\.)*+)"[ \t]*\Z', re.DOTALL)
# GNU also reads several strings on one line: msgid "Sa" "ve".
_STRINGS_RE = re.compile(r'(?:"(?:[^"\\]++|\\.)*+"[ \t]*)++\Z', re.DOTALL)
_ONE_STRING_RE = re.compile(r'"((?:[^"\\]++|\\.)*+)"', re.DOTALL)
_PLAIN_KEYWORDS = frozenset(("msgid", "msgstr", "msgctxt", "msgid_plural"))
_ESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))", re.DOTALL)
_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}
# The charset of the header's Content-Type line ("CHARSET" in a fresh template).
_CHARSET_RE = re.compile(rb'"Content-Type:[^"\n]*?charset=([A-Za-z0-9._:-]+)', re.IGNORECASE)
_UTF8_NAMES = frozenset(("utf-8", "utf8", "charset"))


class PoSyntaxError(LocatedError):
    """The file is not a valid PO file; ``line`` is 1-based (None: the whole file)."""


@dataclass(slots=True)
class Entry:
    """One message of a catalog, with the line of its ``msgid``."""

    msgid: str = ""
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    auto_comments: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0
    msgstr_lines: list[int] = field(default_factory=list)  # of msgstr, or of each msgstr[n]

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def plural(self) -> bool:
        return self.msgid_plural is not None

    @property
    def strings(self) -> list[str]:
        """The translation(s): one string, or one per plural form."""
        return self.msgstr_plural if self.plural else [self.msgstr]

    def string_line(self, index: int = 0) -> int:
        """The line of ``msgstr`` (index 0) or ``msgstr[index]``; the msgid's if unknown."""
        lines = self.msgstr_lines
        return lines[index] if index < len(lines) else self.line

    @property
    def translated(self) -> bool:
        """Translated, not fuzzy, and (the stricter rule) no plural form left empty."""
        return not self.fuzzy and all(self.strings)


@dataclass
class PoFile:
    """A parsed catalog: the header, active entries and obsolete entries."""

    path: str
    header: Entry | None
    entries: list[Entry]
    obsolete: list[Entry]
    encoding: str = "utf-8"  # Python's name of the declared charset
    bom: bool = False  # the file began with a UTF-8 byte order mark (dropped on write)

    @property
    def headers(self) -> dict[str, str]:
        """The header fields (``Language``, ``Plural-Forms``...)."""
        return parse_header(self.header.msgstr) if self.header else {}

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)


def parse_header(text: str) -> dict[str, str]:
    """Split a header ``msgstr`` into its ``Name: value`` fields."""
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields[name.strip()] = value.strip()
    return fields


def read_po(path: Path, shown: str | None = None) -> PoFile:
    """Read and parse a PO file; every failure is a located ``PoSyntaxError``."""
    shown = shown or path.as_posix()
    return parse_po(read_bytes(path, shown), shown)


def read_bytes(path: Path, shown: str) -> bytes:
    """The bytes of a PO file; a directory or an unreadable file is a ``PoSyntaxError``."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise PoSyntaxError(shown, None, "is a directory, not a PO file") from None
    except OSError as e:
        raise PoSyntaxError(shown, None, f"cannot read: {e.strerror}") from e


def parse_po(data: bytes, path: str) -> PoFile:
    """Parse PO bytes, decoded with the charset the header declares (UTF-8 if none)."""
    bom = data.startswith(codecs.BOM_UTF8)
    text, encoding = _decode(data[3:] if bom else data, path, bom)
    with gc_paused():
        po = _Parser(path).parse(text, encoding)
    po.bom = bom
    return po


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building many small acyclic objects.

    A catalog is tens of thousands of entries and lists that reference counting
    frees on its own; the collector's passes over them took half the parse time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def declared_charset(data: bytes) -> str | None:
    """The charset named in the header's Content-Type line, as written."""
    match = _CHARSET_RE.search(data)
    return match.group(1).decode("ascii") if match else None


def _decode(data: bytes, path: str, bom: bool) -> tuple[str, str]:
    """Decode with the declared charset: never a silent guess, every failure located."""
    declared = declared_charset(data)
    if declared is None or declared.lower() in _UTF8_NAMES:
        codec = "utf-8"
    else:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            raise PoSyntaxError(
                path, _line_of(data, b"charset="), f"unknown charset {declared!r}"
            ) from None
    if bom and codec != "utf-8":
        raise PoSyntaxError(
            path, 1, f"a UTF-8 byte order mark, but the header says charset={declared}"
        )
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        name = declared if codec != "utf-8" else "UTF-8"
        raise PoSyntaxError(
            path,
            data[: e.start].count(b"\n") + 1,
            f"not valid {name} text: save the file as {name}, or declare its real charset "
            "in the Content-Type header",
        ) from None
    if codec != "utf-8" and not data.isascii() and _is_utf8(data):
        # Bytes that happen to decode in a legacy charset, but are really UTF-8 (an editor
        # saved UTF-8 without updating the header): decoding would make mojibake.
        first = next(i for i, byte in enumerate(data) if byte > 0x7F)
        raise PoSyntaxError(
            path,
            data[:first].count(b"\n") + 1,
            f"the header says charset={declared} but the file is UTF-8: "
            "change the Content-Type header to charset=UTF-8",
        )
    return text, codec


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _line_of(data: bytes, needle: bytes) -> int | None:
    index = data.find(needle)
    return data[:index].count(b"\n") + 1 if index >= 0 else None


def _unescape(body: str, path: str, line: int) -> str:
    if "\\" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        octal, hexa, char = match.groups()
        if octal:
            return chr(int(octal, 8))
        if hexa:
            return chr(int(hexa, 16) & 0xFF)
        if char in _ESCAPES:
            return _ESCAPES[char]
        raise PoSyntaxError(path, line, f"invalid escape sequence '\\{char}' in string")

    return _ESCAPE_RE.sub(replace, body)


class _Parser:
    """A state machine over lines; one instance parses one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: list[Entry] = []
        self.obsolete: list[Entry] = []
        self.header: Entry | None = None
        self.seen: dict[tuple[str | None, str], int] = {}
        self.entry = Entry()
        self.started = False  # a msgctxt or msgid keyword has been read for self.entry
        self.has_msgid = False
        self.has_msgstr = False
        self.target: str | None = None  # the field a continuation string extends
        self.index = 0

    def error(self, line: int, message: str) -> PoSyntaxError:
        return PoSyntaxError(self.path, line, message)

    def parse(self, text: str, encoding: str) -> PoFile:
        lineno = 0
        for lineno, raw in enumerate(text.split("\n"), start=1):
            stripped = raw.strip()  # also drops the \r of CRLF files
            if not stripped:
                continue
            if stripped[0] == "#":
                kind = stripped[1:2]
                if not self.has_msgid and (kind == "." or kind == ":"):
                    # The most common lines, between entries: no flush, no error possible.
                    self.target = None
                    body = stripped[2:]
                    if kind == ".":  # one space after "#." is the format; more is the note's
                        self.entry.auto_comments.append(body.removeprefix(" "))
                    else:
                        self.entry.references.extend(body.split())
                    continue
                self.comment(stripped, lineno, raw)
            elif stripped[0] == '"':
                self.continuation(stripped, lineno)
            elif not self.plain_string(stripped, lineno):
                self.keyword(stripped, lineno, obsolete=False)
        self.finish(lineno)
        return PoFile(self.path, self.header, self.entries, self.obsolete, encoding)

    def plain_string(self, line: str, lineno: int) -> bool:
        """Take the common ``msgid "..."``/``msgstr "..."`` line in one step, if it is one.

        Only lines that cannot be an error qualify (no escapes, right state); the rest,
        and every error message, go through ``keyword``.
        """
        if line[-1] != '"' or "\\" in line:
            return False
        if line.startswith('msgstr "'):
            entry = self.entry
            if not self.has_msgid or self.has_msgstr or entry.msgid_plural is not None:
                return False
            body = line[8:-1]
            if '"' in body:
                return False
            entry.msgstr = body
            entry.msgstr_lines.append(lineno)
            self.has_msgstr = True
            self.target = "msgstr"
            return True
        if line.startswith('msgid "') and not self.has_msgid:
            body = line[7:-1]
            if '"' in body:
                return False
            self.entry.msgid, self.entry.line = body, lineno
            self.started = self.has_msgid = True
            self.target = "msgid"
            return True
        return False

    def comment(self, line: str, lineno: int, raw: str) -> None:
        kind = line[1:2]
        if kind == "~":
            rest = line[2:].lstrip()
            if rest.startswith("|"):
                body = rest[1:].lstrip()
                if not body.startswith('"'):  # a new #~| keyword starts the next entry
                    self.start_comment(lineno)
                self.previous(body, lineno)
            elif rest.startswith('"'):
                self.continuation(rest, lineno)
            elif rest.startswith("#"):  # "#~ #, fuzzy": a comment inside an obsolete entry
                self.comment(rest, lineno, rest)
            elif rest:
                self.keyword(rest, lineno, obsolete=True)
            return
        self.start_comment(lineno)
        body = line[2:].strip()
        if kind == "|":
            self.previous(body, lineno)
            return
        self.target = None
        if kind == ",":
            self.entry.flags.extend(f.strip() for f in body.split(",") if f.strip())
        elif kind == ".":
            self.entry.auto_comments.append(line[2:].removeprefix(" "))
        elif kind == ":":
            self.entry.references.extend(body.split())
        else:
            # As written, trailing spaces included: msgcat keeps them too.
            self.entry.comments.append(raw.lstrip()[1:].rstrip("\r").removeprefix(" "))

    def start_comment(self, lineno: int) -> None:
        """A comment line ends the entry before it, or is an error inside one."""
        if self.has_msgstr:
            self.flush(lineno)
        elif self.has_msgid:
            raise self.error(self.entry.line, "missing 'msgstr' for this msgid")

    def previous(self, body: str, lineno: int) -> None:
        if body.startswith('"'):
            if self.target is None or not self.target.startswith("previous_"):
                raise self.error(lineno, "string continuation without a '#|' keyword before it")
            setattr(
                self.entry,
                self.target,
                getattr(self.entry, self.target) + self.string(body, lineno),
            )
            return
        match = _KEYWORD_RE.match(body)
        if not match or match.group(2) is not None or match.group(1) == "msgstr":
            raise self.error(lineno, f"invalid previous-message line '#| {body[:40]}'")
        self.target = f"previous_{match.group(1)}"
        setattr(self.entry, self.target, self.string(match.group(3), lineno))

    def continuation(self, line: str, lineno: int) -> None:
        value = self.string(line, lineno)
        target = self.target
        if target is None or target.startswith("previous_"):
            raise self.error(lineno, "a string without a keyword (msgid, msgstr...) before it")
        if target == "msgstr_plural":
            self.entry.msgstr_plural[-1] += value
        else:
            setattr(self.entry, target, getattr(self.entry, target) + value)

    def keyword(self, line: str, lineno: int, obsolete: bool) -> None:
        head, _, rest = line.partition(" ")
        index: str | None = None
        if head in _PLAIN_KEYWORDS:  # the common case, without a regex
            keyword, rest = head, rest.lstrip(" \t")
        else:
            match = _KEYWORD_RE.match(line)
            if not match:
                word = line.split(None, 1)[0][:40]
                raise self.error(
                    lineno, f"keyword {word!r} unknown (expected msgctxt, msgid or msgstr)"
                )
            keyword, index, rest = match.groups()
        value = self.string(rest, lineno)
        entry = self.entry
        if keyword in ("msgctxt", "msgid") and self.has_msgstr:
            self.flush(lineno)
            entry = self.entry
        if obsolete:
            entry.obsolete = True
        if keyword == "msgctxt":
            if self.started:
                raise self.error(lineno, "'msgctxt' must come before 'msgid'")
            entry.msgctxt, entry.line, self.started = value, lineno, True
        elif keyword == "msgid":
            if self.has_msgid:
                raise self.error(entry.line, "missing 'msgstr' for this msgid")
            entry.msgid, entry.line = value, lineno
            self.started = self.has_msgid = True
        elif not self.has_msgid or (keyword == "msgid_plural" and self.has_msgstr):
            raise self.error(lineno, f"'{keyword}' without a 'msgid' before it")
        elif keyword == "msgid_plural":
            if entry.msgid_plural is not None:
                raise self.error(lineno, "a second 'msgid_plural' in one message")
            entry.msgid_plural = value
        elif index is None:
            if entry.msgid_plural is not None:
                raise self.error(lineno, "a plural message needs 'msgstr[0]', 'msgstr[1]'...")
            if self.has_msgstr:
                raise self.error(lineno, "a second 'msgstr' in one message")
            entry.msgstr, self.has_msgstr = value, True
            entry.msgstr_lines.append(lineno)
        else:
            if entry.msgid_plural is None:
                raise self.error(lineno, f"'msgstr[{index}]' in a message without 'msgid_plural'")
            if int(index) != len(entry.msgstr_plural):
                expected = len(entry.msgstr_plural)
                raise self.error(
                    lineno, f"'msgstr[{index}]' out of order: expected msgstr[{expected}]"
                )
            entry.msgstr_plural.append(value)
            entry.msgstr_lines.append(lineno)
            self.has_msgstr = True
            self.target = "msgstr_plural"
            return
        self.target = keyword

    def string(self, text: str, lineno: int) -> str:
        if len(text) > 1 and text[0] == '"' and text[-1] == '"':
            body = text[1:-1]
            if '"' not in body and "\\" not in body:  # most strings: no regex, no escapes
                return body
        match = _STRING_RE.match(text)
        if match:
            return _unescape(match.group(1), self.path, lineno)
        if not text.startswith('"'):
            raise self.error(lineno, "expected a string in double quotes")
        if not _STRINGS_RE.match(text):
            raise self.error(lineno, "unterminated string (a '\"' inside must be written '\\\"')")
        bodies = _ONE_STRING_RE.findall(text)
        return "".join(_unescape(body, self.path, lineno) for body in bodies)

    def flush(self, lineno: int) -> None:
        entry = self.entry
        key = (entry.msgctxt, entry.msgid)  # an obsolete twin is a duplicate too, as in GNU
        if key in self.seen:
            first = self.seen[key]
            raise self.error(
                entry.line, f"duplicate message definition (first defined on line {first})"
            )
        self.seen[key] = entry.line
        if entry.obsolete:
            self.obsolete.append(entry)
        elif entry.msgid == "" and entry.msgctxt is None:
            self.header = entry
        else:
            self.entries.append(entry)
        self.entry = Entry()
        self.started = self.has_msgid = self.has_msgstr = False
        self.target = None

    def finish(self, lineno: int) -> None:
        if self.has_msgstr:
            self.flush(lineno)
        elif self.has_msgid:
            raise self.error(self.entry.line, "missing 'msgstr' for this msgid (file truncated?)")
        elif self.started:
            raise self.error(self.entry.line, "'msgctxt' without a 'msgid' (file truncated?)")
