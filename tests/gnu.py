"""GNU gettext as the oracle: run msgmerge, msgfmt and msgcat, and compare catalogs entry by entry.

Catalogs are compared as parsed entries, never as bytes: GNU and we may wrap long strings at
different columns and both are right. The reader here is deliberately independent of
``app.po`` (a small strict parser of what GNU writes), so a bug in our parser cannot hide
the same bug in our merge.
"""

from __future__ import annotations

import difflib
import os
import random
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from app.po import Entry, PoFile

TOOLS = ("msgmerge", "msgfmt", "msgcat")
INSTALL_HINT = "install GNU gettext: `sudo apt-get install gettext` (macOS: `brew install gettext`)"
# GNU's messages in English, and no translation of its own diagnostics.
_ENV = {**os.environ, "LC_ALL": "C", "LANGUAGE": ""}


def missing_tools() -> list[str]:
    """The GNU gettext programs that are not on PATH."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def require_gettext() -> None:
    """Skip the calling test when GNU gettext is missing; under CI=true, fail instead."""
    missing = missing_tools()
    if not missing:
        return
    message = f"{', '.join(missing)} not found: {INSTALL_HINT}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}. CI=true: the GNU comparison tests must run, never skip.")
    pytest.skip(message)


def run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    """Run a gettext program with C-locale messages; never raises on a non-zero exit."""
    return subprocess.run([str(a) for a in args], capture_output=True, env=_ENV, timeout=300)


def msgmerge(definitions: Path, reference: Path, out: Path) -> Path:
    """``msgmerge --previous -o OUT DEF REF`` (wrapping as users get it); returns ``out``."""
    done = run("msgmerge", "--quiet", "--previous", "-o", out, definitions, reference)
    if done.returncode != 0:
        raise AssertionError(f"msgmerge failed on {definitions} {reference}:\n{_text(done)}")
    return out


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[bytes]:
    """``msgfmt -c -o /dev/null PATH``: the catalog's syntax, header, plurals and formats."""
    return run("msgfmt", "-c", "-o", os.devnull, path)


def assert_msgfmt_ok(path: Path, *, allow_warnings: bool = False) -> None:
    """Fail the test with msgfmt's own output unless ``msgfmt -c`` accepts ``path``."""
    done = msgfmt_check(path)
    output = _text(done)
    if done.returncode != 0 or (output.strip() and not allow_warnings):
        pytest.fail(f"msgfmt -c rejects {path} (exit {done.returncode}):\n{output}", pytrace=False)


def msgcat(path: Path) -> bytes:
    """The catalog as GNU reads and writes it back (``msgcat --no-wrap``)."""
    done = run("msgcat", "--no-wrap", "--force-po", "-o", "-", path)
    if done.returncode != 0:
        raise AssertionError(f"msgcat rejects {path}:\n{_text(done)}")
    return done.stdout


def _text(done: subprocess.CompletedProcess[bytes]) -> str:
    return (done.stdout + done.stderr).decode("utf-8", "replace")


# -- the canonical form ----------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """One entry in comparable form: strings as tuples, flags sorted, comments as lines."""

    msgid: str
    msgstr: tuple[str, ...] = ("",)  # one string, or one per plural form
    msgctxt: str | None = None
    msgid_plural: str | None = None
    flags: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    comments: tuple[str, ...] = ()
    auto_comments: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    obsolete: bool = False

    @property
    def key(self) -> tuple[bool, str | None, str]:
        return (self.obsolete, self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def label(self) -> str:
        """How a mismatch report names the entry."""
        if self.msgid == "" and self.msgctxt is None and not self.obsolete:
            return "header"
        where = "obsolete " if self.obsolete else ""
        context = f" (msgctxt {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"{where}msgid {_short(self.msgid)}{context}"


FIELDS = tuple(f.name for f in fields(Message))
# What the brief's comparisons always look at; the rest can be switched on per test.
CORE_FIELDS = (
    "msgid",
    "msgstr",
    "msgctxt",
    "msgid_plural",
    "flags",
    "previous_msgctxt",
    "previous_msgid",
    "previous_msgid_plural",
    "comments",
    "obsolete",
)


def message(**values: Any) -> Message:
    """A Message, normalizing lists to tuples and sorting flags."""
    for name in ("msgstr", "flags", "comments", "auto_comments", "references"):
        if name in values and not isinstance(values[name], tuple):
            values[name] = tuple(values[name])
    if "flags" in values:
        values["flags"] = tuple(sorted(values["flags"]))
    return Message(**values)


def from_entry(entry: Entry) -> Message:
    """Our model's entry (``app.po.Entry``) in canonical form."""
    return message(
        msgid=entry.msgid,
        msgstr=entry.strings,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        flags=entry.flags,
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        comments=entry.comments,
        auto_comments=entry.auto_comments,
        references=[r for ref in entry.references for r in ref.split()],
        obsolete=entry.obsolete,
    )


def from_po(po: PoFile) -> list[Message]:
    """Our parsed or merged catalog in canonical form: header, active entries, obsolete ones."""
    header = [from_entry(po.header)] if po.header is not None else []
    return header + [from_entry(e) for e in po.entries] + [from_entry(e) for e in po.obsolete]


def canonical(path: Path, *, via_msgcat: bool = False) -> list[Message]:
    """A PO file in canonical form, in file order; through ``msgcat`` first if asked.

    Without msgcat this reads exactly what the file says (an untranslated obsolete entry
    written by mistake shows up); with it, what GNU makes of the file.
    """
    data = msgcat(path) if via_msgcat else path.read_bytes()
    return parse(data, str(path))


# -- an independent reader -------------------------------------------------------------

_CHARSET_RE = re.compile(rb"charset=([A-Za-z0-9._:-]+)")
_KEYWORD_RE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(".*")\s*\Z')
_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"\s*\Z', re.DOTALL)
_ESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


class PoReadError(ValueError):
    """The test reader cannot make sense of a line."""


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        octal, hexa, char = match.groups()
        if octal:
            return chr(int(octal, 8))
        if hexa:
            return chr(int(hexa, 16))
        return _ESCAPES.get(char, char)

    return _ESCAPE_RE.sub(one, body)


def _string(text: str, where: str) -> str:
    match = _STRING_RE.match(text.strip())
    if not match:
        raise PoReadError(f"{where}: not a quoted string: {text!r}")
    return _unescape(match.group(1))


class _Draft:
    """The entry being read: its fields as lists until the entry is complete."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.forms: dict[int, str] = {}
        self.lists: dict[str, list[str]] = {
            "flags": [],
            "comments": [],
            "auto_comments": [],
            "references": [],
        }
        self.last: str | None = None  # the field a continuation line extends
        self.obsolete = False

    @property
    def has_msgstr(self) -> bool:
        return "msgstr" in self.values or bool(self.forms)

    def set(self, name: str, value: str) -> None:
        if name.startswith("msgstr["):
            self.forms[int(name[7:-1])] = value
        else:
            self.values[name] = value
        self.last = name

    def extend(self, value: str, where: str) -> None:
        if self.last is None:
            raise PoReadError(f"{where}: a string with no keyword before it")
        if self.last.startswith("msgstr["):
            self.forms[int(self.last[7:-1])] += value
        else:
            self.values[self.last] += value

    def build(self, where: str) -> Message:
        if "msgid" not in self.values or not self.has_msgstr:
            raise PoReadError(f"{where}: an entry without msgid or msgstr")
        plural = "msgid_plural" in self.values
        if plural:
            msgstr = tuple(self.forms[i] for i in range(len(self.forms)))
        else:
            msgstr = (self.values["msgstr"],)
        return message(
            msgid=self.values["msgid"],
            msgstr=msgstr,
            msgctxt=self.values.get("msgctxt"),
            msgid_plural=self.values.get("msgid_plural"),
            previous_msgctxt=self.values.get("previous_msgctxt"),
            previous_msgid=self.values.get("previous_msgid"),
            previous_msgid_plural=self.values.get("previous_msgid_plural"),
            obsolete=self.obsolete,
            **self.lists,
        )


def parse(data: bytes, name: str = "<po>") -> list[Message]:
    """Read PO bytes into canonical Messages, in file order (header first if it is first)."""
    found = _CHARSET_RE.search(data)
    encoding = found.group(1).decode("ascii") if found else "utf-8"
    if encoding.upper() == "CHARSET":  # an untouched template header
        encoding = "utf-8"
    text = data.decode(encoding)
    messages: list[Message] = []
    draft = _Draft()
    for number, raw in enumerate(text.splitlines(), start=1):
        where = f"{name}:{number}"
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        obsolete = line.startswith("#~")
        body = line[2:].lstrip() if obsolete else line
        previous = body.startswith("#|") or (obsolete and body.startswith("|"))
        if previous:
            body = body[2:].lstrip() if body.startswith("#|") else body[1:].lstrip()
        is_comment = not obsolete and not previous and body.startswith("#")
        starts_entry = is_comment or previous or body.startswith(("msgctxt", "msgid "))
        if starts_entry and draft.has_msgstr:
            messages.append(draft.build(where))
            draft = _Draft()
        if obsolete:
            draft.obsolete = True
        if is_comment:
            _comment(draft, body)
        elif body.startswith('"'):
            draft.extend(_string(body, where), where)
        else:
            match = _KEYWORD_RE.match(body)
            if not match:
                raise PoReadError(f"{where}: cannot read {line!r}")
            keyword = match.group(1)
            if previous and keyword.startswith("msgstr"):
                raise PoReadError(f"{where}: a previous msgstr")
            name = f"previous_{keyword}" if previous else keyword
            draft.set(name, _string(match.group(3), where))
    if draft.values:  # GNU ignores comments after the last entry, and so do we
        messages.append(draft.build(f"{name}:end"))
    return messages


def _comment(draft: _Draft, line: str) -> None:
    draft.last = None
    kind = line[1:2]
    if kind == ",":
        draft.lists["flags"] += [f.strip() for f in line[2:].split(",") if f.strip()]
    elif kind == ":":
        draft.lists["references"] += line[2:].split()
    elif kind == ".":
        draft.lists["auto_comments"].append(line[2:].removeprefix(" "))
    else:
        draft.lists["comments"].append(line[1:].removeprefix(" "))


# -- an independent writer -------------------------------------------------------------


def quote(text: str) -> str:
    """A PO string literal, split after each newline as GNU does, never wrapped."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    )
    parts = escaped.split("\n")
    pieces = [p + "\\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    if len(pieces) <= 1:
        return f'"{pieces[0] if pieces else ""}"'
    return '""\n' + "\n".join(f'"{p}"' for p in pieces)


def po_text(messages: Iterable[Message]) -> str:
    """A PO file with these entries, in this order (put the header first)."""
    blocks = []
    for m in messages:
        lines = [f"# {c}" if c else "#" for c in m.comments]
        lines += [f"#. {c}" if c else "#." for c in m.auto_comments]
        if m.references:
            lines.append("#: " + " ".join(m.references))
        if m.flags:
            lines.append("#, " + ", ".join(m.flags))
        prefix = "#~ " if m.obsolete else ""
        for name in ("msgctxt", "msgid", "msgid_plural"):
            value = getattr(m, f"previous_{name}")
            if value is not None:
                lines.append(_keyword("#~| " if m.obsolete else "#| ", name, value))
        if m.msgctxt is not None:
            lines.append(_keyword(prefix, "msgctxt", m.msgctxt))
        lines.append(_keyword(prefix, "msgid", m.msgid))
        if m.msgid_plural is not None:
            lines.append(_keyword(prefix, "msgid_plural", m.msgid_plural))
            lines += [_keyword(prefix, f"msgstr[{i}]", s) for i, s in enumerate(m.msgstr)]
        else:
            lines.append(_keyword(prefix, "msgstr", m.msgstr[0]))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _keyword(prefix: str, name: str, value: str) -> str:
    text = f"{name} {quote(value)}"
    return "\n".join(prefix + line for line in text.split("\n"))


def write_po(path: Path, messages: Iterable[Message]) -> Path:
    """Write ``po_text(messages)`` as UTF-8; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(po_text(messages), encoding="utf-8")
    return path


# -- a release's worth of template changes ---------------------------------------------

EDIT, DELETE, ADD = 0.10, 0.05, 0.05  # shares of messages changed, deleted, added
_WORD_RE = re.compile(r"[^\W\d_]{3,}")  # a word worth changing: letters only, 3 or more
POT_HEADER = (
    "Project-Id-Version: PACKAGE VERSION\n"
    "Report-Msgid-Bugs-To: bugs@example.org\n"
    "POT-Creation-Date: 2030-01-01 00:00+0000\n"
    "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\n"
    "Last-Translator: FULL NAME <EMAIL@ADDRESS>\n"
    "Language-Team: LANGUAGE <LL@li.org>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
)


def release_template(messages: list[Message], rng: random.Random) -> list[Message]:
    """A .pot for the catalog's active messages, with a release's worth of changes."""
    active = [m for m in messages if not m.obsolete and not (m.msgid == "" and m.msgctxt is None)]
    vocabulary = sorted({w for m in active for w in _WORD_RE.findall(m.msgid)}) or ["word"]
    taken = {(m.msgctxt, m.msgid) for m in active}
    body = []
    for m in active:
        roll = rng.random()
        if roll < DELETE:
            continue
        entry = as_template(m)
        if roll < DELETE + EDIT:
            entry = with_word_changed(entry, rng, vocabulary, taken)
        body.append(entry)
    for _ in range(max(1, round(ADD * len(active)))):
        if body and rng.random() < 0.5:
            original = rng.choice(body)
            new = with_word_changed(original, rng, vocabulary, taken)
            if new is original:
                continue
        else:
            words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 12))]
            new = message(msgid=" ".join(words).capitalize(), references=["new.c:1"])
            if (new.msgctxt, new.msgid) in taken:
                continue
            taken.add((new.msgctxt, new.msgid))
        body.insert(rng.randint(0, len(body)), new)
    header = message(msgid="", msgstr=(POT_HEADER,), flags=["fuzzy"])
    return [header, *body]


def as_template(m: Message) -> Message:
    """The message as xgettext would extract it: no translation, no fuzzy, no history."""
    return message(
        msgid=m.msgid,
        msgstr=("", "") if m.msgid_plural is not None else ("",),
        msgctxt=m.msgctxt,
        msgid_plural=m.msgid_plural,
        flags=[f for f in m.flags if f != "fuzzy"],
        auto_comments=m.auto_comments,
        references=m.references,
    )


def with_word_changed(
    m: Message, rng: random.Random, vocabulary: list[str], taken: set[tuple[str | None, str]]
) -> Message:
    """``m`` with one word replaced (or one appended), the plural alike; unique key."""
    for _ in range(5):
        words = m.msgid.split(" ")
        choices = [i for i, w in enumerate(words) if _WORD_RE.fullmatch(w)]
        new_word = rng.choice(vocabulary)
        if choices:
            i = rng.choice(choices)
            old = words[i]
            words[i] = new_word
        else:
            old = None
            words.append(new_word)
        msgid = " ".join(words)
        plural = m.msgid_plural
        if plural is not None and old is not None:
            plural = plural.replace(old, new_word, 1)
        if (m.msgctxt, msgid) not in taken and msgid != m.msgid:
            taken.add((m.msgctxt, msgid))
            return replace(m, msgid=msgid, msgid_plural=plural)
    return m


# -- comparing -------------------------------------------------------------------------


def differences(
    expected: Sequence[Message],
    actual: Sequence[Message],
    *,
    names: tuple[str, str] = ("GNU", "ours"),
    compare: Sequence[str] = FIELDS,
    order: bool = True,
) -> list[str]:
    """Every way ``actual`` differs from ``expected``, one readable line each."""
    left, right = names
    problems = []
    for side, messages in ((left, expected), (right, actual)):
        keys = [m.key for m in messages]
        problems += [f"{side} has {key} twice" for key in {k for k in keys if keys.count(k) > 1}]
    want = {m.key: m for m in expected}
    got = {m.key: m for m in actual}
    for key, m in want.items():
        if key not in got:
            problems.append(f"only in {left}: {_show(m, compare)}")
    for key, m in got.items():
        if key not in want:
            problems.append(f"only in {right}: {_show(m, compare)}")
    for key, m in want.items():
        other = got.get(key)
        if other is None:
            continue
        for name in compare:
            a, b = getattr(m, name), getattr(other, name)
            if a == b:
                continue
            if m.msgid == "" and name == "msgstr":
                a, b = _header_lines(a[0], b[0])
            problems.append(f"{m.label()}: {name}: {left}={a!r} {right}={b!r}")
    if order and not problems:
        left_keys = [m.key for m in expected]
        right_keys = [m.key for m in actual]
        if left_keys != right_keys:
            at = next(
                i for i, (a, b) in enumerate(zip(left_keys, right_keys, strict=True)) if a != b
            )
            problems.append(
                f"entry order differs from position {at}: "
                f"{left}={left_keys[at : at + 3]!r} {right}={right_keys[at : at + 3]!r}"
            )
    return problems


def assert_same(
    expected: Sequence[Message],
    actual: Sequence[Message],
    context: str,
    *,
    names: tuple[str, str] = ("GNU", "ours"),
    compare: Sequence[str] = FIELDS,
    order: bool = True,
) -> None:
    """Fail with every difference, each naming the entry and both sides."""
    problems = differences(expected, actual, names=names, compare=compare, order=order)
    if problems:
        shown = "\n  ".join(problems[:40])
        more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
        pytest.fail(f"{context}: {len(problems)} difference(s)\n  {shown}{more}", pytrace=False)


def lost_translations(before: Sequence[Message], after: Sequence[Message]) -> list[str]:
    """Each non-empty msgstr of ``before`` that ``after`` no longer has, active or obsolete.

    Where GNU itself drops text, so may we: a plural message that loses its plural keeps
    only its first form, and one whose first form is empty is not written when obsolete.
    """
    present = {s for m in after for s in m.msgstr}
    plural_first = {m.msgstr[0] for m in after if m.msgid_plural is not None}
    problems = []
    for m in before:
        if m.msgid == "" and m.msgctxt is None:
            continue  # the header is rebuilt from the template, as msgmerge does
        forms = list(m.msgstr)
        if m.msgid_plural is not None:
            if not forms[0]:
                continue
            if forms[0] not in plural_first:
                forms = forms[:1]
        problems += [
            f"translation lost: {_short(s)} of {m.label()}"
            for s in dict.fromkeys(forms)
            if s and s not in present
        ]
    return problems


def _header_lines(a: str, b: str) -> tuple[list[str], list[str]]:
    """Only the header lines that differ, in order, so a report shows what changed."""
    diff = list(difflib.ndiff(a.splitlines(), b.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


def _show(m: Message, compare: Sequence[str]) -> str:
    values = dict(zip(FIELDS, astuple(m), strict=True))
    shown = {k: v for k, v in values.items() if k in compare and v not in (None, (), False)}
    return f"{m.label()} {shown}"


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
