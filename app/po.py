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
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final, NamedTuple

from .catalog_file import NotRegularFile, chunks
from .errors import LocatedError
from .lazy_regex import lazy_compile

_KEYWORD_RE = lazy_compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?[ \t]*(.*)\Z")
# Possessive quantifiers: linear time even on a 10 MB line or an unterminated string.
_STRING_RE = lazy_compile(r'"((?:[^"\\]++|\\.)*+)"[ \t]*\Z', re.DOTALL)
# GNU also reads several strings on one line: msgid "Sa" "ve".
_STRINGS_RE = lazy_compile(r'(?:"(?:[^"\\]++|\\.)*+"[ \t]*)++\Z', re.DOTALL)
_ONE_STRING_RE = lazy_compile(r'"((?:[^"\\]++|\\.)*+)"', re.DOTALL)
_PLAIN_KEYWORDS = frozenset(("msgid", "msgstr", "msgctxt", "msgid_plural"))
_ESCAPE_RE = lazy_compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))", re.DOTALL)
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
_CHARSET_RE = lazy_compile(rb'"Content-Type:[^"\n]*?charset=([A-Za-z0-9._:-]+)', re.IGNORECASE)
_UTF8_NAMES = frozenset(("utf-8", "utf8", "charset"))


class PoSyntaxError(LocatedError):
    """The file is not a valid PO file; ``line`` is 1-based (None: the whole file)."""


class UnknownCharset(PoSyntaxError):
    """The header declares a charset Python has no codec for (EUC-TW, a misspelling)."""


class MissingFile(PoSyntaxError):
    """There is no such file (a broken link, or removed while being checked).

    A class of its own, not told by ``__cause__``: the compiled reader (setup.py)
    does not keep the cause of an error raised in a generator.
    """


_ENTRY_FIELDS: Final = (
    "msgid",
    "msgstr",
    "msgctxt",
    "msgid_plural",
    "msgstr_plural",
    "flags",
    "auto_comments",
    "comments",
    "references",
    "previous_msgctxt",
    "previous_msgid",
    "previous_msgid_plural",
    "obsolete",
    "line",
    "msgstr_lines",  # of msgstr, or of each msgstr[n]
)


class Entry:
    """One message of a catalog, with the line of its ``msgid``.

    A plain class, not a dataclass: importing dataclasses and making the checker's
    records with it took a quarter of its start (see ``app.checks.model``).
    """

    __slots__ = _ENTRY_FIELDS
    msgid: str
    msgstr: str
    msgctxt: str | None
    msgid_plural: str | None
    msgstr_plural: list[str]
    flags: list[str]
    auto_comments: list[str]
    comments: list[str]
    references: list[str]
    previous_msgctxt: str | None
    previous_msgid: str | None
    previous_msgid_plural: str | None
    obsolete: bool
    line: int
    msgstr_lines: list[int]

    def __init__(
        self,
        msgid: str = "",
        msgstr: str = "",
        msgctxt: str | None = None,
        msgid_plural: str | None = None,
        msgstr_plural: list[str] | None = None,
        flags: list[str] | None = None,
        auto_comments: list[str] | None = None,
        comments: list[str] | None = None,
        references: list[str] | None = None,
        previous_msgctxt: str | None = None,
        previous_msgid: str | None = None,
        previous_msgid_plural: str | None = None,
        obsolete: bool = False,
        line: int = 0,
        msgstr_lines: list[int] | None = None,
    ) -> None:
        self.msgid = msgid
        self.msgstr = msgstr
        self.msgctxt = msgctxt
        self.msgid_plural = msgid_plural
        self.msgstr_plural = [] if msgstr_plural is None else msgstr_plural
        self.flags = [] if flags is None else flags
        self.auto_comments = [] if auto_comments is None else auto_comments
        self.comments = [] if comments is None else comments
        self.references = [] if references is None else references
        self.previous_msgctxt = previous_msgctxt
        self.previous_msgid = previous_msgid
        self.previous_msgid_plural = previous_msgid_plural
        self.obsolete = obsolete
        self.line = line
        self.msgstr_lines = [] if msgstr_lines is None else msgstr_lines

    def copy(self) -> Entry:
        """The same entry, with lists of its own: changing the copy leaves this one as it is."""
        return Entry(
            self.msgid,
            self.msgstr,
            self.msgctxt,
            self.msgid_plural,
            list(self.msgstr_plural),
            list(self.flags),
            list(self.auto_comments),
            list(self.comments),
            list(self.references),
            self.previous_msgctxt,
            self.previous_msgid,
            self.previous_msgid_plural,
            self.obsolete,
            self.line,
            list(self.msgstr_lines),
        )

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _ENTRY_FIELDS)

    def __eq__(self, other: object) -> bool:  # by value, so unhashable: it changes in place
        return isinstance(other, Entry) and self._values() == other._values()

    def __repr__(self) -> str:
        shown = (
            f"{name}={value!r}" for name, value in zip(_ENTRY_FIELDS, self._values(), strict=True)
        )
        return f"Entry({', '.join(shown)})"

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


class PoFile:
    """A parsed catalog: the header, active entries and obsolete entries."""

    def __init__(
        self,
        path: str,
        header: Entry | None,
        entries: list[Entry],
        obsolete: list[Entry],
        encoding: str = "utf-8",  # Python's name of the declared charset
        bom: bool = False,  # the file began with a UTF-8 byte order mark (dropped on write)
    ) -> None:
        self.path = path
        self.header = header
        self.entries = entries
        self.obsolete = obsolete
        self.encoding = encoding
        self.bom = bom

    def _values(self) -> tuple[object, ...]:
        return (self.path, self.header, self.entries, self.obsolete, self.encoding, self.bom)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PoFile) and self._values() == other._values()

    def __repr__(self) -> str:
        return f"PoFile({self.path!r}, {len(self.entries)} entries)"

    @property
    def headers(self) -> dict[str, str]:
        """The header fields (``Language``, ``Plural-Forms``...)."""
        return parse_header(self.header.msgstr) if self.header else {}

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)


# The standard fields, by their name in lower case: Python's gettext reads a header's
# names in any case (``plural-forms``), and msgfmt looks for ``nplurals=`` anywhere.
_FIELD_NAMES = {
    name.lower(): name
    for name in (
        "Project-Id-Version Report-Msgid-Bugs-To POT-Creation-Date PO-Revision-Date "
        "Last-Translator Language-Team Language MIME-Version Content-Type "
        "Content-Transfer-Encoding Plural-Forms"
    ).split()
}


def parse_header(text: str) -> dict[str, str]:
    """Split a header ``msgstr`` into its ``Name: value`` fields (standard names as standard)."""
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        name, sep, value = line.partition(":")
        name = name.strip()
        if sep and name:
            fields[_FIELD_NAMES.get(name.lower(), name)] = value.strip()
    return fields


def read_po(path: Path, shown: str | None = None) -> PoFile:
    """Read and parse a PO file; every failure is a located ``PoSyntaxError``."""
    shown = shown or path.as_posix()
    reader = PoReader(path, shown)
    with gc_paused():
        return reader.collect()


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
    reader = PoReader.from_bytes(data, path)
    with gc_paused():
        return reader.collect()


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


_key_hash = hash  # of a message's (msgctxt, msgid): duplicates are found by it, then confirmed
_CONFIRMED = 20  # duplicates confirmed by reading the first definition again; then the hash
# Bytes read at a time: memory stays flat however large the catalog. Small enough that a
# chunk, its text and its lines fit in memory the process already has: with 1 MiB, each
# chunk's lines took a fresh arena of the allocator and gave it back, and reading a
# catalog of 1 MB faulted in 18 MB of pages (4,700 faults; 650 at 64 KiB).
_CHUNK = 1 << 16


class Span(NamedTuple):
    """A part of a catalog: bytes ``start`` to ``end``, cut between two entries.

    ``line`` is the line number at ``start``; ``encoding`` the codec the whole file's
    header declares. A large catalog is checked in parts, side by side.
    """

    start: int
    end: int
    line: int
    encoding: str


class PoReader:
    """A catalog read as a stream: its entries one by one, in file order, never all at once.

    The checker runs its checks on each entry as it is read, so a catalog of any size
    is checked in little memory; ``collect`` builds the whole ``PoFile`` for the other
    commands. Bytes are read a chunk at a time, cut after a newline, and decoded with
    the declared charset; a decoding failure anywhere in the file wins over a syntax
    error after it, as when the whole file was decoded first.

    With a ``span``, only that part of the file is read, as if it were the whole file
    (the duplicates and the charset of the whole are for the caller to judge: see
    ``hashes`` and ``utf8``).
    """

    def __init__(self, path: Path, shown: str, span: Span | None = None) -> None:
        self.path = path
        self.shown = shown
        self.span = span
        self.encoding = span.encoding if span else "utf-8"
        self.bom = False
        self.header: Entry | None = None  # set once the header entry has been read
        self.hashes: Collection[int] = ()  # once read: the hash of each message's key
        # Once read, for a legacy charset: the first line that is not ASCII (0: none) and
        # whether all the bytes are valid UTF-8 (then the header's charset is wrong).
        self.utf8 = (0, True)
        self._data: bytes | None = None
        self._duplicates = True  # look for messages defined twice
        # None: the first message defined twice stops the reading (PoSyntaxError). A list:
        # each is added to it and left out of the entries, and the reading goes on.
        self.duplicates: list[PoSyntaxError] | None = None
        # False: a charset Python has no codec for stops the reading (PoSyntaxError). True:
        # the bytes are read one per character (ISO-8859-1), so that the structure, counts
        # and ASCII placeholders can still be checked.
        self.charset_fallback = False

    @classmethod
    def from_bytes(cls, data: bytes, shown: str) -> PoReader:
        """A reader over bytes already in memory."""
        reader = cls(Path(shown), shown)
        reader._data = data
        return reader

    def collect(self) -> PoFile:
        """Read everything into a ``PoFile``."""
        entries: list[Entry] = []
        obsolete: list[Entry] = []
        header = None
        for entry in self:
            if entry.obsolete:
                obsolete.append(entry)
            elif entry is self.header:
                header = entry
            else:
                entries.append(entry)
        return PoFile(self.shown, header, entries, obsolete, self.encoding, self.bom)

    def __iter__(self) -> Iterator[Entry]:
        """Every entry: the header, active and obsolete ones (``entry.obsolete``), in order."""
        parser = _Parser(self.shown, self._key_at if self._duplicates else None, self.duplicates)
        lines = self._lines()
        lineno = self.span.line - 1 if self.span else 0
        try:
            for batch in lines:
                done = parser.feed(batch, lineno)
                lineno += len(batch)
                if parser.header is not None and self.header is None:
                    self.header = parser.header
                yield from done
            done = parser.finish(part=self.span is not None)
            self.header = parser.header
            self.hashes = parser.seen.keys()
            yield from done
        except PoSyntaxError:
            for _ in lines:  # a decoding error further on is the one to report
                pass
            raise

    def _key_at(self, line: int) -> tuple[str | None, str] | None:
        """The msgctxt and msgid of the entry whose ``msgid`` (or msgctxt) is on ``line``."""
        again = PoReader(self.path, self.shown, self.span)
        again._data, again._duplicates = self._data, False  # not again for this one
        for entry in again:
            if entry.line == line:
                return entry.key
            if entry.line > line:
                break
        return None

    def names_flag(self, flag: str) -> bool:
        """Whether a flags line (``#, ...``) names ``flag``, read before the entries are.

        Some facts about a catalog must be known before its first entry is checked
        (a catalog of C code: any ``c-format``); this looks at the flags lines only.
        The flags of obsolete entries (``#~ #,``) do not count; the header's do.
        """
        needle = flag.encode("ascii")
        # Most catalogs never name it: their bytes are searched as they are read (the
        # overlap finds a name across two chunks), without cutting them into lines.
        overlap = b""
        for chunk in self._chunks():
            if needle in chunk or needle in overlap + chunk[: len(needle) - 1]:
                blocks = self.line_blocks()  # read again, in whole lines: is it a flag?
                return any(needle in block and _flag_named(block, needle) for block in blocks)
            overlap = chunk[1 - len(needle) :]
        return False

    def line_blocks(self) -> Iterator[bytes]:
        """The bytes, undecoded, in blocks of whole lines (``PoSyntaxError`` if unreadable)."""
        tail = b""
        for chunk in self._chunks():
            data = tail + chunk
            cut = data.rfind(b"\n") + 1
            if cut:
                yield data[:cut]
            tail = data[cut:]
        if tail:
            yield tail

    def _chunks(self) -> Iterator[bytes]:
        first, last = (self.span.start, self.span.end) if self.span else (0, None)
        if self._data is not None:
            end = len(self._data) if last is None else last
            for start in range(first, end, _CHUNK):
                yield self._data[start : min(start + _CHUNK, end)]
            return
        try:
            yield from chunks(self.path, first, last, _CHUNK)
        except OSError as e:
            raise self._os_error(e) from e

    def _os_error(self, error: OSError) -> PoSyntaxError:
        if isinstance(error, IsADirectoryError):
            return PoSyntaxError(self.shown, None, "is a directory, not a PO file")
        if isinstance(error, NotRegularFile):
            return PoSyntaxError(self.shown, None, "not a regular file")
        if isinstance(error, FileNotFoundError):
            return MissingFile(self.shown, None, f"cannot read: {error.strerror or error}")
        return PoSyntaxError(self.shown, None, f"cannot read: {error.strerror or error}")

    def _lines(self) -> Iterator[list[str]]:
        """Decoded lines, in batches that end at a newline (the last may not)."""
        chunks = self._chunks()
        if self.span is not None:
            return self._decoded(chunks, b"", self.span.encoding, None, self.span.line)
        buffer = bytearray()
        match = None
        for chunk in chunks:  # read until the charset is known (it is in the header)
            # A match cannot span a newline: search again from the last line read before.
            start = buffer.rfind(b"\n") + 1
            buffer += chunk
            match = _CHARSET_RE.search(buffer, start)
            if match and match.end() < len(buffer):
                break
        head = bytes(buffer)
        del buffer
        self.bom = head.startswith(codecs.BOM_UTF8)
        if self.bom:
            head = head[3:]
        declared = match.group(1).decode("ascii") if match else None
        try:
            codec = _codec(declared, head, self.shown, self.bom)
        except UnknownCharset:
            if not self.charset_fallback:
                raise
            codec = "latin-1"
        self.encoding = codec
        return self._decoded(chunks, head, codec, declared, 1)

    def _decoded(
        self, chunks: Iterator[bytes], head: bytes, codec: str, declared: str | None, line: int
    ) -> Iterator[list[str]]:
        """Lines of ``head`` and the chunks after it; ``line``: the number of the first."""
        check_utf8 = codec != "utf-8"  # legacy charset: are the bytes really UTF-8?
        all_utf8, first_non_ascii = True, 0
        pending = head  # ``line`` is the number of its first line
        decode = codecs.getincrementaldecoder(codec)("strict").decode
        finished = False
        while not finished:
            more = next(chunks, None)
            if more is None:
                finished, block, pending = True, pending, b""
            else:
                pending += more
                cut = pending.rfind(b"\n") + 1
                if cut == 0:
                    continue  # no newline yet: a long line, read on
                block, pending = pending[:cut], pending[cut:]
            try:
                text = decode(block, finished)
            except UnicodeError as e:  # UTF-16 without its byte order mark: no offset
                raise _decode_error(block, e, line, declared or codec, codec, self.shown) from None
            if check_utf8 and not block.isascii():
                if not first_non_ascii:
                    first = _NON_ASCII_RE.search(block)
                    assert first is not None  # the block is not ASCII
                    first_non_ascii = line + block.count(b"\n", 0, first.start())
                if all_utf8:
                    all_utf8 = _is_utf8(block)
            batch = text.split("\n")
            line += len(batch) - 1  # its newlines (counted in the bytes, twice as slow)
            if not finished:
                batch.pop()  # the empty piece after the block's last newline
            yield batch
        self.utf8 = (first_non_ascii, all_utf8)
        if check_utf8 and first_non_ascii and all_utf8 and self.span is None:
            # Bytes that happen to decode in a legacy charset, but are really UTF-8 (an
            # editor saved UTF-8 without updating the header): decoding would make mojibake.
            raise PoSyntaxError(
                self.shown,
                first_non_ascii,
                f"the header says charset={declared} but the file is UTF-8: "
                "change the Content-Type header to charset=UTF-8",
            )


_FLAGS_LINE_RE = lazy_compile(rb"^\s*#,([^\n]*)", re.MULTILINE)
_NON_ASCII_RE = lazy_compile(rb"[\x80-\xff]")


def _flag_named(data: bytes, flag: bytes) -> bool:
    return any(
        flag in (part.strip() for part in match.group(1).split(b","))
        for match in _FLAGS_LINE_RE.finditer(data)
    )


def text_codec(charset: str) -> str | None:
    """Python's name of the text encoding ``charset`` names; None when it names none.

    Not every codec decodes bytes to text: ``base64``, ``zlib`` or ``rot13`` are codecs
    too, and ``undefined`` decodes nothing.
    """
    try:
        codec = codecs.lookup(charset)
        decoder = codec.incrementaldecoder
        text = decoder("strict").decode(b"", True) if decoder is not None else None
    except (LookupError, UnicodeError, TypeError):
        return None
    return codec.name if isinstance(text, str) else None


def _codec(declared: str | None, head: bytes, path: str, bom: bool) -> str:
    """Python's codec for the declared charset: never a silent guess, every failure located."""
    if declared is None or declared.lower() in _UTF8_NAMES:
        codec = "utf-8"
    else:
        found = text_codec(declared)
        if found is None:
            raise UnknownCharset(
                path,
                _line_of(head, b"charset="),
                f"charset {declared!r} is unknown to Python (GNU gettext may know it)",
            )
        codec = found
    if bom and codec != "utf-8":
        raise PoSyntaxError(
            path, 1, f"a UTF-8 byte order mark, but the header says charset={declared}"
        )
    return codec


def _decode_error(
    block: bytes, error: UnicodeError, line: int, declared: str, codec: str, path: str
) -> PoSyntaxError:
    """The located error for bytes that do not decode; ``line`` is the block's first."""
    start = 0
    try:  # the offset within this block (a stateful decoder may count from elsewhere)
        block.decode(codec)
        if isinstance(error, UnicodeDecodeError):
            start = min(error.start, len(block))
    except UnicodeDecodeError as e:
        start = e.start
    except UnicodeError:
        pass
    name = declared if codec != "utf-8" else "UTF-8"
    return PoSyntaxError(
        path,
        line + block.count(b"\n", 0, start),
        f"not valid {name} text: save the file as {name}, or declare its real charset "
        "in the Content-Type header",
    )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _line_of(data: bytes, needle: bytes) -> int | None:
    index = data.find(needle)
    return data[:index].count(b"\n") + 1 if index >= 0 else None


# GNU's words: one entry's lines are all obsolete (#~) or none is.
_INCONSISTENT = "inconsistent use of #~: an entry's lines are all obsolete (#~) or none is"


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
    """A state machine over lines; one instance parses one file, fed in batches of lines.

    The loop in ``feed`` takes the common lines (comments, one-line strings without
    escapes, continuation lines) itself; everything else, and every error, goes
    through the general methods below it.
    """

    __slots__ = (
        "path",
        "key_at",
        "header",
        "done",
        "seen",
        "entry",
        "started",
        "has_msgid",
        "has_msgstr",
        "target",
        "duplicates",
    )

    def __init__(
        self,
        path: str,
        key_at: Callable[[int], tuple[str | None, str] | None] | None,
        duplicates: list[PoSyntaxError] | None = None,
    ) -> None:
        self.path = path
        self.key_at = key_at  # None: duplicates are not looked for
        self.duplicates = duplicates  # see ``PoReader.duplicates``
        self.header: Entry | None = None
        self.done: list[Entry] = []  # entries completed in the current batch
        # The line of each message so far, by the hash of its msgctxt and msgid (a list
        # when hashes collide): a catalog's messages are not all kept in memory.
        self.seen: dict[int, int | list[int]] = {}
        self.entry = Entry()
        self.started = False  # a msgctxt or msgid keyword has been read for self.entry
        self.has_msgid = False
        self.has_msgstr = False
        self.target: str | None = None  # the field a continuation string extends

    def error(self, line: int, message: str) -> PoSyntaxError:
        return PoSyntaxError(self.path, line, message)

    def feed(self, lines: list[str], lineno: int) -> list[Entry]:
        """Parse lines ``lineno + 1`` onwards; the entries they complete."""
        done: list[Entry] = []
        self.done = done
        entry = self.entry  # refreshed after every call that may end the entry
        for raw in lines:
            lineno += 1
            line = raw.strip()  # also drops the \r of CRLF files
            if not line:
                continue
            first = line[0]
            if first == '"':
                body = line[1:-1]
                target = self.target
                if (
                    target is not None
                    and line[-1] == '"'
                    and len(line) > 1
                    and "\\" not in body
                    and '"' not in body
                    and not entry.obsolete  # an active line in an obsolete entry: an error
                ):
                    if target == "msgstr":
                        entry.msgstr += body
                        continue
                    if target == "msgid":
                        entry.msgid += body
                        continue
                    if target == "msgstr_plural":
                        entry.msgstr_plural[-1] += body
                        continue
                self.continuation(line, lineno)
            elif first == "#":
                kind = line[1:2]
                if kind == "~" or kind == "|":
                    self.comment(line, lineno, raw)
                    entry = self.entry
                    continue
                if self.has_msgid:
                    if not self.has_msgstr:
                        raise self.error(entry.line, "missing 'msgstr' for this msgid")
                    self.flush()
                    entry = self.entry
                self.target = None
                if kind == ".":  # one space after "#." is the format; more is the note's
                    entry.auto_comments.append(line[2:].removeprefix(" "))
                elif kind == ":":
                    entry.references += line[2:].split()
                elif kind == ",":
                    entry.flags += [f for f in (f.strip() for f in line[2:].split(",")) if f]
                else:
                    # As written, trailing spaces included: msgcat keeps them too.
                    entry.comments.append(raw.lstrip()[1:].rstrip("\r").removeprefix(" "))
            elif first == "m" and line[-1] == '"' and "\\" not in line:
                if line.startswith('msgstr "'):
                    body = line[8:-1]
                    if (
                        len(line) > 8
                        and self.has_msgid
                        and not self.has_msgstr
                        and entry.msgid_plural is None
                        and '"' not in body
                    ):
                        entry.msgstr = body
                        entry.msgstr_lines.append(lineno)
                        self.has_msgstr = True
                        self.target = "msgstr"
                        continue
                elif line.startswith('msgid "'):
                    body = line[7:-1]
                    if (
                        len(line) > 7
                        and '"' not in body
                        and (self.has_msgstr or not self.has_msgid)
                    ):
                        if self.has_msgstr:
                            self.flush()
                            entry = self.entry
                        entry.msgid, entry.line = body, lineno
                        self.started = self.has_msgid = True
                        self.target = "msgid"
                        continue
                self.keyword(line, lineno, obsolete=False)
                entry = self.entry
            else:
                self.keyword(line, lineno, obsolete=False)
                entry = self.entry
        return done

    def comment(self, line: str, lineno: int, raw: str) -> None:
        kind = line[1:2]
        while kind == "~":
            rest = line[2:].lstrip()
            if rest.startswith("|"):
                body = rest[1:].lstrip()
                if not body.startswith('"'):  # a new #~| keyword starts the next entry
                    self.start_comment()
                self.previous(body, lineno)
            elif rest.startswith('"'):
                self.continuation(rest, lineno, obsolete=True)
            elif rest.startswith("#"):  # "#~ #, fuzzy": a comment inside an obsolete entry
                line = raw = rest
                kind = line[1:2]
                continue
            elif rest:
                self.keyword(rest, lineno, obsolete=True)
            return
        self.start_comment()
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

    def start_comment(self) -> None:
        """A comment line ends the entry before it, or is an error inside one."""
        if self.has_msgstr:
            self.flush()
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

    def continuation(self, line: str, lineno: int, obsolete: bool = False) -> None:
        value = self.string(line, lineno)
        target = self.target
        if target is None or target.startswith("previous_"):
            raise self.error(lineno, "a string without a keyword (msgid, msgstr...) before it")
        if obsolete != self.entry.obsolete:
            raise self.error(lineno, _INCONSISTENT)
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
            self.flush()
            entry = self.entry
        if self.started and obsolete != entry.obsolete:
            raise self.error(lineno, _INCONSISTENT)
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
            if len(index) > 12:  # as written, but never thousands of digits
                index = index[:12] + "…"
            if entry.msgid_plural is None:
                raise self.error(lineno, f"'msgstr[{index}]' in a message without 'msgid_plural'")
            expected = len(entry.msgstr_plural)
            if index.lstrip("0") != (str(expected) if expected else ""):  # no int(): any length
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

    def flush(self) -> None:
        entry = self.entry
        if self.key_at is None or self.remember(entry):
            if not entry.obsolete and entry.msgid == "" and entry.msgctxt is None:
                self.header = entry
            self.done.append(entry)
        self.entry = Entry()
        self.started = self.has_msgid = self.has_msgstr = False
        self.target = None

    def remember(self, entry: Entry) -> bool:
        """Note the entry's msgctxt and msgid; False for a message defined twice.

        A message defined twice is an error, raised, or collected in ``duplicates``.
        """
        key = (entry.msgctxt, entry.msgid)  # an obsolete twin is a duplicate too, as in GNU
        digest = _key_hash(key)
        before = self.seen.get(digest)
        if before is None:
            self.seen[digest] = entry.line
            return True
        assert self.key_at is not None
        lines = [before] if isinstance(before, int) else before
        for first in lines:  # the same hash: the same message, unless two keys collide
            # Confirming reads the file again: past a few, a 64-bit hash is proof enough
            # (a concatenated catalog must not take a re-reading per message).
            confirmed = self.duplicates is not None and len(self.duplicates) >= _CONFIRMED
            if confirmed or self.key_at(first) == key:
                error = self.error(
                    entry.line, f"duplicate message definition (first defined on line {first})"
                )
                if self.duplicates is None:
                    raise error
                self.duplicates.append(error)
                return False
        self.seen[digest] = [*lines, entry.line]
        return True

    def finish(self, part: bool = False) -> list[Entry]:
        """The last entry, once the file (or ``part`` of it) has ended."""
        self.done = []
        if self.has_msgstr:
            self.flush()
        elif self.has_msgid:
            raise self.error(self.entry.line, "missing 'msgstr' for this msgid (file truncated?)")
        elif self.started:
            raise self.error(self.entry.line, "'msgctxt' without a 'msgid' (file truncated?)")
        elif part and self.entry != Entry():
            # Comments with no message after them: at the end of a file they are dropped,
            # but a part that ends so was cut inside an entry.
            raise self.error(0, "a part of the catalog ends inside an entry")
        return self.done
