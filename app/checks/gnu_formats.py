"""Format strings of the languages the checker does not parse itself, judged by GNU msgfmt -c.

The checker parses the formats of ``app.formats`` (c, objc, python, python-brace, qt,
kde, sh, perl-brace, javascript, php, perl). GNU gettext knows many more (tcl, lua,
boost, csharp, java, object-pascal, qt-plural, kde-kuit, lisp, scheme...; which ones
depends on its version), and ``msgfmt -c`` refuses a catalog where one of them does
not fit the English: Tcl's ``format`` then runs with an argument silently dropped.
Writing thirty more parsers would be thirty chances to disagree with GNU, so these
entries are handed to ``msgfmt -c`` itself, in a temporary catalog that holds only
them, and each of its diagnostics is mapped back to the line of the real catalog.

A run of msgfmt takes 2.5 ms whatever it checks, as much as the checker spends on 300
messages: catalogs with few such entries share runs (a ``BatchedCheck``), each entry
with a msgctxt of its own. Entries without plural forms go in one temporary catalog;
plural ones in one per Plural-Forms (and fuzzy header), which decides which forms must
keep every argument. No other field of a header changes msgfmt's verdict on an entry.
A catalog with 200 such entries or more has a run of its own, where it is checked:
workers run those side by side.

Cost: a catalog of Python or C code pays nothing but a look at the flags the runner saw
while checking its entries; msgfmt runs only where an entry is flagged with such a format,
on the entries the runner kept for it (the catalog is not read again).

Without msgfmt on PATH, a catalog holding such entries gets one finding of this check
saying how many entries were not checked and why: never a silent pass. It is an error,
as the check's other findings are: the gate cannot say the catalog passes ``msgfmt
-c``; install GNU gettext, or ``--ignore placeholders-msgfmt`` to accept that.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..formats import CHECKED, format_flags, names_unparsed_format
from ..lazy_regex import lazy_compile
from ..po import Entry
from .context import CatalogContext
from .model import BatchedCheck, Problem, Severity

if TYPE_CHECKING:
    import select
    import subprocess

MSGFMT_TIMEOUT = 120.0  # seconds; msgfmt checks thousands of messages in well under one
_CATALOG = "formats.po"  # the temporary catalog's name, as msgfmt prints it

_CHECKED_HERE = frozenset(CHECKED)  # formats app.formats parses: the placeholders check's
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPE_RE = lazy_compile(r'[\\"\n\t\r]')
_DIAGNOSTIC_RE = lazy_compile(re.escape(_CATALOG) + r":(\d+): (.*)")
# What msgfmt -c says about an entry that other checks report: newlines, plural counts.
_OTHER_CHECKS_RE = lazy_compile(r"entries do not both (?:begin|end) with|plural form")


class _Sent(NamedTuple):
    """An entry written to the temporary catalog, with the formats msgfmt checks it in."""

    entry: Entry
    formats: list[str]


class _Waiting(NamedTuple):
    """What one catalog hands to msgfmt."""

    sent: list[_Sent]
    header_line: int  # where a problem of the whole catalog points
    # What a plural entry's forms depend on: the header's fuzziness (msgfmt then ignores
    # it) and its Plural-Forms. No other field of the header changes msgfmt's verdict.
    plurals: tuple[bool, str | None]


def _gather(ctx: CatalogContext) -> _Waiting | None:
    """The catalog's translated entries in formats only msgfmt judges (None: none)."""
    if not _may_hold_delegated(ctx):
        return None
    # The entries the runner kept while checking them; else read again from disk.
    entries = ctx.po.entries if ctx.delegated is None else ctx.delegated
    sent = [
        _Sent(entry, formats)
        for entry in entries
        if (formats := delegated_formats(entry)) and _compiled(entry)
    ]
    if not sent:
        return None
    header = ctx.po.header
    fuzzy = header is not None and "fuzzy" in header.flags
    return _Waiting(sent, ctx.header_line, (fuzzy, ctx.po.headers.get("Plural-Forms")))


def _judge(waiting: list[_Waiting]) -> list[list[Problem]]:
    """The problems of each catalog's entries, from as few runs of msgfmt as they allow:
    one for every entry without plural forms, one per Plural-Forms for the others."""
    import shutil  # here: a run without such entries (nearly all) needs none of this

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return [
            [
                Problem(
                    f"{_what(item.sent)} not checked: GNU gettext (msgfmt) is not installed, "
                    "and only msgfmt -c knows these formats; install gettext, or "
                    "--ignore placeholders-msgfmt",
                    item.header_line,
                )
            ]
            for item in waiting
        ]
    batches: dict[tuple[bool, str | None] | None, list[tuple[int, int]]] = {}
    for number, item in enumerate(waiting):
        for index, one in enumerate(item.sent):
            key = item.plurals if one.entry.plural else None
            batches.setdefault(key, []).append((number, index))
    reasons: dict[tuple[int, int], list[str]] = {}
    first_line: dict[tuple[int, int], int] = {}
    failed: dict[int, str] = {}  # a catalog whose entries msgfmt did not judge: why
    for key, members in batches.items():
        outcome = _judged(msgfmt, key, [waiting[number].sent[index] for number, index in members])
        if isinstance(outcome, str):
            for number, _ in members:
                failed.setdefault(number, outcome)
            continue
        for at, message, line in outcome:
            member = members[at]
            if message not in reasons.setdefault(member, []):
                reasons[member].append(message)
            first_line.setdefault(member, line)
    problems: list[list[Problem]] = []
    for number, item in enumerate(waiting):
        if number in failed:
            problems.append(
                [Problem(f"{_what(item.sent)} not checked: {failed[number]}", item.header_line)]
            )
            continue
        found = sorted(index for n, index in reasons if n == number)
        problems.append(
            [
                Problem(
                    f"{', '.join(item.sent[index].formats)}: msgfmt -c: "
                    f"{'; '.join(reasons[number, index])}",
                    first_line[number, index],
                    item.sent[index].entry,
                )
                for index in found
            ]
        )
    return problems


placeholders_msgfmt = BatchedCheck(
    "placeholders-msgfmt",
    Severity.ERROR,
    "A placeholder of a format the checker does not parse itself (tcl, lua, boost, "
    "csharp…) makes msgfmt -c reject the translation",
    _gather,
    _judge,
    lambda item: len(item.sent),
)


def delegated_formats(entry: Entry) -> list[str]:
    """The formats ``entry`` is declared in that msgfmt checks and ``app.formats`` does not.

    As msgfmt: ``X-format`` and ``possible-X-format`` declare, ``no-`` and
    ``impossible-`` declare not, the last flag of a format wins.
    """
    if not entry.flags:
        return []
    return [
        flag
        for flag, declared in format_flags(entry.flags).items()
        if declared and flag not in _CHECKED_HERE
    ]


def _compiled(entry: Entry) -> bool:
    """What msgfmt checks: not fuzzy, and translated (msgstr, or msgstr[0], filled)."""
    first = entry.msgstr_plural[0] if entry.plural and entry.msgstr_plural else entry.msgstr
    return bool(first) and not entry.fuzzy


def _may_hold_delegated(ctx: CatalogContext) -> bool:
    """Whether any entry's flags name such a format: among the flags the runner saw while
    checking the entries, else read from the entries themselves."""
    if ctx.flags is None:
        return any(delegated_formats(entry) for entry in ctx.po.entries)
    return names_unparsed_format(ctx.flags)


def _judged(
    msgfmt: str, plurals: tuple[bool, str | None] | None, sent: list[_Sent]
) -> list[tuple[int, str, int]] | str:
    """Run msgfmt -c once on a temporary catalog of ``sent``: each reason it rejects one
    (its index, the reason, the real line), or why it could not judge them."""
    import subprocess
    import tempfile

    text, lines = _temporary_catalog(plurals, sent)
    env = {**os.environ, "LC_ALL": "C"}  # GNU's own English messages
    env.pop("LANGUAGE", None)
    try:
        with tempfile.TemporaryDirectory(prefix="guide-i18n-msgfmt-") as folder:
            Path(folder, _CATALOG).write_text(text, encoding="utf-8")
            returncode, out = _run([msgfmt, "-c", "-o", os.devnull, _CATALOG], folder, env)
    except subprocess.TimeoutExpired:
        return f"msgfmt -c did not finish in {MSGFMT_TIMEOUT:g} s"
    except OSError as e:  # msgfmt, or its temporary folder (TMPDIR full or read-only)
        return f"msgfmt could not be run ({e.strerror or e})"
    output = out.decode("utf-8", "replace")
    diagnostics = list(_diagnostics(output))
    if returncode < 0 or returncode > 1 or (returncode and not diagnostics):
        how = (
            f"was killed by signal {-returncode}"
            if returncode < 0
            else f"failed (exit {returncode})"
        )
        last = next((line for line in reversed(output.splitlines()) if line.strip()), "")
        return f"msgfmt -c {how}" + (f": {last.strip()}" if last else "")
    rejected: list[tuple[int, str, int]] = []
    for line, message in diagnostics:
        located = lines.get(line)
        if located is None or message.startswith("warning:") or _OTHER_CHECKS_RE.search(message):
            continue  # the header's, a warning, or what another check reports
        index, real = located
        rejected.append((index, message, real))
    return rejected


def _run(command: list[str], folder: str, env: dict[str, str]) -> tuple[int, bytes]:
    """Run msgfmt: its exit status and its output, stderr and stdout in one
    (``subprocess.TimeoutExpired`` after ``MSGFMT_TIMEOUT`` seconds).

    Not ``subprocess.run``: with a timeout, its wait for the end of the process sleeps
    a millisecond at a time, a third of a run of msgfmt on a few entries. Here the output
    is read as it comes and the end awaited on the process's pidfd, which wakes as it
    ends (Linux).
    """
    import select
    import subprocess
    import time

    deadline = time.monotonic() + MSGFMT_TIMEOUT
    with subprocess.Popen(
        command,
        cwd=folder,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    ) as process:
        assert process.stdout is not None
        try:
            if hasattr(select, "poll"):
                output = _read_to_end(process.stdout.fileno(), deadline)
                return _ended(process, deadline), output
            output = process.communicate(timeout=MSGFMT_TIMEOUT)[0]  # another system
            return process.returncode, output
        except subprocess.TimeoutExpired:
            process.kill()
            raise


def _read_to_end(fd: int, deadline: float) -> bytes:
    import select

    poller = select.poll()
    poller.register(fd, select.POLLIN)
    pieces: list[bytes] = []
    while True:
        _ready(poller, deadline)
        piece = os.read(fd, 1 << 16)
        if not piece:
            return b"".join(pieces)
        pieces.append(piece)


def _ended(process: subprocess.Popen[bytes], deadline: float) -> int:
    """The exit status of a process that has closed its output, once it has ended."""
    import select
    import time

    try:
        pidfd = os.pidfd_open(process.pid)
    except (AttributeError, OSError):  # no pidfd here: subprocess's wait, which sleeps
        return process.wait(max(deadline - time.monotonic(), 0.0))
    try:
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        _ready(poller, deadline)
    finally:
        os.close(pidfd)
    return process.wait()  # ended: no sleep


def _ready(poller: select.poll, deadline: float) -> None:
    """Wait until the polled file is ready; ``TimeoutExpired`` past the deadline."""
    import subprocess
    import time

    left = deadline - time.monotonic()
    if left <= 0 or not poller.poll(left * 1000):
        raise subprocess.TimeoutExpired("msgfmt", MSGFMT_TIMEOUT)


def _diagnostics(output: str) -> Iterator[tuple[int, str]]:
    """msgfmt's ``formats.po:LINE: message`` lines, continuation lines joined."""
    line, message = 0, ""
    for raw in output.splitlines():
        match = _DIAGNOSTIC_RE.match(raw)
        if line and not match and raw[:1].isspace() and raw.strip():
            message = f"{message} {raw.strip()}"
            continue
        if line:
            yield line, message
        line, message = (int(match.group(1)), match.group(2).strip()) if match else (0, "")
    if line:
        yield line, message


def _temporary_catalog(
    plurals: tuple[bool, str | None] | None, sent: list[_Sent]
) -> tuple[str, dict[int, tuple[int, int]]]:
    """The catalog msgfmt reads, and for each of its lines (entry index, real line).

    Its entries may come from many catalogs: each has a msgctxt of its own, so that none
    is defined twice (a context changes nothing in how formats are judged).
    """
    out: list[str] = []
    lines: dict[int, tuple[int, int]] = {}
    fields = "Content-Type: text/plain; charset=UTF-8\n"
    if plurals is not None:
        fuzzy, plural_forms = plurals
        if fuzzy:
            out.append("#, fuzzy")
        if plural_forms is not None:
            fields = f"Plural-Forms: {plural_forms}\n{fields}"
    out += ['msgid ""', f'msgstr "{_escape(fields)}"', ""]
    for index, item in enumerate(sent):
        entry = item.entry
        flags = list(item.formats)
        flags += [flag for flag in entry.flags if flag.startswith("range:")]

        def put(text: str, real: int, index: int = index) -> None:
            out.append(text)
            lines[len(out)] = (index, real)

        put("#, " + ", ".join(flags), entry.line)
        put(f'msgctxt "{index}"', entry.line)
        put(f'msgid "{_escape(entry.msgid)}"', entry.line)
        if entry.plural:
            put(f'msgid_plural "{_escape(entry.msgid_plural or "")}"', entry.line)
            for number, text in enumerate(entry.msgstr_plural):
                put(f'msgstr[{number}] "{_escape(text)}"', entry.string_line(number))
        else:
            put(f'msgstr "{_escape(entry.msgstr)}"', entry.string_line())
        out.append("")
    return "\n".join(out) + "\n", lines


def _escape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda match: _ESCAPES[match.group()], text)


def _what(sent: list[_Sent]) -> str:
    """ "3 entries in perl-format, tcl-format"."""
    formats = ", ".join(sorted({flag for item in sent for flag in item.formats}))
    return f"{len(sent)} entr{'y' if len(sent) == 1 else 'ies'} in {formats}"
