"""app.formats: GNU gettext's placeholder rules, with ``msgfmt -c`` itself as the oracle."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.formats import (
    BRACE_FORMAT,
    CHECKED,
    PYTHON_FORMAT,
    FormatProblem,
    breaks_format,
    format_flags,
    format_problems,
    parse_format,
    placeholder_problems,
    strict_form,
)
from app.formats.judge import _ALIKE
from app.plurals import parse_plural_forms
from app.po import Entry

DE = "nplurals=2; plural=(n != 1);"  # form 0 serves n=1 only
RU = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
    "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)  # form 0 serves 1, 21, 31...
JA = "nplurals=1; plural=0;"
HEADER = 'msgid ""\nmsgstr ""\n' + "".join(
    f'"{field}\\n"\n'
    for field in (
        "Project-Id-Version: t",
        "PO-Revision-Date: 2026-01-01 00:00+0000",
        "Last-Translator: t <t@example.org>",
        "Language-Team: t",
        "Language: xx",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "Plural-Forms: {rule}",
    )
)
needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU msgfmt missing")


@pytest.fixture
def bounded_memory() -> Iterator[None]:
    """A gigabyte more than the process holds, at most: a reading that would build a string
    of gigabytes ("%4294967296d") raises MemoryError here instead of taking the machine."""
    try:
        import resource

        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (ImportError, OSError):
        yield  # not Linux: unbounded
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = pages * os.sysconf("SC_PAGE_SIZE") + (1 << 30)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard < 0 else min(limit, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


Case = tuple[str, str, str | None, list[str]]  # flag, msgid, msgid_plural, strings


def quote(text: str) -> str:
    """``text`` as a PO string: backslashes, quotes and control characters escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f]", lambda m: f"\\{ord(m.group()):03o}", escaped) + '"'


def entry_text(flag: str, msgid: str, msgid_plural: str | None, strings: Sequence[str]) -> str:
    lines = [f"#, {flag}", f"msgid {quote(msgid)}"]
    if msgid_plural is None:
        lines.append(f"msgstr {quote(strings[0])}")
    else:
        lines.append(f"msgid_plural {quote(msgid_plural)}")
        lines += [f"msgstr[{i}] {quote(s)}" for i, s in enumerate(strings)]
    return "\n".join(lines) + "\n"


def msgfmt_rejects(path: Path, rule: str, entries: Sequence[str]) -> list[bool]:
    """Write the entries to a catalog at ``path``; for each, whether ``msgfmt -c`` fails it."""
    text, spans = HEADER.replace("{rule}", rule), []
    for entry in entries:
        first = text.count("\n") + 2  # after a blank line
        text += "\n" + entry
        spans.append(range(first, text.count("\n") + 1))
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        errors="replace",  # GNU quotes the first byte of a multibyte character it cannot read
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
        check=False,
    )
    errors = re.findall(rf"^{re.escape(str(path))}:(\d+): (?!warning)", done.stderr, re.M)
    lines = {int(n) for n in errors}
    assert done.returncode == (1 if lines else 0), done.stderr
    return [any(n in span for n in lines) for span in spans]


# (flag, msgid, msgid_plural, translations, Plural-Forms, msgfmt -c rejects it)
TABLE = [
    # python-format: a stray % is a directive, and a wrong one makes the string invalid.
    (PYTHON_FORMAT, "%(pct)d%% done", None, ["%(pct)d % maintenant"], DE, True),  # "% m"
    (PYTHON_FORMAT, "%(pct)d%% done", None, ["%(pct)d%z"], DE, True),
    ("c-format", "%s done", None, ["%s fait\0%d"], DE, False),  # GNU reads up to the NUL
    (PYTHON_FORMAT, "%(n)s files, 100%% done", None, ["%(n)s fichiers, 100 % fini"], DE, True),
    (PYTHON_FORMAT, "%(pct)d%% done", None, ["%(pct)d %% fait"], DE, False),
    (PYTHON_FORMAT, "Use 100%%.", None, ["Utilisez 100 %."], DE, True),  # unfinished "%."
    ("no-python-format", "About 80% of patients", None, ["Environ 80 % des patients"], DE, False),
    # GNU reads "% o" and "% d" as integers: msgfmt -c passes it, by luck.
    (PYTHON_FORMAT, "About 80% of patients", None, ["Environ 80 % des patients"], DE, False),
    (PYTHON_FORMAT, "%(a)s and %(b)s", None, ["%(b)s et %(a)s"], DE, False),
    (PYTHON_FORMAT, "Hello %(name)s", None, ["Bonjour"], DE, True),
    ("possible-python-format", "Hello %(name)s", None, ["Bonjour"], DE, True),
    (PYTHON_FORMAT, "Hello %(name)s", None, ["Bonjour %(nom)s"], DE, True),
    (PYTHON_FORMAT, "%(x)s", None, ["%(x)s %(y)s"], DE, True),
    (PYTHON_FORMAT, "Hello", None, ["Salut %s"], DE, True),
    (PYTHON_FORMAT, "%(x)s", None, ["%(x)s, %(x)s"], DE, False),
    (PYTHON_FORMAT, "%(x)s", None, ["%(x)d"], DE, True),
    (PYTHON_FORMAT, "%(x).0s", None, ["%(x)d"], DE, True),  # "any" fits only a relaxed form
    (PYTHON_FORMAT, "%s %d", None, ["%d %s"], DE, True),
    (PYTHON_FORMAT, "%s %d", None, ["%s %i"], DE, False),
    (PYTHON_FORMAT, "%s of %s", None, ["%s"], DE, True),
    (PYTHON_FORMAT, "%*d", None, ["%*d"], DE, False),
    (PYTHON_FORMAT, "%*d", None, ["%d"], DE, True),
    (PYTHON_FORMAT, "Hello %d", None, ["Salut %(x)d"], DE, True),  # a mapping for a tuple
    (PYTHON_FORMAT, "%(x)z", None, ["%(y)d"], DE, False),  # msgfmt cannot read the English
    # python-brace-format
    (BRACE_FORMAT, "Bye {name}", None, ["Au revoir {nom}"], DE, True),
    (BRACE_FORMAT, "Bye {name}", None, ["Au revoir {name}"], DE, False),
    (BRACE_FORMAT, "Hello {பெயர்}", None, ["வணக்கம் {பெயர்}"], DE, False),
    (BRACE_FORMAT, "Hello {name}", None, ["வணக்கம் {பெயர்}"], DE, True),
    (BRACE_FORMAT, "Hello {name}", None, ["Salut {name! R}"], DE, True),
    (BRACE_FORMAT, "Hello {name}", None, ["Salut {name!r}"], DE, True),
    (BRACE_FORMAT, "{{literal}} {name}", None, ["{{littéral}} {name}"], DE, False),
    (BRACE_FORMAT, "{name}", None, ["{{name}}"], DE, True),
    (BRACE_FORMAT, "{a} {b}", None, ["{b} {a}"], DE, False),
    (BRACE_FORMAT, "{a} {b}", None, ["{a}"], DE, True),
    (BRACE_FORMAT, "{0} x", None, ["{0} {0} x"], DE, False),
    (BRACE_FORMAT, "{user.name} x", None, ["{user.name} x"], DE, False),
    (BRACE_FORMAT, "{user.name} x", None, ["{user} x"], DE, True),
    (BRACE_FORMAT, "{a[0]:>5.2f}", None, ["{a[0]:>5.2f}"], DE, False),
    (BRACE_FORMAT, "{count:d} files", None, ["{count} fichiers"], DE, True),  # GNU 0.21
    (BRACE_FORMAT, "{a:{w}}", None, ["{a:{w}}"], DE, False),
    (BRACE_FORMAT, "{a}", None, ["{a} }"], DE, False),
    (BRACE_FORMAT, "{a}", None, ["x {"], DE, True),
    (BRACE_FORMAT, "{a}", None, ["{a:,}"], DE, True),
    # plural forms: a form for n=1 only may leave the number out, not one for 1, 21, 31...
    (PYTHON_FORMAT, "One file", "%(n)d files", ["Eine Datei", "%(n)d Dateien"], DE, False),
    (
        PYTHON_FORMAT,
        "One file",
        "%(n)d files",
        ["Один файл", "%(n)d файла", "%(n)d файлов"],
        RU,
        True,
    ),
    (
        PYTHON_FORMAT,
        "One file",
        "%(n)d files",
        ["%(n)d файл", "%(n)d файла", "%(n)d файлов"],
        RU,
        False,
    ),
    (PYTHON_FORMAT, "One file", "%(n)d files", ["%(n)d Datei", "Dateien"], DE, True),
    (PYTHON_FORMAT, "One file", "%(n)d files", ["Eine Datei", ""], DE, True),
    (PYTHON_FORMAT, "One file", "%(n)d files", ["Eine %(n).0s", "%(n)d Dateien"], DE, False),
    (PYTHON_FORMAT, "%(d)s: one", "%(d)s: %(n)d", ["eins", "%(d)s: %(n)d"], DE, False),
    (PYTHON_FORMAT, "One for %(u)s", "%(n)d files", ["Eine für %(u)s", "%(n)d"], DE, True),
    (PYTHON_FORMAT, "One file", "%d files", ["Eine Datei", "%d Dateien"], DE, True),  # a tuple
    (PYTHON_FORMAT, "One file", "%(n)d files", ["ファイル"], JA, True),  # the only form: strict
    (PYTHON_FORMAT, "One file", "%(n)d files", ["%(n)d ファイル"], JA, False),
    (PYTHON_FORMAT, "One file", "%(n)d files", ["", ""], DE, False),  # untranslated: skipped
    (BRACE_FORMAT, "One file", "{n} files", ["Eine Datei", "{n} Dateien"], DE, False),
    (BRACE_FORMAT, "One file", "{n} files", ["{n} файл", "файла", "{n} файлов"], RU, True),
]


@pytest.mark.parametrize(("flag", "msgid", "msgid_plural", "strings", "rule", "rejected"), TABLE)
def test_breaks_format_agrees_with_msgfmt(
    tmp_path: Path,
    flag: str,
    msgid: str,
    msgid_plural: str | None,
    strings: list[str],
    rule: str,
    rejected: bool,
) -> None:
    assert_verdict(tmp_path, (flag, msgid, msgid_plural, strings), rule, rejected)


def assert_verdict(tmp_path: Path, case: Case, rule: str, rejected: bool) -> None:
    """``breaks_format`` says ``rejected`` of ``case``, and so does msgfmt -c where installed."""
    often = parse_plural_forms(rule).often
    assert breaks_format(*case, often) is rejected
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU msgfmt missing: checked against the table only")
    assert msgfmt_rejects(tmp_path / "t.po", rule, [entry_text(*case)]) == [rejected]


# Fragments of English that GNU can read, and of translations (anything a translator types).
PYTHON_ENGLISH = ["%(n)d", "%(n)s", "%(name)s", "%(n).0s", "%s", "%d", "%i", "%r", "%5.2f",
                  "%*d", "%%", "%c", "% d", "%(x)%"]  # fmt: skip
PYTHON_TRANSLATED = [*PYTHON_ENGLISH, "% m", "%z", "%", "%(x)d", "%(n)i", "%(", "%.0r", "%a",
                     "%F", "%(n)-5d", "%lld", "%(a)s %(a)d"]  # fmt: skip
BRACE_ENGLISH = ["{name}", "{0}", "{1}", "{n:d}", "{n:>5}", "{user.name}", "{a[0]}", "{a:{w}}",
                 "{{", "}}", "}", "{n:x<+#08.3f}"]  # fmt: skip
BRACE_TRANSLATED = [*BRACE_ENGLISH, "{பெயர்}", "{name!r}", "{}", "{name! R}", "{", "{nom}",
                    "{n:,}", "{0:{}}", "{a:{w:3}}", "{a[b}", "{.x}"]  # fmt: skip


def generated(rng: random.Random, count: int, forms: int) -> list[Case]:
    """``count`` entries of random placeholders; ``forms`` translations each (0: singular)."""
    cases: list[Case] = []
    for k in range(count):
        flag = rng.choice([PYTHON_FORMAT, BRACE_FORMAT])
        english, typed = (
            (PYTHON_ENGLISH, PYTHON_TRANSLATED)
            if flag == PYTHON_FORMAT
            else (BRACE_ENGLISH, BRACE_TRANSLATED)
        )
        source = rng.sample(english, rng.randint(0, 3))
        msgid = " w ".join(["m", *source]) + f" m{k}"  # unique msgids, never a leading newline
        strings = [translated(rng, source, typed) for _ in range(max(forms, 1))]
        cases.append(
            (flag, msgid, None, strings) if forms == 0 else (flag, f"one m{k}", msgid, strings)
        )
    return cases


def translated(rng: random.Random, source: list[str], typed: list[str]) -> str:
    """Some of the English's placeholders, shuffled, and maybe one a translator typed."""
    kept = rng.sample(source, rng.randint(0, len(source))) + rng.sample(typed, rng.randint(0, 1))
    rng.shuffle(kept)
    return " t ".join(["t", *kept])


@needs_msgfmt
@pytest.mark.parametrize(("rule", "forms"), [(DE, 0), (DE, 2), (RU, 3), (JA, 1)])
def test_generated_strings_agree_with_msgfmt(tmp_path: Path, rule: str, forms: int) -> None:
    """Whenever GNU can read the English, its verdict is ours, but for its relaxed-form bug."""
    cases = generated(random.Random(f"{rule}{forms}"), 400, forms)
    theirs = msgfmt_rejects(tmp_path / "g.po", rule, [entry_text(*case) for case in cases])
    often = parse_plural_forms(rule).often
    ours = [breaks_format(*case, often) for case in cases]
    differ = [case for case, o, t in zip(cases, ours, theirs, strict=True) if o != t]
    assert [case for case in differ if not adds_a_field_to_a_relaxed_form(case, often)] == []
    assert all(ours[cases.index(case)] for case in differ)  # we are stricter, never laxer
    assert 0.2 < sum(theirs) / len(theirs) < 0.95  # both verdicts are well represented


def adds_a_field_to_a_relaxed_form(case: Case, often: Sequence[bool]) -> bool:
    """GNU 0.21 lets a form for few n add a brace field (a KeyError); later GNU does not."""
    flag, msgid, msgid_plural, strings = case
    if flag != BRACE_FORMAT or msgid_plural is None:
        return False
    english = parse_format(flag, msgid_plural).named
    return any(
        not strict_form(True, index, len(strings), often)
        and not set(parse_format(flag, text).named) <= set(english)
        for index, text in enumerate(strings)
    )


@needs_msgfmt
@pytest.mark.parametrize(
    ("msgid", "strings"),
    [
        ("Hello {பெயர்}", ["வணக்கம் {பெயர்! R}"]),
        ("Hi {name!r}", ["Salut {nom!r}"]),
        ("{} x", ["y"]),
    ],
)
def test_english_that_gnu_0_21_cannot_read(tmp_path: Path, msgid: str, strings: list[str]) -> None:
    """GNU 0.21 reads only ASCII names, no !r and no {}: against such an English it checks
    nothing. The merge follows msgmerge (no review asked); the checker and the site still
    check the translation, which would raise or lose a value in Python."""
    text = entry_text(BRACE_FORMAT, msgid, None, strings)
    assert msgfmt_rejects(tmp_path / "d.po", DE, [text]) == [False]
    assert not breaks_format(BRACE_FORMAT, msgid, None, strings, None)
    entry = Entry(msgid=msgid, msgstr=strings[0], flags=[BRACE_FORMAT])
    assert placeholder_problems(entry, 0, None, False)


@needs_msgfmt
def test_a_one_form_that_adds_a_field_is_stricter_than_msgfmt_0_21(tmp_path: Path) -> None:
    """A form for n=1 that adds a field raises KeyError; GNU 0.21 misses it, later GNU not."""
    msgid, plural, strings = "One file", "{n} files", ["Eine Datei in {dir}", "{n} Dateien"]
    text = entry_text(BRACE_FORMAT, msgid, plural, strings)
    assert msgfmt_rejects(tmp_path / "d.po", DE, [text]) == [False]
    assert breaks_format(BRACE_FORMAT, msgid, plural, strings, parse_plural_forms(DE).often)


BRACE_HINT = "; write {{ and }} for literal braces"
PERCENT_HINT = ": write %% for a percent sign"
READS = "; Python reads it, GNU msgfmt 0.21 does not"


@pytest.mark.parametrize(
    ("text", "named", "invalid"),
    [
        ("{பெயர்}", ["பெயர்"], None),
        ("{பெயர்.முதல்[0]}", ["பெயர்.முதல்[0]"], None),
        ("{பெயர்! R}", [], "'{பெயர்! ': the conversion after '!' is r, s or a" + BRACE_HINT),
        ("{{literal}} }} {x!s:^9}", ["x!s:^9"], None),
        ("{} {:d} {}", ["#0", "#1:d", "#2"], None),  # by position: "#" never starts a name
        ("{0} {}", ["0"], "{}: automatic {} and numbered {0} cannot be in one string"),
        ("{#anchor}", [], "'{#': '#' cannot start a field name" + BRACE_HINT),
        # Python's own format specs that GNU 0.21 cannot read: no escaping would help.
        ("{a:{}}", [], "'{a:{}': '}' cannot start a field name" + READS),
        ("{a:,}", [], "'{a:,': '}' expected here" + READS),
        ("x {", [], "'{': unfinished" + BRACE_HINT),
    ],
)
def test_brace_fields(text: str, named: list[str], invalid: str | None) -> None:
    parsed = parse_format(BRACE_FORMAT, text)
    assert (list(parsed.named), parsed.invalid) == (named, invalid)


KINDS = {"n": "integer", "s": "string", "c": "character", "f": "float", "r": "any", "x": "none"}


@pytest.mark.parametrize(
    ("text", "kinds", "invalid"),
    [
        ("%(n)d %(s)s %(c)c %(f)5.2f %(r).0r %(x)%", KINDS, None),
        ("%(a)s %(a).0s", {"a": "string"}, None),
        ("%((a)b)s", {"(a)b": "string"}, None),
        (
            "%(a)s %(a)d",
            {"a": "string"},
            "%(a)s and %(a)d use one argument in two ways: give them the same conversion",
        ),
        (
            "%(pct)d % maintenant",
            {"pct": "integer"},
            "'% m' is not a placeholder (no conversion 'm')" + PERCENT_HINT,
        ),
        (
            "%(n)s, 100 % fini",
            {"n": "string"},
            "% f and %(n)s cannot be in one string: name every placeholder, and write %% for a "
            "percent sign",
        ),
        ("%(n)*d", {}, "%(n)*d: a named placeholder cannot take its width or precision from *"),
        ("50 %", {}, "'%' is an unfinished placeholder" + PERCENT_HINT),
    ],
)
def test_percent_directives(text: str, kinds: dict[str, str], invalid: str | None) -> None:
    parsed = parse_format(PYTHON_FORMAT, text)
    assert ({name: p.kind for name, p in parsed.named.items()}, parsed.invalid) == (kinds, invalid)


def test_unnamed_directives_keep_their_order_and_star_arguments() -> None:
    parsed = parse_format(PYTHON_FORMAT, "%-*.*f %5s %%%c %.0s")
    kinds = ["integer", "integer", "float", "string", "character", "any"]
    assert [p.kind for p in parsed.unnamed] == kinds
    assert parsed.spellings == ("%-*.*f", "%5s", "%c", "%.0s")


def test_format_flags() -> None:
    flags = ["fuzzy", "python-format", "no-c-format", "possible-python-brace-format", "range: 1..5"]
    assert format_flags(flags) == {
        "python-format": True,
        "c-format": False,
        "python-brace-format": True,
    }
    assert format_flags(["impossible-python-format"]) == {"python-format": False}


PY_RAISES = "Python raises TypeError: not enough arguments for format string"


@pytest.mark.parametrize(
    ("flags", "msgid", "msgstr", "guess", "problems"),
    [
        ([], "About 80% of patients", "Environ 80 % des patients", True, []),
        (["no-python-format"], "About 80%% of %(x)s", "Environ 80 % des", True, []),
        (
            ["python-format"],
            "%(pct)d%% done",
            "%(pct)d % maintenant",
            True,
            [
                "'% m' is not a placeholder (no conversion 'm'): write %% for a percent sign; "
                + PY_RAISES
            ],
        ),
        ([], "Hi %(name)s", "Salut", True, ["%(name)s is missing"]),
        ([], "Hi %(name)s", "Salut", False, []),  # a catalog of C code: no guessing
        # Unflagged, so leniently read, but Python raises if the program formats it.
        (
            [],
            "Hi %(name)s",
            "Salut %(name)s, 100 % sûr",
            True,
            [PY_RAISES + "; write %% for a percent sign"],
        ),
        (
            [],
            "Bye {name}",
            "Au revoir {nom}",
            True,
            [
                "{nom} is not in the English; "
                "{name} is missing; Python raises KeyError: 'nom' (no such argument)"
            ],
        ),
        ([], "Use {} braces", "Utilisez {nom}", True, []),  # a bare {} is not guessed at
        (["c-format"], "Hi %(name)s", "Salut", True, []),  # "%(" is no C directive
        (
            [],
            "%s of %s",
            "%s",
            True,
            [
                "placeholders %s do not match the English (%s %s, in this order); "
                "Python raises TypeError: not all arguments converted during string formatting"
            ],
        ),
        (
            ["python-format"],
            "%(a)s",
            "%(a)d",
            True,
            ["%(a)d should be %(a)s, as in the English; msgfmt -c rejects it"],
        ),
        (
            ["c-format"],
            "%ld lines",
            "%d lignes",
            False,
            [
                "argument 1 is %d (an int) where the English has %ld: printf reads the wrong "
                "type, often a crash; msgfmt -c rejects it"
            ],
        ),
        (
            ["c-format"],
            "%s of %d",
            "%2$d de %1$s",
            False,
            [],
        ),
        (
            ["sh-format"],
            "$HOME saved",
            "gespeichert",
            False,
            ["$HOME is missing; msgfmt -c rejects it"],
        ),
        (["qt-format"], "%1 of %2", "%2 von %1", False, []),
        (
            ["python-brace-format"],
            "Hello {பெயர்}",
            "வணக்கம் {பெயர}",
            False,
            [
                "{பெயர} is not in the English; "
                "{பெயர்} is missing; Python raises KeyError: 'பெயர' (no such argument)"
            ],
        ),
        (
            ["python-brace-format"],
            "{a}",
            "{a} }",
            False,
            [
                "Python raises ValueError: Single '}' encountered in format string; "
                "write {{ and }} for literal braces"
            ],
        ),
        # A width Python pads to without complaint: told, not built (100 MB here).
        (
            ["python-format"],
            "%(n)d files",
            "%(n)100000000d Dateien",
            False,
            [
                "Python pads %(n)100000000d to 100,000,000 characters; "
                "give it the English's width, or none"
            ],
        ),
        (
            ["python-brace-format"],
            "{n} files",
            "{n:>100000000} Dateien",
            False,
            [
                "{n:>100000000} is not in the English; {n} is missing; Python pads "
                "{n:>100000000} to 100,000,000 characters"
            ],
        ),
        (
            ["python-brace-format"],
            "{n} files",
            "{n:>١٠٠٠٠٠٠٠٠} Dateien",  # str.format reads a width in any script's digits
            False,
            [
                "'{n:>١': '}' expected here; Python reads it, GNU msgfmt 0.21 does not; "
                "Python pads {n:>١٠٠٠٠٠٠٠٠} to 100,000,000 characters"
            ],
        ),
        (
            ["python-format"],
            "%(n)d files",
            "%(n)999999d %(n)999999d",
            False,
            [
                "Python pads its fields to 1,999,998 characters in all; "
                "give it the English's width, or none"
            ],
        ),
        (["python-format"], "%(n)s files", "%(n).100000000s Dateien", False, []),  # it cuts
        (
            ["python-format"],
            "%d of %d",
            "%*.999999999d",  # the precision after a width the program passes
            False,
            [
                "Python pads %*.999999999d to 999,999,999 characters; "
                "give it the English's width, or none"
            ],
        ),
        (
            ["python-format"],
            "%(n)d files",
            "%(n)99999999999999999999d",
            False,
            ["Python raises ValueError: width too big; write %% for a percent sign"],
        ),
    ],
)
@pytest.mark.usefixtures("bounded_memory")
def test_placeholder_problems(
    flags: list[str], msgid: str, msgstr: str, guess: bool, problems: list[str]
) -> None:
    entry = Entry(msgid=msgid, msgstr=msgstr, flags=flags)
    assert placeholder_problems(entry, 0, None, guess) == problems


def test_what_neither_msgfmt_nor_python_objects_to_does_not_break() -> None:
    """GNU 0.21 cannot read "{பெயர்}" and Python raises on no missing field: no claim of either."""
    tamil = Entry(msgid="Hello {பெயர்}", msgstr="வணக்கம்", flags=[BRACE_FORMAT])
    assert format_problems(tamil, 0, None, False) == [FormatProblem("{பெயர்} is missing", False)]
    ascii_name = Entry(msgid="Hello {name}", msgstr="Salut", flags=[BRACE_FORMAT])
    assert format_problems(ascii_name, 0, None, False) == [
        FormatProblem("{name} is missing; msgfmt -c rejects it", True)
    ]
    unflagged = Entry(msgid="Hi %(name)s", msgstr="Salut %(nom)s")
    (problem,) = format_problems(unflagged, 0, None, True)
    assert "Python raises KeyError" in problem.message
    assert not problem.breaks  # nothing says the program formats it


@needs_msgfmt
@pytest.mark.parametrize(
    ("msgid", "msgstr", "raises"),
    [
        # GNU 0.21 cannot read these Englishes (%a and %F, one key in two conversions), so
        # msgfmt -c checks nothing; Python formats them, and raises on the translation.
        ("%(n)d files (%(n)s)", "%(m)d fichiers (%(n)s)", "KeyError: 'm' (no such argument)"),
        ("%(n)d files (%(n)s)", "%(n)d fichiers (%(n)s), 50 % de plus", "not enough arguments"),
        ("Name: %(x)a", "Name: %(y)a", "KeyError: 'y'"),
        ("%F of %s", "%F von", "not all arguments converted"),
        ("%s: %a", "%a :%d", "%d format: a real number is required, not str"),
        # The same Englishes, translated well.
        ("%(n)d files (%(n)s)", "%(n)d fichiers (%(n)s)", None),
        ("%F of %s", "%F de %s", None),
        ("%s: %a", "%a : %s", None),
    ],
)
def test_an_english_gnu_cannot_read_is_still_run_by_python(
    tmp_path: Path, msgid: str, msgstr: str, raises: str | None
) -> None:
    text = entry_text(PYTHON_FORMAT, msgid, None, [msgstr])
    assert msgfmt_rejects(tmp_path / "d.po", DE, [text]) == [False]
    problems = format_problems(
        Entry(msgid=msgid, msgstr=msgstr, flags=[PYTHON_FORMAT]), 0, None, False
    )
    if raises is None:
        assert problems == []
    else:
        (problem,) = problems
        assert problem.breaks
        assert f"Python raises {'TypeError: ' if 'Error' not in raises else ''}" in problem.message
        assert raises in problem.message


@needs_msgfmt
def test_an_english_that_is_another_languages_template_breaks_nothing(tmp_path: Path) -> None:
    """horizon: AngularJS's {$ expr $} flagged python-brace-format by its extraction. Its
    field is no Python argument (a name or a number): no Python program formats it, and
    GNU cannot read it: there is nothing to hold the translated expression to."""
    msgid = "{$ 'Please provide a search criteria first.' $}"
    msgstr = "{$ 'Пожалуйста, сначала укажите критерий поиска.' $}"
    assert msgfmt_rejects(
        tmp_path / "d.po", DE, [entry_text(BRACE_FORMAT, msgid, None, [msgstr])]
    ) == [False]
    entry = Entry(msgid=msgid, msgstr=msgstr, flags=[BRACE_FORMAT])
    assert format_problems(entry, 0, None, False) == []
    # A name in any script is a Python identifier: that English is Python's, and checked.
    tamil = Entry(msgid="Hello {பெயர்}", msgstr="வணக்கம் {பெயர்! R}", flags=[BRACE_FORMAT])
    assert [problem.breaks for problem in format_problems(tamil, 0, None, False)] == [True]


def test_placeholder_problems_of_plural_forms_follow_the_distribution() -> None:
    entry = Entry(
        msgid="One file",
        msgid_plural="%(n)d files",
        msgstr_plural=["Один файл", "%(n)d файла", "%(n)d файлов"],
        flags=["python-format"],
    )
    assert placeholder_problems(entry, 0, parse_plural_forms(RU).often, True) == [
        "%(n)d is missing; msgfmt -c rejects it"
    ]
    assert placeholder_problems(entry, 0, (False, True, True), True) == []
    assert placeholder_problems(entry, 0, None, True) == []  # no distribution: msgfmt relaxes


@pytest.mark.parametrize(
    ("english", "translation", "said"),
    [
        ("%<PRIu64> B", "%<PRId64> o", "is %<PRId64> (an int64_t) where the English has %<PRIu64>"),
        ("%<PRId64> B", "%<PRIu64> o", "is %<PRIu64> (a uint64_t) where the English has"),
        ("%<PRIdLEAST8>", "%<PRIuLEAST8>", "(a uint_least8_t)"),
        ("%<PRIdMAX>", "%ju", "is %ju (a uintmax_t) where the English has %<PRIdMAX>"),
        ("%zu", "%tu", "(an unsigned ptrdiff_t) where the English has %zu"),
        ("%zd", "%zu", "is %zu (a size_t)"),
    ],
)
def test_c_types_are_named_as_c_names_them(english: str, translation: str, said: str) -> None:
    entry = Entry(msgid=english, msgstr=translation, flags=["c-format"])
    (problem,) = format_problems(entry, 0, None, False)
    assert said in problem.message


C_CASES = [
    ("%s saved", None, ["gespeichert"]),
    ("%s saved", None, ["%s gespeichert"]),
    ("%d of %s", None, ["%s de %d"]),
    ("%d of %s", None, ["%2$s de %1$d"]),
    ("%ld items", None, ["%d Elemente"]),
    ("%.*s", None, ["%.*s"]),
    ("%*d", None, ["%d"]),
    ("%s %m", None, ["%s"]),
    ("%<PRId64> x", None, ["%<PRId64> y"]),
    ("%<PRId64> x", None, ["%lld y"]),
    ("%zu", None, ["%u"]),
    ("%c", None, ["%d"]),
    ("%Lf", None, ["%f"]),
    ("%1$s %2$s", None, ["%2$s"]),
    ("100%%", None, ["100 %"]),
    ("%s", None, ["%s %s"]),
    ("%2$s %1$s", None, ["%s %s"]),
    ("%d file", "%d files", ["один файл", "%d файла", "%d файлов"]),
    ("%d file", "%d files", ["%d файл", "%d файла", "файлов"]),
]


@needs_msgfmt
@pytest.mark.parametrize(("msgid", "msgid_plural", "strings"), C_CASES)
def test_c_format_breaks_as_msgfmt_says(
    tmp_path: Path, msgid: str, msgid_plural: str | None, strings: list[str]
) -> None:
    """The merge asks for a review of a new c-format flag exactly when msgfmt -c would fail."""
    rule = RU if msgid_plural else DE
    text = entry_text("c-format", msgid, msgid_plural, strings)
    (gnu,) = msgfmt_rejects(tmp_path / "c.po", rule, [text])
    often = parse_plural_forms(rule).often
    assert breaks_format("c-format", msgid, msgid_plural, strings, often) == gnu


# -- c-format and the other formats msgfmt checks: generated strings, msgfmt's verdict ----

C_ENGLISH = ["%s", "%d", "%ld", "%lu", "%zu", "%5.2f", "%c", "%x", "%lld", "%<PRId64>", "%%",
             "%p", "%*d", "%.*s", "%jd", "%hd", "%Lf", "%'d", "%m", "%-10s", "%#o"]  # fmt: skip
C_TRANSLATED = [*C_ENGLISH, "%i", "%u", "%ls", "%Id", "%1$s", "%2$d", "%y", "%", "% d", "%llu",
                "%hhd", "%qd", "%Zu", "%<PRIu64>", "%<PRIdMAX>", "%<PRId>", "%0$s", "%3$s",
                "%C", "%S", "%n", "%tu", "%a"]  # fmt: skip


def generated_c(rng: random.Random, count: int, forms: int) -> list[Case]:
    """``count`` c-format entries: random directives, some reordered by number."""
    cases: list[Case] = []
    for k in range(count):
        source = rng.sample(C_ENGLISH, rng.randint(0, 3))
        msgid = " w ".join(["m", *source]) + f" m{k}"
        strings = []
        for _ in range(max(forms, 1)):
            if source and rng.random() < 0.15:  # every argument, numbered and reordered
                args = [d for d in source if d not in ("%%", "%m")]
                order = rng.sample(range(len(args)), len(args))
                numbered = [args[i].replace("%", f"%{i + 1}$", 1) for i in order]
                strings.append(" t ".join(["t", *numbered]))
            else:
                strings.append(translated(rng, source, C_TRANSLATED))
        cases.append(
            ("c-format", msgid, None, strings)
            if forms == 0
            else ("c-format", f"one m{k}", msgid, strings)
        )
    return cases


@needs_msgfmt
@pytest.mark.parametrize(("rule", "forms"), [(DE, 0), (DE, 2), (RU, 3), (JA, 1)])
def test_generated_c_strings_agree_with_msgfmt(tmp_path: Path, rule: str, forms: int) -> None:
    """msgfmt -c and the checker reject exactly the same c-format translations."""
    cases = generated_c(random.Random(f"c{rule}{forms}"), 400, forms)
    rejected = assert_verdicts(tmp_path, cases, rule)
    assert 0.2 < rejected < 0.98  # both verdicts are well represented


def assert_verdicts(tmp_path: Path, cases: list[Case], rule: str) -> float:
    """``breaks_format`` and the checker's findings reject exactly the cases msgfmt -c
    rejects, entry by entry; the share it rejects."""
    theirs = msgfmt_rejects(tmp_path / "g.po", rule, [entry_text(*case) for case in cases])
    often = parse_plural_forms(rule).often
    ours = [breaks_format(*case, often) for case in cases]
    assert [case for case, o, t in zip(cases, ours, theirs, strict=True) if o != t] == []
    checked = [
        any(placeholder_problems(entry(case), i, often, False) for i in range(len(case[3])))
        for case in cases
    ]
    assert checked == theirs
    return sum(theirs) / len(theirs)


def entry(case: Case) -> Entry:
    flag, msgid, msgid_plural, strings = case
    if msgid_plural is None:
        return Entry(msgid=msgid, msgstr=strings[0], flags=[flag])
    return Entry(msgid=msgid, msgid_plural=msgid_plural, msgstr_plural=strings, flags=[flag])


# (flag, msgid, msgid_plural, translations, Plural-Forms): msgfmt -c decides each in the test
OTHER_FORMATS = [
    ("kde-format", "%1 of %2", None, ["%1 von %4294967298"], DE),  # 2**32 + 2: %2 in C
    ("kde-format", "%1 %2 %3 %4", None, ["%1 %4"], DE),  # two skipped
    ("kde-format", "%1", None, ["%1 %99999999999"], DE),
    ("sh-format", "$HOME saved", None, ["gespeichert"], DE),
    ("sh-format", "$HOME saved", None, ["${HOME} gespeichert"], DE),
    ("sh-format", "$HOME saved", None, ["$HOME und $USER"], DE),
    ("sh-format", "$HOME saved", None, ["$HOME kostet $5"], DE),
    ("sh-format", "$HOME saved", None, ["${HOME:-x} gespeichert"], DE),
    ("sh-format", "One in $DIR", "$N in $DIR", ["Eine", "$N in $DIR"], DE),
    ("qt-format", "%1 of %2", None, ["%2 von %1"], DE),
    ("qt-format", "%1 of %2", None, ["%1 von"], DE),
    ("qt-format", "%1 of %2", None, ["%L1 von %2"], DE),
    ("qt-format", "%1 of %2", None, ["%1 von %2 (100%)"], DE),
    ("qt-format", "One file", "%1 files", ["Eine Datei", "%1 Dateien"], DE),
    ("kde-format", "%1 of %2", None, ["%2 von %1"], DE),
    ("kde-format", "%1 of %2", None, ["%1 von %3"], DE),
    ("kde-format", "%1 of %2 in %3", "%1 of %2 in %3", ["%2 in %3", "%1 von %2 in %3"], DE),
    ("kde-format", "%1 of %2 in %3", "%1 of %2 in %3", ["in %3", "%1 von %2 in %3"], DE),
    ("perl-brace-format", "{name} saved", None, ["{name} gespeichert {extra}"], DE),
    ("perl-brace-format", "{name} saved", None, ["gespeichert"], DE),
    ("perl-brace-format", "One {dir}", "{n} in {dir}", ["Eine", "{n} in {dir}"], DE),
    ("objc-format", "%@ saved", None, ["%@ gespeichert"], DE),
    ("objc-format", "%@ saved", None, ["%s gespeichert"], DE),
    ("c-format", "%d file", "%d files", ["Datei", "%d Dateien"], DE),
    ("c-format", "%d file", "%d files", ["једна датотека", "%d датотеке", "%d датотека"], RU),
    ("c-format", "%s: %d file", "%s: %d files", ["%s: eine", "%s: %d"], DE),
    ("c-format", "%s: %d file", "%s: %d files", ["eine", "%s: %d"], DE),
    ("c-format", "%s: %d file", "%s: %d files", ["%d: eine", "%s: %d"], DE),
]


@needs_msgfmt
@pytest.mark.parametrize(("flag", "msgid", "msgid_plural", "strings", "rule"), OTHER_FORMATS)
@pytest.mark.usefixtures("bounded_memory")
def test_other_formats_agree_with_msgfmt(
    tmp_path: Path, flag: str, msgid: str, msgid_plural: str | None, strings: list[str], rule: str
) -> None:
    (gnu,) = msgfmt_rejects(
        tmp_path / "o.po", rule, [entry_text(flag, msgid, msgid_plural, strings)]
    )
    often = parse_plural_forms(rule).often
    assert breaks_format(flag, msgid, msgid_plural, strings, often) is gnu
    case = (flag, msgid, msgid_plural, strings)
    found = any(placeholder_problems(entry(case), i, often, False) for i in range(len(strings)))
    assert found is gnu


def python_arguments(english: str) -> dict[str, object] | tuple[object, ...]:
    """The arguments a program passes to ``english``: 3 for each, by name or by position."""
    names = re.findall(r"%\(([^()]*)\)", english)
    if names:
        return dict.fromkeys(names, 3)
    return tuple(3 for _ in re.findall(r"%[-+ #0]*(\*)?[0-9]*(?:\.[0-9*]*)?[sdirxc]", english))


@pytest.mark.parametrize(("rule", "forms"), [(DE, 0), (RU, 3)])
def test_what_python_raises_on_is_always_reported(rule: str, forms: int) -> None:
    """Format each generated translation as a program would: if Python raises, we say so."""
    often = parse_plural_forms(rule).often
    missed = []
    for case in generated(random.Random(f"py{rule}{forms}"), 600, forms):
        flag, msgid, msgid_plural, strings = case
        english = msgid_plural or msgid
        if flag == PYTHON_FORMAT and parse_format(flag, english).invalid:
            continue  # "%s %(n)s": no program formats such an English
        for i, text in enumerate(strings):
            try:
                if flag == PYTHON_FORMAT:
                    arguments = python_arguments(english)
                    english % arguments  # noqa: B018
                    raised = _raises(lambda: text % arguments)  # noqa: B023
                else:
                    english.format(*[3] * 3, **dict.fromkeys(re.findall(r"\{(\w+)", english), 3))
                    raised = _raises(
                        lambda: text.format(  # noqa: B023
                            *[3] * 3,
                            **dict.fromkeys(re.findall(r"\{(\w+)", english), 3),  # noqa: B023
                        )
                    )
            except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                continue  # an English this simple model cannot format
            if raised and not placeholder_problems(entry(case), i, often, False):
                missed.append((english, text))
    assert missed == []


def _raises(call: Callable[[], object]) -> bool:
    try:
        call()
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return True
    return False


@needs_msgfmt
@pytest.mark.parametrize(
    ("flags", "strings"),
    [
        ("c-format, range: 0..1", ["один файл", "%d файла", "нет файлов"]),  # each form, one n
        ("c-format, range: 0..100", ["один файл", "%d файла", "%d файлов"]),  # 1, 21, 31...
        ("c-format", ["один файл", "%d файла", "%d файлов"]),
    ],
)
def test_a_range_flag_relaxes_forms_it_leaves_one_number(
    tmp_path: Path, flags: str, strings: list[str]
) -> None:
    """msgfmt -c lets a form that serves at most one n of the entry's range drop the number."""
    (gnu,) = msgfmt_rejects(
        tmp_path / "r.po", RU, [entry_text(flags, "%d file", "%d files", strings)]
    )
    case = Entry(
        msgid="%d file", msgid_plural="%d files", msgstr_plural=strings, flags=flags.split(", ")
    )
    rule = parse_plural_forms(RU)
    found = [placeholder_problems(case, i, rule.often, False, rule) for i in range(3)]
    assert any(found) is gnu


# -- the shortcut: strings that read alike are not parsed, and nothing is missed -------------

# Placeholders in groups of look-alikes: a translation often swaps one for another of
# its group, where a shortcut that read too little would take them for the same.
_FORMAT_GROUPS = {
    PYTHON_FORMAT: [["%s", "%d", "%z", "%-s", "%5.2f"], ["%(n)s", "%(n)d", "%(m)s"],
                    ["%(a(b)s", "%(a(c)s", "%(a(b))s", "%(a(c))s"], ["%", "%%"]],
    BRACE_FORMAT: [["{}", "{0}", "{n}", "{m}", "{ n }", "{n!r}", "{n!z}", "{n:d}", "{n:>5}"],
                   ["{a:{w}}", "{b:{w}}", "{a:{v}}"], ["{x.y[0]}", "{x.z[0]}"],
                   ["{பெயர்}", "{பெயர}"], ["{", "}", "{{", "}}"]],
}  # fmt: skip
_TEXT_PIECES = ["", " ", "a", "word", "文字"]


@st.composite
def _alike_pairs(draw: st.DrawFn, flag: str) -> tuple[str, str]:
    """An English, and a translation with its placeholders, some swapped, and other words."""
    words = st.sampled_from(_TEXT_PIECES)
    groups = draw(st.lists(st.sampled_from(_FORMAT_GROUPS[flag]), max_size=4))
    english = [draw(st.sampled_from(group)) for group in groups]
    kept = [
        p if draw(st.booleans()) else draw(st.sampled_from(g))
        for p, g in zip(english, groups, strict=True)
    ]
    return (
        "".join(draw(words) + p for p in english) + draw(words),
        "".join(draw(words) + p for p in kept) + draw(words),
    )


@pytest.mark.parametrize("flag", [PYTHON_FORMAT, BRACE_FORMAT])
@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_strings_that_read_alike_have_no_placeholder_problem(
    flag: str, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortcut that skips parsing (``alike``) never hides what the whole reading and
    Python itself find: every plural form, strict or not."""
    english, translation = data.draw(_alike_pairs(flag))
    if not _ALIKE[flag](english, translation):
        return
    case: Case = (flag, "one", english, [translation, translation])
    with monkeypatch.context() as patched:
        patched.delitem(_ALIKE, flag)  # the whole reading
        for index in (0, 1):
            for often in (parse_plural_forms(DE).often, parse_plural_forms(RU).often):
                assert format_problems(entry(case), index, often, False) == []
                assert format_problems(entry(case), index, often, True) == []
    single: Case = (flag, english, None, [translation])
    with monkeypatch.context() as patched:
        patched.delitem(_ALIKE, flag)
        assert format_problems(entry(single), 0, None, False) == []


_ANY_PIECE = st.one_of(
    st.sampled_from(["%", "$", "{", "}", "*", "v", ".", "'", "1", "0", "9", "4294967296", "l",
                     "I64", "d", "s", "j", "%%", "{0}", "${", "\n", "\0", "é", "文"]),
    st.text(max_size=3),
)  # fmt: skip
_ANY_TEXT = st.lists(_ANY_PIECE, max_size=12).map("".join)


@pytest.mark.usefixtures("bounded_memory")
@pytest.mark.parametrize("flag", CHECKED)
@settings(max_examples=300, deadline=None)
@given(english=_ANY_TEXT, translations=st.lists(_ANY_TEXT, min_size=1, max_size=3))
def test_no_format_raises_on_any_string(flag: str, english: str, translations: list[str]) -> None:
    """Whatever a translator or a hostile catalog writes, every format is read and compared
    without an exception: singular and plural, strict and relaxed forms."""
    single: Case = (flag, english, None, translations[:1])
    plural: Case = (flag, "one", english, translations)
    for case in (single, plural):
        for often in (None, parse_plural_forms(RU).often):
            for index in range(len(case[3])):
                format_problems(entry(case), index, often, False)
                format_problems(entry(case), index, often, True)
        breaks_format(*case, None)


@pytest.mark.usefixtures("bounded_memory")
@pytest.mark.parametrize(
    "translation",
    [
        "{n:{w}{w}{w}{w}{w}{w}{w}{w}{w}{w}} {w}",  # a width of 3,333,333,333 from arguments
        "{n:{w:9<9}} {w}",
        "{n:" + "{a:" * 20_000 + "}" * 20_001,  # nested deeper than str.format allows
    ],
)
def test_a_spec_built_from_arguments_is_not_formatted(translation: str) -> None:
    """A width that nested fields make (and make huge) is not known before formatting:
    the translation is not formatted here, and nothing is claimed of it."""
    problems = format_problems(
        entry((BRACE_FORMAT, "{n} {w}", None, [translation])), 0, None, False
    )
    assert not any("Python pads" in p.message for p in problems)
