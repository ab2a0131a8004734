"""placeholders-msgfmt: formats the checker does not parse are judged by GNU msgfmt -c itself.

GNU gettext is the oracle: a planted defect in each format is reported at the line msgfmt
names, with msgfmt's reason, and on a catalog of many formats the findings are exactly
the entries msgfmt rejects (less what ``newlines`` and ``plurals`` report).
"""

from __future__ import annotations

import json
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from app.checks import CHECKS, REGISTRY, parallel
from app.checks import gnu_formats as gnu_formats_module
from app.checks.policy import Policy
from app.checks.runner import Target, run_checks
from app.cli import i18n
from app.po import Entry, PoReader

from .checker_helpers import line_of, write
from .gnu import msgfmt_check, require_gettext

CHECK = "placeholders-msgfmt"
REGISTRY_CHECKS = list(REGISTRY)
HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: t\\n"
"Language: {language}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset={charset}\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {plural}\\n"
"""
FR = "nplurals=2; plural=(n > 1);"

# One defect per format, each line's msgstr the one msgfmt -c names (checked below).
BROKEN = {
    "tcl-format": ('msgid "Pruning tracking branches deleted from %s"', 'msgstr "Élagage"'),
    "awk-format": ('msgid "Hello %s"', 'msgstr "Bonjour %d"'),
    "ycp-format": ('msgid "%1 of %2"', 'msgstr "%1 de %3"'),
    "smalltalk-format": ('msgid "%1 files"', 'msgstr "fichiers %2"'),
    "lua-format": ('msgid "Hi %s"', 'msgstr "Coucou %s %s"'),
    "boost-format": ('msgid "%1% of %2%"', 'msgstr "%1% de %3%"'),
    "csharp-format": ('msgid "Hello {0}"', 'msgstr "Bonjour {1}"'),
    "object-pascal-format": ('msgid "%s items"', 'msgstr "%d éléments"'),
    "qt-plural-format": ('msgid "%n file(s)"', 'msgstr "fichier(s)"'),
}
# Reordered arguments and literal percent signs: msgfmt accepts every one.
CLEAN = """
#, ycp-format
msgid "%1 by %2"
msgstr "%2 par %1"

#, csharp-format
msgid "{0} and {1}"
msgstr "{1} et {0}"

#, tcl-format
msgid "%1$s then %2$s"
msgstr "%2$s puis %1$s"

#, awk-format
msgid "100%% of %s"
msgstr "%s à 100%%"

#, boost-format
msgid "%1% and %2%"
msgstr "%2% et %1%"

#, lua-format
msgid "%d%% done"
msgstr "%d%% fait"

#, object-pascal-format
msgid "%0:s and %1:s"
msgstr "%1:s et %0:s"

#, smalltalk-format
msgid "Open %1"
msgstr "Ouvrir %1"
"""


def catalog(body: str, language: str = "fr", plural: str = FR, charset: str = "UTF-8") -> str:
    return HEADER.format(language=language, plural=plural, charset=charset) + body


def broken_body(formats: dict[str, tuple[str, str]] = BROKEN) -> str:
    return "".join(f"\n#, {flag}\n{msgid}\n{msgstr}\n" for flag, (msgid, msgstr) in formats.items())


def check(tmp_path: Path, *paths: Path, args: tuple[str, ...] = ()) -> list[dict[str, object]]:
    """The findings of ``guide-i18n check PATHS --format json``."""
    result = CliRunner().invoke(
        i18n,
        ["--root", str(tmp_path), "check", *map(str, paths), *args, "--format", "json"],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


def ours(findings: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(f["line"], f["message"]) for f in findings if f["check"] == CHECK]


def msgfmt_rejects(path: Path) -> set[int]:
    """The lines where ``msgfmt -c`` reports a fatal format error (not newlines, plurals)."""
    output = msgfmt_check(path).stderr.decode()
    name = re.escape(str(path))
    lines = set()
    for match in re.finditer(rf"^{name}:(\d+): (.*)$", output, re.MULTILINE):
        message = match.group(2)
        if message.startswith("warning:") or re.search(r"begin with|end with|plural form", message):
            continue
        lines.add(int(match.group(1)))
    return lines


@pytest.fixture
def gettext() -> None:
    require_gettext()


def fake_msgfmt(folder: Path, script: str) -> Path:
    """A ``msgfmt`` on a PATH of its own: a shell script (``$4`` is the catalog)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = "PATH=/usr/bin:/bin\n" + script
    program = folder / "msgfmt"
    program.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return folder


@pytest.mark.usefixtures("gettext")
@pytest.mark.parametrize("system", ["linux", "no pidfd", "no poll"])
def test_each_format_is_caught_at_the_line_msgfmt_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    """Where the system has no pidfd (macOS) or no poll (Windows), msgfmt is awaited
    as subprocess awaits it, with the same findings."""
    import os
    import select

    if system == "no pidfd":
        monkeypatch.delattr(os, "pidfd_open", raising=False)
    elif system == "no poll":
        monkeypatch.delattr(select, "poll")
    text = catalog(broken_body() + CLEAN)
    po = write(tmp_path / "fr.po", text)
    found = ours(check(tmp_path, po))
    expected = [line_of(text, f"\n{msgstr}\n") + 1 for _, msgstr in BROKEN.values()]
    assert [line for line, _ in found] == expected
    assert set(expected) == msgfmt_rejects(po)  # GNU agrees, and accepts the clean ones
    for (flag, _), (_, message) in zip(BROKEN.items(), found, strict=True):
        assert str(message).startswith(f"{flag}: msgfmt -c: ")
    first = found[0][1]
    assert (
        first
        == "tcl-format: msgfmt -c: a format specification for argument 1 doesn't exist in 'msgstr'"
    )


@pytest.mark.usefixtures("gettext")
def test_clean_entries_in_these_formats_give_nothing(tmp_path: Path) -> None:
    po = write(tmp_path / "fr.po", catalog(CLEAN))
    assert msgfmt_rejects(po) == set()
    assert check(tmp_path, po) == []


@pytest.mark.usefixtures("gettext")
def test_plural_forms_follow_the_headers_rule_and_msgctxt_is_kept(tmp_path: Path) -> None:
    body = """
#, tcl-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d fichier"
msgstr[1] "fichiers"

#, tcl-format
msgid "%d day"
msgid_plural "%d days"
msgstr[0] "un jour"
msgstr[1] "%d jours"

#, awk-format
msgctxt "menu"
msgid "Open %s"
msgstr "Ouvrir %d"

#, awk-format
msgctxt "button"
msgid "Open %s"
msgstr "Ouvrir %s"
"""
    # French: form 0 serves 0 and 1, so it may drop the number only if one n uses it.
    text = catalog(body)
    po = write(tmp_path / "fr.po", text)
    findings = [f for f in check(tmp_path, po) if f["check"] == CHECK]
    plural_line = line_of(text, 'msgstr[0] "%d fichier"')  # msgfmt names the msgstr[0] line
    menu_line = line_of(text, 'msgstr "Ouvrir %d"')
    assert msgfmt_rejects(po) == {plural_line, menu_line}
    assert {f["line"] for f in findings} == {plural_line, menu_line}
    by_line = {f["line"]: f for f in findings}
    assert "'msgstr[1]'" in str(by_line[plural_line]["message"])
    assert by_line[menu_line]["msgctxt"] == "menu"
    assert by_line[menu_line]["msgid"] == "Open %s"


@pytest.mark.usefixtures("gettext")
def test_a_catalog_in_iso_8859_1(tmp_path: Path) -> None:
    body = """
#, tcl-format
msgid "Deleted %s"
msgstr "Supprimé"

#, tcl-format
msgid "Created %s"
msgstr "Créé : %s"
"""
    text = catalog(body, charset="ISO-8859-1")
    po = write(tmp_path / "fr.po", text.encode("latin-1"))
    found = ours(check(tmp_path, po))
    assert [line for line, _ in found] == [line_of(text, 'msgstr "Supprimé"')]
    assert {line for line, _ in found} == msgfmt_rejects(po)


@pytest.mark.usefixtures("gettext")
def test_fuzzy_and_untranslated_entries_are_skipped_as_msgfmt_skips_them(tmp_path: Path) -> None:
    body = """
#, fuzzy, tcl-format
msgid "Deleted %s"
msgstr "Supprimé"

#, tcl-format
msgid "Created %s"
msgstr ""

#, tcl-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] "fichiers"

#, no-tcl-format
msgid "Moved %s"
msgstr "Déplacé"
"""
    po = write(tmp_path / "fr.po", catalog(body))
    assert msgfmt_rejects(po) == set()
    assert ours(check(tmp_path, po)) == []


@pytest.mark.usefixtures("gettext")
def test_possible_format_flags_are_checked_as_msgfmt_checks_them(tmp_path: Path) -> None:
    text = catalog('\n#, possible-tcl-format\nmsgid "Deleted %s"\nmsgstr "Supprimé"\n')
    po = write(tmp_path / "fr.po", text)
    assert [line for line, _ in ours(check(tmp_path, po))] == sorted(msgfmt_rejects(po)) == [12]


@pytest.mark.usefixtures("gettext")
def test_only_entries_of_delegated_formats_reach_msgfmt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.which("msgfmt")
    sent = tmp_path / "sent"
    sent.mkdir()
    bin_dir = fake_msgfmt(tmp_path / "bin", f'cp "$4" "{sent}/$$.po"\nexec "{real}" "$@"')
    monkeypatch.setenv("PATH", f"{bin_dir}")
    python_only = write(
        tmp_path / "a" / "fr.po",
        catalog(
            '\n#, python-format\nmsgid "%(n)s files"\nmsgstr "%(n)s fichiers"\n'
            '\n#, c-format, no-tcl-format\nmsgid "%s left"\nmsgstr "%s restant"\n'
            '\nmsgid "tcl-format is a flag"\nmsgstr "tcl-format est un drapeau"\n'
        ),
    )
    assert check(tmp_path, python_only) == []
    assert list(sent.iterdir()) == []  # msgfmt never ran
    mixed = write(
        tmp_path / "b" / "fr.po",
        catalog(
            '\n#, c-format\nmsgid "%s left"\nmsgstr "%d restant"\n'
            '\n#, tcl-format\nmsgid "Deleted %s"\nmsgstr "Supprimé"\n'
        ),
    )
    findings = check(tmp_path, mixed)
    assert sorted(f["check"] for f in findings) == ["placeholders", CHECK]  # once each
    [copy] = list(sent.iterdir())
    text = copy.read_text(encoding="utf-8")
    assert "Deleted %s" in text
    assert "c-format" not in text
    assert "%s left" not in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms" not in text  # without plural forms, the rule changes nothing


def test_without_msgfmt_the_unchecked_entries_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    skipped = (  # not counted: msgfmt would not check them either
        '\n#, fuzzy, tcl-format\nmsgid "Fuzzy %s"\nmsgstr "Flou"\n'
        '\n#, tcl-format\nmsgid "Empty %s"\nmsgstr ""\n'
        '\n#, no-tcl-format\nmsgid "Not %s"\nmsgstr "Non"\n'
    )
    po = write(tmp_path / "fr.po", catalog(broken_body() + CLEAN + skipped))
    findings = [f for f in check(tmp_path, po) if f["check"] == CHECK]
    assert [(f["line"], f["severity"]) for f in findings] == [(1, "error")]
    message = str(findings[0]["message"])
    assert message.startswith("17 entries in awk-format, boost-format, csharp-format,")
    assert "not checked: GNU gettext (msgfmt) is not installed" in message
    clean = write(tmp_path / "py" / "fr.po", catalog('\nmsgid "Hi"\nmsgstr "Salut"\n'))
    assert check(tmp_path, clean) == []  # nothing to hand over: nothing to say


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("kill -SEGV $$", "not checked: msgfmt -c was killed by signal 11"),
        ("echo 'msgfmt: cannot open output' >&2; exit 1", "failed (exit 1): msgfmt: cannot open"),
        ("exec sleep 5", "not checked: msgfmt -c did not finish in 0.5 s"),
        # Its output closed, not ended: still a time limit.
        ("exec >&- 2>&-; exec sleep 5", "not checked: msgfmt -c did not finish in 0.5 s"),
        # More output than a pipe holds (64 KB), then a failure: read to its end.
        (
            "yes 'msgfmt: no' | head -n 30000 >&2; echo 'msgfmt: the end' >&2; exit 3",
            "failed (exit 3): msgfmt: the end",
        ),
    ],
)
def test_a_msgfmt_that_crashes_fails_or_hangs_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, expected: str
) -> None:
    monkeypatch.setenv("PATH", str(fake_msgfmt(tmp_path / "bin", script)))
    monkeypatch.setattr(gnu_formats_module, "MSGFMT_TIMEOUT", 0.5)
    po = write(tmp_path / "fr.po", catalog(broken_body()))
    [finding] = [f for f in check(tmp_path, po) if f["check"] == CHECK]
    assert finding["line"] == 1  # the header's msgid ""
    assert str(finding["message"]).startswith("9 entries in ")
    assert expected in str(finding["message"])


@pytest.mark.usefixtures("gettext")
def test_select_ignore_and_the_opt_out_comment(tmp_path: Path) -> None:
    body = """
# i18n-check: ignore placeholders-msgfmt
#, tcl-format
msgid "Deleted %s"
msgstr "Supprimé"

#, tcl-format
msgid "Created %s"
msgstr "Créé"
"""
    text = catalog(body)
    po = write(tmp_path / "fr.po", text)
    line = line_of(text, 'msgstr "Créé"')
    assert [(f["check"], f["line"]) for f in check(tmp_path, po, args=("--select", CHECK))] == [
        (CHECK, line)
    ]
    assert ours(check(tmp_path, po, args=("--ignore", CHECK))) == []
    assert CHECKS[CHECK].severity.value == "error"


@pytest.mark.usefixtures("gettext")
def test_the_parallel_checker_reports_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(parallel, "PART_BYTES", 4096)
    filler = "".join(f'\nmsgid "Line {n}"\nmsgstr "Ligne {n}"\n' for n in range(600))
    text = catalog(filler + broken_body() + filler.replace("Line", "Row"))
    po = write(tmp_path / "fr.po", text)
    targets = [Target(po, "fr.po", "fr", Policy("published"))]
    checks = [CHECKS[CHECK]]
    one = run_checks(targets, checks, jobs=1).findings
    reads = _count_reads(monkeypatch)
    two = run_checks(targets, checks, jobs=2).findings
    assert one == two
    assert po not in reads  # the parts read it; the parent, which joins them, does not
    assert [f.line for f in two] == sorted(msgfmt_rejects(po))
    assert len(two) == len(BROKEN)


@pytest.mark.usefixtures("gettext")
def test_a_large_tcl_catalog_is_checked_in_one_msgfmt_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.which("msgfmt")
    runs = tmp_path / "runs"
    bin_dir = fake_msgfmt(tmp_path / "bin", f'echo x >> "{runs}"\nexec "{real}" "$@"')
    monkeypatch.setenv("PATH", str(bin_dir))
    # Every 500th translation drops the branch name.
    body = "".join(
        f'\n#, tcl-format\nmsgid "Branch {n}: %s"\nmsgstr "Branche {n}{tail}"\n'
        for n in range(2000)
        for tail in ["" if n % 500 == 0 else ": %s"]
    )
    po = write(tmp_path / "fr.po", catalog(body))
    assert [line for line, _ in ours(check(tmp_path, po))] == sorted(msgfmt_rejects(po))
    assert runs.read_text() == "x\n"


@pytest.mark.usefixtures("gettext")
def test_newlines_and_plural_counts_are_left_to_their_own_checks(tmp_path: Path) -> None:
    body = """
#, tcl-format
msgid "Deleted %s\\n"
msgstr "Supprimé %s"

#, tcl-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d fichier"
"""
    text = catalog(body)
    po = write(tmp_path / "fr.po", text)
    assert sorted(f["check"] for f in check(tmp_path, po)) == ["newlines", "plurals"]


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The path of every catalog whose entries are read from now on, once per reading."""
    reads: list[Path] = []
    iterate = PoReader.__iter__

    def counted(self: PoReader) -> Iterator[Entry]:
        reads.append(self.path)
        return iterate(self)

    monkeypatch.setattr(PoReader, "__iter__", counted)
    return reads


def test_a_catalog_is_read_once_with_or_without_such_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entries are parsed once, by the runner, which keeps those flagged with a format
    only msgfmt judges (reading Git's catalogs again for their entries in such a format
    took a third of the check)."""
    reads = _count_reads(monkeypatch)
    body = "".join(
        f'\n#, {flag}\nmsgid "{n} %s"\nmsgstr "{n} %s"\n'
        for n, flag in enumerate(
            ["c-format", "python-format", "no-tcl-format", "possible-c-format", "objc-format"]
        )
    )
    po = write(tmp_path / "fr.po", catalog(body + '\nmsgid "tcl-format"\nmsgstr "tcl-format"\n'))
    assert check(tmp_path, po, args=("--select", CHECK)) == []
    assert reads == [po]
    flagged = write(tmp_path / "de.po", catalog(body + broken_body()))
    reads.clear()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert len(check(tmp_path, flagged, args=("--select", CHECK))) == 1
    assert reads == [flagged]


_FLAG_NAMES = ["c-format", "python-format", "tcl-format", "lua-format", "javascript-format"]
_FLAGS = st.sampled_from(
    ["fuzzy", "range: 0..5", "format", "tcl"]
    + [
        f"{prefix}{name}"
        for prefix in ("", "no-", "possible-", "impossible-")
        for name in _FLAG_NAMES
    ]
)


@given(st.lists(_FLAGS, max_size=5))
def test_the_runner_keeps_every_entry_this_check_hands_to_msgfmt(flags: list[str]) -> None:
    """The runner keeps an entry when a flag, as written, names a format only msgfmt
    judges; the check then decides as msgfmt does (the last flag of a format wins): no
    entry it would hand to msgfmt is left behind."""
    from app.formats import names_unparsed_format

    entry = Entry()
    entry.flags = flags
    if gnu_formats_module.delegated_formats(entry):
        assert names_unparsed_format(flags)
    assert names_unparsed_format(flags) == any(
        gnu_formats_module.delegated_formats(_flagged(flag)) for flag in flags
    )


def _flagged(flag: str) -> Entry:
    entry = Entry()
    entry.flags = [flag]
    return entry


# A plural message whose msgstr[0] drops the number: fine where form 0 serves n=1 only
# ("n != 1"), a defect where it serves every n (Japanese).
PLURAL = """
#, tcl-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "un fichier"
msgstr[1] "%d fichiers"
"""


@pytest.mark.usefixtures("gettext")
def test_catalogs_are_judged_together_as_msgfmt_judges_each_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One msgfmt run for every entry without plural forms, one per Plural-Forms for the
    others: each catalog's findings are what msgfmt -c says of that file alone, in the
    place the check's turn comes among its findings."""
    real = shutil.which("msgfmt")
    runs = tmp_path / "runs"
    bin_dir = fake_msgfmt(tmp_path / "bin", f'echo x >> "{runs}"\nexec "{real}" "$@"')
    rules = {
        "fr": FR,
        "de": "nplurals=2; plural=(n != 1);",
        "nl": "nplurals=2; plural=(n != 1);",
        "ja": "nplurals=1; plural=0;",
    }
    paths = []
    for code, rule in rules.items():
        plural = PLURAL if code != "ja" else PLURAL.replace('msgstr[1] "%d fichiers"\n', "")
        body = broken_body({"tcl-format": BROKEN["tcl-format"]}) + plural + CLEAN
        # Another check's finding before this one's, and a fuzzy entry: order is kept.
        body += '\n#, fuzzy\nmsgid "Gone"\nmsgstr "Parti"\n'
        paths.append(write(tmp_path / code / f"{code}.po", catalog(body, code, rule)))
    targets = [Target(p, p.name, p.parent.name, Policy("published")) for p in paths]
    alone = [run_checks([t], REGISTRY_CHECKS).findings for t in targets]
    monkeypatch.setenv("PATH", str(bin_dir))
    together = run_checks(targets, REGISTRY_CHECKS).findings
    assert runs.read_text() == "x\n" * 4  # no plural forms; n > 1; n != 1; Japanese
    assert together == [f for findings in alone for f in findings]
    for path in paths:
        lines = [f.line for f in together if f.check == CHECK and f.path == path.name]
        assert set(lines) == msgfmt_rejects(path)
    # The rule matters: Japanese's one form serves every n, German's form 0 only n=1.
    plural_ones = {f.locale for f in together if f.check == CHECK and "msgstr[0]" in f.message}
    assert "ja" in plural_ones
    assert "de" not in plural_ones


@pytest.mark.parametrize(
    ("every", "size", "together"), [(100, 1, True), (1, 1, False), (100, 200, False)]
)
def test_a_batched_checks_findings_come_in_its_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every: int, size: int, together: bool
) -> None:
    """Judged after the catalogs, a batched check's findings still come where its turn
    was: after the catalog checks before it, before those after it, and after the
    messages defined twice that the reader reports first. Catalogs are judged by
    ``SETTLE_EVERY`` (their entries are not all kept to the end of a large tree), and
    one with ``JUDGED_ALONE`` things to judge is judged alone, as it is checked."""
    from app.checks.model import JUDGED_ALONE

    assert JUDGED_ALONE == 200
    monkeypatch.setattr(parallel, "SETTLE_EVERY", every)
    from app.checks.model import BatchedCheck, Problem, Severity, catalog_check

    @catalog_check(Severity.WARNING, "before")
    def before(ctx: object) -> Iterator[Problem]:
        yield Problem("before", 1)

    @catalog_check(Severity.WARNING, "after")
    def after(ctx: object) -> Iterator[Problem]:
        yield Problem("after", 1)

    judged: list[list[object]] = []

    def judge(items: list[object]) -> list[list[Problem]]:
        judged.append(items)
        return [[Problem(f"batched {item}", 2)] for item in items]

    batched = BatchedCheck(
        "batched", Severity.ERROR, "t", lambda ctx: ctx.shown, judge, lambda _: size
    )
    twice = '\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n'
    paths = [write(tmp_path / f"{code}.po", catalog(twice, code)) for code in ("fr", "de")]
    targets = [Target(p, p.name, p.stem, Policy("published")) for p in paths]
    checks = [CHECKS["syntax"], before, batched, after]
    found = [(f.path, f.check) for f in run_checks(targets, checks).findings]
    order = ["syntax", "before", "batched", "after"]
    assert found == [(name, check) for name in ("fr.po", "de.po") for check in order]
    assert judged == ([["fr.po", "de.po"]] if together else [["fr.po"], ["de.po"]])


@pytest.mark.usefixtures("gettext")
def test_no_room_for_the_temporary_catalog_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TMPDIR that cannot be written to: the entries are said not checked, and why."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    po = write(tmp_path / "fr.po", catalog(broken_body()))
    [finding] = [f for f in check(tmp_path, po) if f["check"] == CHECK]
    assert finding["line"] == 1
    assert "not checked: msgfmt could not be run (No such file or directory)" in str(
        finding["message"]
    )


@pytest.mark.usefixtures("gettext")
def test_the_batched_check_judges_one_catalog_alone_as_the_run_does(tmp_path: Path) -> None:
    """As every catalog check, it can be called for one catalog (``func``): the same
    problems as the run reports for it."""
    from app.checks.runner import CatalogRun

    po = write(tmp_path / "fr.po", catalog(broken_body()))
    target = Target(po, "fr.po", "fr", Policy("published"))
    check = CHECKS[CHECK]
    context = CatalogRun([check]).context(target, None, "utf-8", False, False, [])
    alone = [(problem.line, problem.message) for problem in check.func(context)]
    run = [(f.line, f.message) for f in run_checks([target], [check]).findings]
    assert alone == run
    assert len(run) == len(BROKEN)
