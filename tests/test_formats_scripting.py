"""javascript-format, php-format and perl-format, with ``msgfmt -c`` itself as the oracle.

app.formats.scripting reads these three as GNU gettext 0.21 does, so that the checker
judges them without running msgfmt: every verdict here is also asked of msgfmt, on named
cases, on generated catalogs and on strings Hypothesis builds from the pieces of each
grammar.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.formats import (
    format_problems,
    parse_format,
    placeholder_problems,
    scripting,
)
from app.formats.judge import _ALIKE
from app.plurals import parse_plural_forms

from .checker_helpers import catalog, line_of, write
from .test_formats import (
    DE,
    JA,
    RU,
    Case,
    assert_verdict,
    assert_verdicts,
    entry,
    needs_msgfmt,
)

JAVASCRIPT, PHP, PERL = "javascript-format", "php-format", "perl-format"
FORMATS = [JAVASCRIPT, PHP, PERL]
TOKENS = {
    JAVASCRIPT: scripting._JAVASCRIPT_TOKENS,
    PHP: scripting._PHP_TOKENS,
    PERL: scripting._PERL_TOKENS,
}

# (flag, msgid, msgid_plural, translations, Plural-Forms, msgfmt -c rejects it)
TABLE = [
    (JAVASCRIPT, "%s of %d", None, ["%2$d von %1$s"], DE, False),
    (JAVASCRIPT, "Hello %s", None, ["Bonjour %d"], DE, True),
    (JAVASCRIPT, "%d%% done", None, ["%d%% fait"], DE, False),
    (JAVASCRIPT, "%d%% done", None, ["%d % fait"], DE, True),  # "% f" is a float
    (JAVASCRIPT, "%d files", None, ["%u fichiers"], DE, True),  # no %u in Gjs
    (JAVASCRIPT, "%.2f MB", None, ["%.f Mo"], DE, False),  # GNU 0.21 takes no digits
    (JAVASCRIPT, "%1$s and %2$s", None, ["%1$s und %s"], DE, True),  # mixed
    (JAVASCRIPT, "%s", None, ["%1$s %1$d"], DE, True),  # one argument, two types
    (JAVASCRIPT, "%s", None, ["%0$s"], DE, True),
    (JAVASCRIPT, "%s", None, ["%4294967297$s"], DE, False),  # 2**32 + 1: argument 1 in C
    (JAVASCRIPT, "%s saved", None, ["%j gespeichert"], DE, True),  # strict: types must match
    # msgfmt's relaxed form looks at the translation's argument at the English's index:
    # %3$j there lets %2$s pass for %2$d; %3$s does not.
    (JAVASCRIPT, "One", "%1$s %2$d %3$j", ["%2$s %3$j", "%1$s %2$d %3$j"], DE, False),
    (JAVASCRIPT, "One", "%1$s %2$d %3$j", ["%2$s %3$s", "%1$s %2$d %3$j"], DE, True),
    (PHP, "%s of %s", None, ["%2$s de %1$s"], DE, False),
    (PHP, "%s and %d", None, ["%2$d et %s"], DE, False),  # %s is still argument 1
    (PHP, "%s", None, ["%s %1$d"], DE, True),
    (PHP, "%s", None, ["%4294967297$s"], DE, False),
    (PHP, "%d items", None, ["%'.10d éléments"], DE, False),
    (PHP, "%d items", None, ["%'é10d éléments"], DE, True),  # two bytes in UTF-8
    (PHP, "%5.2f", None, ["%5.f"], DE, True),
    (PHP, "%d", None, ["%ld"], DE, False),  # l is ignored
    (PHP, "%d%%", None, ["%d%5%"], DE, True),
    (PHP, "100%% of %s", None, ["%s à 100 %"], DE, True),
    (PERL, "%d file", None, ["%ld fichier"], DE, True),  # a long is another type
    (PERL, "%s", None, ["%vd"], DE, True),
    (PERL, "%*d", None, ["%2$*1$d"], DE, False),
    (PERL, "%.*f", None, ["%2$.*1$f"], DE, False),
    (PERL, "%f", None, ["%lf"], DE, True),  # refused: l and h do not go with floats
    (PERL, "%D", None, ["%Vd"], DE, False),
    (PERL, "%s", None, ["%4294967297$s"], DE, False),
    (PERL, "%d", None, ["%I32d"], DE, False),
    # A * number that wraps to 0 (modulo 2**32) takes the next argument; *m$v takes it as 0.
    (PERL, "%d %d", None, ["%*4294967296$d"], DE, False),
    (PERL, "%d %d b", None, ["%.*4294967296$d"], DE, False),
    (PERL, "%*4294967296$d", None, ["%1$*4294967296$d"], DE, True),
    (PERL, "%vd", None, ["%*4294967296$vd"], DE, True),
    (PHP, "%s a", None, ["%s\0%d"], DE, False),  # GNU reads up to the NUL
    (PHP, "%s b", None, ["x\0%s b"], DE, True),  # the same directives, but after it
    (PERL, "%s", None, ["%" + "4294967297" * 500 + "$s"], DE, True),  # 5,000 digits: not 1
    (PHP, "%s", None, ["%" + "0" * 5000 + "1$s"], DE, False),  # more digits than int() reads
    (PERL, "%d", None, ["%Id"], DE, True),
    (PERL, "%vd", None, ["%*vd"], DE, True),  # *v takes one argument more
    (PERL, "%vd", None, ["%v0d"], DE, True),  # 0 is a flag only before the v
    (PERL, "%0$s", None, ["%s"], DE, False),  # "%0$s" is invalid: nothing is checked
    (PERL, "%d file", "%d files", ["ein", "%d Dateien"], DE, False),
    (PERL, "%d file", "%d files", ["ein", "%d Dateien"], JA, True),
    (PERL, "%d file", "%d files", ["%d Datei", "%d Dateien", "Dateien"], RU, True),
]


@pytest.mark.parametrize(("flag", "msgid", "msgid_plural", "strings", "rule", "rejected"), TABLE)
def test_named_cases_agree_with_msgfmt(
    tmp_path: Path,
    flag: str,
    msgid: str,
    msgid_plural: str | None,
    strings: list[str],
    rule: str,
    rejected: bool,
) -> None:
    case: Case = (flag, msgid, msgid_plural, strings)
    often = parse_plural_forms(rule).often
    found = any(placeholder_problems(entry(case), i, often, False) for i in range(len(strings)))
    assert found is rejected
    assert_verdict(tmp_path, case, rule, rejected)


@pytest.mark.parametrize(
    ("flag", "msgid", "strings", "message"),
    [
        (
            JAVASCRIPT,
            "Hello %s",
            ["Bonjour %d"],
            "argument 1 is %d (an integer) where the English has %s (a string); "
            "msgfmt -c rejects it",
        ),
        (
            PHP,
            "%s of %s",
            ["%s de %3$s"],
            "%3$s takes argument 3, not in the English; argument 2 (%s in the English) is "
            "missing; msgfmt -c rejects it",
        ),
        (
            PERL,
            "%d file",
            ["%ld fichier"],
            "argument 1 is %ld (a long integer) where the English has %d (an integer); "
            "msgfmt -c rejects it",
        ),
        (
            PERL,
            "%vd",
            ["%*vd"],
            "the vector of %*vd takes argument 2, not in the English; msgfmt -c rejects it",
        ),
        (
            JAVASCRIPT,
            "%1$s of %2$d",
            ["%2$d von %s"],
            "'%s' takes the next argument but %2$d is numbered: a string numbers all its "
            "arguments or none; msgfmt -c rejects it",
        ),
        (
            PERL,
            "%f",
            ["%hf"],
            "'%hf' gives a short size to a floating-point conversion; msgfmt -c rejects it",
        ),
        (
            JAVASCRIPT,
            "%d%% done",
            ["%d % fait"],
            "% f takes argument 2, not in the English; msgfmt -c rejects it",
        ),
    ],
)
def test_messages_say_which_argument_and_what_differs(
    flag: str, msgid: str, strings: list[str], message: str
) -> None:
    [problem] = format_problems(entry((flag, msgid, None, strings)), 0, None, False)
    assert problem.message == message
    assert problem.breaks


# -- generated catalogs, judged by msgfmt -----------------------------------------------

# The pieces each grammar is made of, and some it does not have: a directive is a % and
# up to three of them, so that most are valid and many are not.
PIECES = {
    JAVASCRIPT: "% %% s d j f c x X b o u 1$ 2$ 3$ 0$ - + 0 I 5 . .2 é q",
    PHP: "% %% s d f e c x X b o u l 1$ 2$ 3$ 0$ - 0 ' '* 'é 5 . .2 é q",
    PERL: "% %% s d i D u U O b o x X e E f F g G p n _ c v * *v *2$v 1$ 2$ 3$ *1$ - + # 0 "
    "5 . .2 .* h l ll L q V I I32 I64 é *4294967296$ .*4294967296$",
}


def directive(rng: random.Random, flag: str) -> str:
    return "%" + "".join(rng.choice(PIECES[flag].split()) for _ in range(rng.randint(0, 3)))


def generated(rng: random.Random, flag: str, count: int, forms: int) -> list[Case]:
    """``count`` entries: English directives, translations that keep some and add one."""
    cases: list[Case] = []
    for k in range(count):
        source = [directive(rng, flag) for _ in range(rng.randint(0, 3))]
        msgid = " w ".join(["m", *source]) + f" m{k}"
        strings = []
        for _ in range(max(forms, 1)):
            kept = rng.sample(source, rng.randint(0, len(source)))
            if rng.random() < 0.5:
                kept.append(directive(rng, flag))
            rng.shuffle(kept)
            strings.append(" t ".join(["t", *kept]))
        cases.append(
            (flag, msgid, None, strings) if forms == 0 else (flag, f"one m{k}", msgid, strings)
        )
    return cases


@needs_msgfmt
@pytest.mark.parametrize("flag", FORMATS)
@pytest.mark.parametrize(("rule", "forms"), [(DE, 0), (DE, 2), (RU, 3), (JA, 1)])
def test_generated_strings_agree_with_msgfmt(
    tmp_path: Path, flag: str, rule: str, forms: int
) -> None:
    """msgfmt -c and the checker reject exactly the same translations."""
    cases = generated(random.Random(f"{flag}{rule}{forms}"), flag, 400, forms)
    assert 0.15 < assert_verdicts(tmp_path, cases, rule) < 0.6  # both verdicts are common


@st.composite
def _pairs(draw: st.DrawFn, flag: str) -> list[tuple[str, str]]:
    """English strings and translations made of the grammar's pieces, and of words."""
    piece = st.sampled_from([*PIECES[flag].split(), " ", "w", "%"])
    text = st.lists(piece, max_size=8).map("".join)
    return draw(st.lists(st.tuples(text, text), min_size=1, max_size=30))


@needs_msgfmt
@pytest.mark.parametrize("flag", FORMATS)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_string_of_these_pieces_is_judged_as_msgfmt_judges_it(
    tmp_path: Path, flag: str, data: st.DataObject
) -> None:
    pairs = data.draw(_pairs(flag))
    cases: list[Case] = [
        (flag, f"{english} m{k}", None, [f"{translation} t{k}"])
        for k, (english, translation) in enumerate(pairs)
    ]
    assert_verdicts(tmp_path, cases, DE)


@pytest.mark.parametrize("flag", FORMATS)
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_strings_that_read_alike_have_no_placeholder_problem(
    flag: str, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortcut that skips parsing (``alike``) never hides what the whole reading finds."""
    directives = st.lists(st.sampled_from(PIECES[flag].split()), max_size=3).map(
        lambda pieces: "%" + "".join(pieces)
    )
    english = data.draw(st.lists(directives, max_size=4))
    kept = [d if data.draw(st.booleans()) else data.draw(directives) for d in english]
    words = st.sampled_from(["", " ", "a", "文字"])
    join = lambda parts: "".join(data.draw(words) + p for p in parts) + data.draw(words)  # noqa: E731
    source, translation = join(english), join(kept)
    if not _ALIKE[flag](source, translation):
        return
    plural: Case = (flag, "one", source, [translation, translation])
    single: Case = (flag, source, None, [translation])
    with monkeypatch.context() as patched:
        patched.delitem(_ALIKE, flag)  # the whole reading
        for often in (parse_plural_forms(DE).often, parse_plural_forms(RU).often, None):
            for index in (0, 1):
                assert format_problems(entry(plural), index, often, False) == []
            assert format_problems(entry(single), 0, often, False) == []


def _text(flag: str) -> st.SearchStrategy[str]:
    """Directives (a % and up to three of the grammar's pieces) between words."""
    pieces = st.lists(st.sampled_from(PIECES[flag].split()), max_size=3)
    parts = st.one_of(pieces.map(lambda p: "%" + "".join(p)), st.sampled_from([" ", "w", "文"]))
    return st.lists(parts, max_size=6).map("".join)


@pytest.mark.parametrize("flag", FORMATS)
def test_the_shortcut_reads_each_directive_whole(flag: str) -> None:
    """``alike`` compares the directives its pattern finds: for every valid directive of
    up to three pieces, exactly the one the parser reads (so the same list on both sides
    is the same arguments)."""
    pieces = PIECES[flag].split()
    checked = 0
    for size in range(4):
        for combination in itertools.product(pieces, repeat=size):
            text = "%" + "".join(combination) + " w"
            whole = _read_whole(flag, text)
            assert whole is not False, text
            checked += whole is True
    assert checked > 1000


def _read_whole(flag: str, text: str) -> bool | None:
    """Whether the shortcut's pattern finds the directives the parser reads; None when
    ``text`` is not a valid format string (the shortcut then decides nothing)."""
    parsed = parse_format(flag, text)
    if parsed.invalid is not None:
        return None
    return TOKENS[flag].findall(text) == list(parsed.spellings)


@pytest.mark.parametrize("flag", FORMATS)
@settings(max_examples=300)
@given(data=st.data())
def test_the_shortcut_reads_strings_of_directives_whole(flag: str, data: st.DataObject) -> None:
    text = data.draw(_text(flag))
    assert _read_whole(flag, text) is not False


# -- the checker: judged without msgfmt ---------------------------------------------------


def test_the_checker_needs_no_msgfmt_for_these_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no msgfmt on PATH, a defect in each format is an error of ``placeholders`` at
    its msgstr, and nothing is left unchecked."""
    from .test_checker_gnu_formats import check

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    body = """
#, javascript-format
msgid "Hello %s"
msgstr "Bonjour %d"

#, php-format
msgid "%1$s by %2$s"
msgstr "%2$s par %1$s"

#, php-format
msgid "Bye %s"
msgstr "Au revoir %s %s"

#, perl-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d fichier"
msgstr[1] "%ld fichiers"
"""
    text = catalog(body)
    po = write(tmp_path / "fr.po", text)
    findings = check(tmp_path, po)
    assert [(f["check"], f["severity"], f["line"]) for f in findings] == [
        ("placeholders", "error", line_of(text, 'msgstr "Bonjour %d"')),
        ("placeholders", "error", line_of(text, 'msgstr "Au revoir %s %s"')),
        ("placeholders", "error", line_of(text, 'msgstr[1] "%ld fichiers"')),
    ]
