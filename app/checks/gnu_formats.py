"""Format strings of the languages the checker does not parse itself, judged by GNU msgfmt -c.

The checker parses the formats of ``app.formats`` (c, objc, python, python-brace, qt,
kde, sh, perl-brace). GNU gettext knows many more (javascript, tcl, perl, php, lua,
boost, csharp, java, object-pascal, qt-plural, kde-kuit, lisp, scheme...; which ones
depends on its version), and ``msgfmt -c`` refuses a catalog where one of them does
not fit the English: Tcl's ``format`` then runs with an argument silently dropped.
Writing thirty more parsers would be thirty chances to disagree with GNU, so these
entries are handed to ``msgfmt -c`` itself: once per catalog, in a temporary catalog
that holds only them (with the catalog's header, so Plural-Forms applies), and each of
its diagnostics is mapped back to the line of the real catalog.

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
from .model import Problem, Severity, catalog_check

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


@catalog_check(
    Severity.ERROR,
    "A placeholder of a format the checker does not parse itself (javascript, tcl, perl, "
    "php…) makes msgfmt -c reject the translation",
)
def placeholders_msgfmt(ctx: CatalogContext) -> Iterator[Problem]:
    if not _may_hold_delegated(ctx):
        return
    # The entries the runner kept while checking them; else read again from disk.
    entries = ctx.po.entries if ctx.delegated is None else ctx.delegated
    sent = [
        _Sent(entry, formats)
        for entry in entries
        if (formats := delegated_formats(entry)) and _compiled(entry)
    ]
    if not sent:
        return
    import shutil  # here: a catalog without such entries (nearly all) needs none of this

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        yield Problem(
            f"{_count(sent)} in {_named(sent)} not checked: GNU gettext (msgfmt) is not "
            "installed, and only msgfmt -c knows these formats; install gettext, or "
            "--ignore placeholders-msgfmt",
            ctx.header_line,
        )
        return
    yield from _judged(msgfmt, ctx, sent)


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


def may_run_msgfmt(path: Path) -> bool:
    """Whether a flags line of the catalog names a format only msgfmt judges: then this
    check runs msgfmt on it (2-3 ms, whatever its size). Read as bytes, before the
    entries are; False for a file that cannot be read (the check will say why)."""
    try:
        data = path.read_bytes()
    except (OSError, ValueError):
        return False
    if b"-format" not in data:
        return False
    at = data.find(b"#,")
    while at >= 0:  # each "#," found by the bytes' own search: a regex over lines is slower
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        starts_line = not data[data.rfind(b"\n", 0, at) + 1 : at].strip()  # not "#~ #,"
        flags = data[at + 2 : end].decode("latin-1").split(",")
        if starts_line and names_unparsed_format(flag.strip() for flag in flags):
            return True
        at = data.find(b"#,", end)
    return False


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


def _judged(msgfmt: str, ctx: CatalogContext, sent: list[_Sent]) -> Iterator[Problem]:
    """Run msgfmt -c once on the temporary catalog; one problem per entry it rejects."""
    import subprocess
    import tempfile

    text, lines = _temporary_catalog(ctx, sent)
    what = f"{_count(sent)} in {_named(sent)}"
    with tempfile.TemporaryDirectory(prefix="guide-i18n-msgfmt-") as folder:
        Path(folder, _CATALOG).write_text(text, encoding="utf-8")
        env = {**os.environ, "LC_ALL": "C"}  # GNU's own English messages
        env.pop("LANGUAGE", None)
        try:
            returncode, out = _run([msgfmt, "-c", "-o", os.devnull, _CATALOG], folder, env)
        except subprocess.TimeoutExpired:
            yield Problem(
                f"{what} not checked: msgfmt -c did not finish in {MSGFMT_TIMEOUT:g} s",
                ctx.header_line,
            )
            return
        except OSError as e:
            yield Problem(
                f"{what} not checked: msgfmt could not be run ({e.strerror or e})",
                ctx.header_line,
            )
            return
    output = out.decode("utf-8", "replace")
    diagnostics = list(_diagnostics(output))
    if returncode < 0 or returncode > 1 or (returncode and not diagnostics):
        how = (
            f"was killed by signal {-returncode}"
            if returncode < 0
            else f"failed (exit {returncode})"
        )
        last = next((line for line in reversed(output.splitlines()) if line.strip()), "")
        yield Problem(
            f"{what} not checked: msgfmt -c {how}" + (f": {last.strip()}" if last else ""),
            ctx.header_line,
        )
        return
    reasons: dict[int, list[str]] = {}
    first_line: dict[int, int] = {}
    for line, message in diagnostics:
        located = lines.get(line)
        if located is None or message.startswith("warning:") or _OTHER_CHECKS_RE.search(message):
            continue  # the header's, a warning, or what another check reports
        index, real = located
        if message not in reasons.setdefault(index, []):
            reasons[index].append(message)
        first_line.setdefault(index, real)
    for index in sorted(reasons):
        item = sent[index]
        yield Problem(
            f"{', '.join(item.formats)}: msgfmt -c: {'; '.join(reasons[index])}",
            first_line[index],
            item.entry,
        )


def _run(command: list[str], folder: str, env: dict[str, str]) -> tuple[int, bytes]:
    """Run msgfmt: its exit status and its output, stderr and stdout in one
    (``subprocess.TimeoutExpired`` after ``MSGFMT_TIMEOUT`` seconds).

    Not ``subprocess.run``: with a timeout, its wait for the end of the process sleeps
    a millisecond at a time, a third of a run of msgfmt on a few entries (a GNOME app in
    JavaScript runs it once per catalog). Here the output is read as it comes and the
    end awaited on the process's pidfd, which wakes as it ends (Linux).
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
    ctx: CatalogContext, sent: list[_Sent]
) -> tuple[str, dict[int, tuple[int, int]]]:
    """The catalog msgfmt reads, and for each of its lines (entry index, real line)."""
    out: list[str] = []
    lines: dict[int, tuple[int, int]] = {}
    header = ctx.po.header
    if header is not None and "fuzzy" in header.flags:
        out.append("#, fuzzy")
    out += ['msgid ""', f'msgstr "{_escape(_utf8_header(header))}"', ""]
    for index, item in enumerate(sent):
        entry = item.entry
        flags = list(item.formats)
        flags += [flag for flag in entry.flags if flag.startswith("range:")]

        def put(text: str, real: int, index: int = index) -> None:
            out.append(text)
            lines[len(out)] = (index, real)

        put("#, " + ", ".join(flags), entry.line)
        if entry.msgctxt is not None:
            put(f'msgctxt "{_escape(entry.msgctxt)}"', entry.line)
        put(f'msgid "{_escape(entry.msgid)}"', entry.line)
        if entry.plural:
            put(f'msgid_plural "{_escape(entry.msgid_plural or "")}"', entry.line)
            for number, text in enumerate(entry.msgstr_plural):
                put(f'msgstr[{number}] "{_escape(text)}"', entry.string_line(number))
        else:
            put(f'msgstr "{_escape(entry.msgstr)}"', entry.string_line())
        out.append("")
    return "\n".join(out) + "\n", lines


def _utf8_header(header: Entry | None) -> str:
    """The header's fields, declaring UTF-8 (the temporary catalog's charset)."""
    fields = [] if header is None else header.msgstr.split("\n")
    kept = [line for line in fields if line and not line.lower().startswith("content-type:")]
    return "".join(f"{line}\n" for line in kept) + "Content-Type: text/plain; charset=UTF-8\n"


def _escape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda match: _ESCAPES[match.group()], text)


def _count(sent: list[_Sent]) -> str:
    return f"{len(sent)} entr{'y' if len(sent) == 1 else 'ies'}"


def _named(sent: list[_Sent]) -> str:
    formats = sorted({flag for item in sent for flag in item.formats})
    return ", ".join(formats)
