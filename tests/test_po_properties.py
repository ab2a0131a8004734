"""Generated catalogs and edit histories: our PO layer against GNU gettext.

Round trip: any catalog (long strings, escapes, non-Latin scripts, plurals, msgctxt,
fuzzy, obsolete, previous msgids, comments) survives ``serialize_po`` then ``parse_po``,
passes ``msgfmt -c``, and reads the same to GNU ``msgcat`` as to our parser.

Merge: a template edited step by step (words changed, messages deleted, restored, added,
given a plural or a context, flagged python-format) is merged into a catalog by our
``merge`` and by ``msgmerge --previous``; the two agree entry by entry and no
translation is ever lost.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from . import gnu
from .gnu import Message, message

if TYPE_CHECKING:
    from app.merge import MergeResult
    from app.po import PoFile

# Modest counts: each example runs a few GNU processes; the file runs in seconds.
# In CI the examples are fixed (a disagreement is found in development, never as a flaky
# gate) and a failure is reported unshrunk, within CI's time.
IN_CI = os.environ.get("CI") == "true"
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=IN_CI,
    phases=[Phase.explicit, Phase.reuse, Phase.generate] if IN_CI else list(Phase),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PLURAL_RULES = {
    "ja": (1, "0"),
    "de": (2, "(n != 1)"),
    "ru": (
        3,
        "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
    ),
    "ar": (
        6,
        "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)",
    ),
}
TEAMS = {"ja": "Japanese", "de": "German", "ru": "Russian", "ar": "Arabic"}
TEAM_STYLES = ["{name}", "{name} <{code}@li.org>", "{name} https://l10n.example.org/{code}/"]


@pytest.fixture(autouse=True)
def _gettext() -> None:
    gnu.require_gettext()


@dataclass(frozen=True)
class PoApi:
    """The functions under test, imported once: a missing one fails before any example."""

    parse_po: Callable[[bytes, str], PoFile]
    serialize_po: Callable[[PoFile], bytes]
    merge: Callable[[PoFile, PoFile], MergeResult]


@pytest.fixture(scope="module")
def api() -> PoApi:
    """``parse_po``, ``serialize_po`` (in app.po, or app.catalogs that writes) and ``merge``."""
    from app import catalogs, po
    from app.merge import merge

    serialize = getattr(po, "serialize_po", None) or getattr(catalogs, "serialize_po", None)
    assert serialize is not None, "serialize_po is in neither app.po nor app.catalogs"
    return PoApi(po.parse_po, serialize, merge)


# -- strategies ------------------------------------------------------------------------

LETTERS = st.one_of(
    st.characters(min_codepoint=ord("a"), max_codepoint=ord("z")),
    st.characters(min_codepoint=ord("A"), max_codepoint=ord("Z")),
    st.characters(min_codepoint=0x0430, max_codepoint=0x044F),  # Cyrillic
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),  # CJK
    st.characters(min_codepoint=0x0621, max_codepoint=0x064A),  # Arabic
    st.characters(min_codepoint=0x0905, max_codepoint=0x0939),  # Devanagari
    st.sampled_from("éüßñø“”«»–—…’🙂👍🏽😀"),
)
# Tokens with a meaning to PO files or to format checks. None starts or ends a string with
# a newline, so msgid and msgstr always agree on that (msgfmt -c requires it).
SPECIAL = st.sampled_from(
    ['"quoted"', "back\\slash", "tab\there", "line\nbreak", "80%", "%(n)s", "{0}", "#", "\\n"]
)
WORD = st.one_of(st.text(LETTERS, min_size=1, max_size=10), SPECIAL)
WORDS = st.lists(WORD, min_size=1, max_size=45)  # up to a few hundred characters
CONTEXT = st.one_of(st.none(), st.sampled_from(["", "menu", "button", "Меню"]), st.text(LETTERS))
COMMENT = st.text(st.one_of(LETTERS, st.sampled_from(" #.,:|~\t\"'")), max_size=40)
REFERENCE = st.builds("src/{}.py:{}".format, st.sampled_from("abcde"), st.integers(1, 999))


def sentence(words: list[str]) -> str:
    return " ".join(words)


def placeholders(text: str) -> list[str]:
    return [p for p in ("%(n)s",) if p in text]


def formattable(text: str) -> bool:
    """Babel would flag ``text`` python-format, and it is a valid Python format."""
    return "%(n)s" in text and "%" not in text.replace("%(n)s", "")


def header(
    language: str,
    date: str,
    *,
    template: bool = False,
    named: bool = True,
    team: str = "{name}",
    charset: str = "UTF-8",
    generator: bool = False,
) -> Message:
    """A complete header (msgfmt -c warns about every missing field), or a template's.

    Without ``named`` it has a Language-Team but no Language field: msgmerge then derives
    one from the team's English name when an address follows it (``team`` formats it).
    """
    if template:
        plural = "Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\n"
        team = "LANGUAGE <LL@li.org>"
    else:
        count, rule = PLURAL_RULES[language]
        plural = f"Plural-Forms: nplurals={count}; plural={rule};\n"
        team = team.format(name=TEAMS[language], code=language)
    fields = (
        "Project-Id-Version: Test 1\n"
        "Report-Msgid-Bugs-To: bugs@example.org\n"
        f"POT-Creation-Date: {date}\n"
        "PO-Revision-Date: 2026-01-02 10:00+0000\n"
        "Last-Translator: Tester <tester@example.org>\n"
        + ("X-Generator: Poedit 3.6\n" if generator else "")  # msgmerge moves it last
        + f"Language-Team: {team}\n"
        + (f"Language: {language}\n" if named and not template else "")
        + "MIME-Version: 1.0\n"
        f"Content-Type: text/plain; charset={charset}\n"
        "Content-Transfer-Encoding: 8bit\n" + plural
    )
    return message(
        msgid="",
        msgstr=(fields,),
        flags=("fuzzy",) if template else (),
        comments=("Test catalog.",),
    )


@st.composite
def translation(draw: st.DrawFn, source: str, *, keep_placeholders: bool) -> str:
    """A non-empty 'translation' of ``source``, with its placeholders when required."""
    words = draw(st.lists(WORD.filter(lambda w: "%" not in w), min_size=1, max_size=30))
    if keep_placeholders or draw(st.booleans()):
        words += placeholders(source)
    return sentence(words)


@st.composite
def entries(draw: st.DrawFn, nplurals: int, *, obsolete: bool = False) -> Message:
    """One catalog entry that passes msgfmt -c (obsolete ones are translated: GNU drops
    an obsolete entry whose msgstr is empty, so it could never round-trip)."""
    msgid = sentence(draw(WORDS))
    plural = draw(st.integers(0, 9)) == 0
    msgid_plural = sentence([*msgid.split(" "), "(plural)"]) if plural else None
    flags = ["python-format"] if formattable(msgid) and draw(st.booleans()) else []
    flags += draw(st.lists(st.sampled_from(["fuzzy", "no-wrap"]), unique=True, max_size=2))
    forms = nplurals if plural else 1
    if not obsolete and draw(st.booleans()):
        msgstr = ("",) * forms
        flags = [f for f in flags if f != "fuzzy"]  # GNU drops it on reading: nothing to review
    else:
        keep = "python-format" in flags
        msgstr = tuple(draw(translation(msgid, keep_placeholders=keep)) for _ in range(forms))
    previous = draw(st.one_of(st.none(), WORDS.map(sentence)))
    return message(
        msgid=msgid,
        msgstr=msgstr,
        msgctxt=draw(CONTEXT),
        msgid_plural=msgid_plural,
        flags=flags,
        previous_msgctxt=draw(st.one_of(st.none(), CONTEXT)) if previous else None,
        previous_msgid=previous,
        previous_msgid_plural=previous + " (plural)" if previous and plural else None,
        comments=draw(st.lists(COMMENT, max_size=2)),
        auto_comments=draw(st.lists(WORDS.map(sentence).map(one_line), max_size=2)),
        references=draw(st.lists(REFERENCE, max_size=3, unique=True)),
        obsolete=obsolete,
    )


def one_line(text: str) -> str:
    """A comment holds one line of text (``#.`` lines cannot continue)."""
    return " ".join(text.replace("\\n", "n").split())


def unique(messages: list[Message], taken: set[tuple[str | None, str]]) -> list[Message]:
    """Drop entries whose (msgctxt, msgid) is already used: msgfmt rejects duplicates."""
    kept = []
    for m in messages:
        if (m.msgctxt, m.msgid) not in taken:
            taken.add((m.msgctxt, m.msgid))
            kept.append(m)
    return kept


@st.composite
def catalogs(draw: st.DrawFn) -> list[Message]:
    """A whole catalog in canonical form: header, active entries, obsolete entries."""
    language = draw(st.sampled_from(sorted(PLURAL_RULES)))
    nplurals = PLURAL_RULES[language][0]
    taken: set[tuple[str | None, str]] = set()
    active = unique(draw(st.lists(entries(nplurals), max_size=8)), taken)
    old = unique(draw(st.lists(entries(nplurals, obsolete=True), max_size=3)), taken)
    return [header(language, "2026-01-01 09:00+0000"), *active, *old]


# -- round trip ------------------------------------------------------------------------


@SETTINGS
@given(catalog=catalogs())
def test_generated_catalogs_are_valid(
    tmp_path_factory: pytest.TempPathFactory, catalog: list[Message]
) -> None:
    """The generator's own output passes msgfmt -c and reads back through msgcat unchanged."""
    path = gnu.write_po(tmp_path_factory.mktemp("gen") / "in.po", catalog)
    gnu.assert_msgfmt_ok(path)
    gnu.assert_same(catalog, gnu.canonical(path, via_msgcat=True), "msgcat", names=("made", "GNU"))


@SETTINGS
@given(catalog=catalogs())
def test_parse_po_reads_what_gnu_reads(api: PoApi, catalog: list[Message]) -> None:
    """Our parser gives the entries the (independent) writer put in the file."""
    parse_po = api.parse_po
    data = gnu.po_text(catalog).encode("utf-8")
    gnu.assert_same(
        catalog, gnu.from_po(parse_po(data, "in.po")), "parse_po", names=("made", "ours")
    )


@SETTINGS
@given(catalog=catalogs())
def test_serialize_round_trip(
    tmp_path_factory: pytest.TempPathFactory, api: PoApi, catalog: list[Message]
) -> None:
    """serialize_po writes a file msgfmt -c accepts, that reads back the same to us and to GNU."""
    parse_po, serialize_po = api.parse_po, api.serialize_po

    po = parse_po(gnu.po_text(catalog).encode("utf-8"), "in.po")
    path = tmp_path_factory.mktemp("rt") / "out.po"
    path.write_bytes(serialize_po(po))
    gnu.assert_msgfmt_ok(path)
    ours = gnu.from_po(parse_po(path.read_bytes(), str(path)))
    gnu.assert_same(catalog, ours, "serialize_po then parse_po", names=("made", "ours"))
    gnu.assert_same(
        catalog, gnu.canonical(path), "serialize_po, independent reader", names=("made", "file")
    )
    gnu.assert_same(gnu.canonical(path, via_msgcat=True), ours, "msgcat of our output vs parse_po")


# -- merge -----------------------------------------------------------------------------


@dataclass
class Source:
    """A message as the code or content has it; the template is made from these."""

    words: list[str]
    context: str | None = None
    plural: bool = False
    formatted: bool = False  # Babel flags it python-format (when it is one)
    note: str | None = None
    wrap: bool = True  # False: the template says no-wrap

    @property
    def msgid(self) -> str:
        return sentence(self.words)

    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)

    def template_entry(self, line: int) -> Message:
        msgid = self.msgid
        return message(
            msgid=msgid,
            msgstr=("", "") if self.plural else ("",),
            msgctxt=self.context,
            msgid_plural=sentence([*self.words, "(plural)"]) if self.plural else None,
            flags=(["python-format"] if self.formatted and formattable(msgid) else [])
            + ([] if self.wrap else ["no-wrap"]),
            auto_comments=[self.note] if self.note else [],
            references=[f"src/app.py:{line}"],
        )


@dataclass
class History:
    """A first catalog, and the templates of the updates that follow it."""

    catalog: list[Message]
    templates: list[list[Message]]


NOTE = st.one_of(st.none(), WORDS.map(sentence).map(one_line), st.just("  indented note"))


def sources(words: st.SearchStrategy[list[str]]) -> st.SearchStrategy[Source]:
    """Sources whose msgids are made of ``words``."""
    return st.builds(
        Source,
        words=words,
        context=st.one_of(st.none(), st.none(), st.sampled_from(["", "menu", "Меню"])),
        plural=st.integers(0, 7).map(lambda n: n == 0),
        formatted=st.booleans(),
        wrap=st.integers(0, 5).map(bool),
        note=NOTE,
    )


SOURCES = sources(WORDS)
# A crowd: many messages from a few words, so that many catalog messages are about as
# similar to a new one (ties) and more than msgmerge's first few candidates share its
# 4-grams (its heuristic then looks no further than max(10, sqrt(n)) of them).
CROWD_WORD = st.sampled_from(["muscle", "pain", "relief", "needle", "ألم", "痛み", "%(n)s", "x"])
CROWD_WORDS = st.lists(CROWD_WORD, min_size=1, max_size=12)
# (operation, a, b): a and b pick messages, positions or words, modulo the sizes at hand.
OPERATIONS = st.tuples(
    st.sampled_from(
        ["edit", "edit", "edit", "insert", "delete", "restore", "add", "add-similar"]
        + ["plural", "context", "format", "swap"]
    ),
    st.integers(0, 1000),
    st.integers(0, 1000),
)


def apply(
    operation: tuple[str, int, int],
    sources: list[Source],
    gone: list[Source],
    word: str,
    fresh: Source,
) -> None:
    """Change the sources the way code and content edits change a template."""
    kind, a, b = operation
    if kind == "add":
        sources.insert(a % (len(sources) + 1), fresh)
        return
    if kind == "restore":
        if gone:
            sources.insert(a % (len(sources) + 1), gone.pop(b % len(gone)))
        return
    if not sources:
        return
    i = a % len(sources)
    s = sources[i]
    if kind == "edit":
        words = list(s.words)
        words[b % len(words)] = word
        sources[i] = replace(s, words=words)
    elif kind == "insert":
        words = list(s.words)
        words.insert(b % (len(words) + 1), word)
        sources[i] = replace(s, words=words)
    elif kind == "delete":
        gone.append(sources.pop(i))
    elif kind == "add-similar":
        words = list(s.words)
        words[b % len(words)] = word
        sources.insert(b % (len(sources) + 1), replace(s, words=words))
    elif kind == "plural":
        sources[i] = replace(s, plural=not s.plural)
    elif kind == "context":
        sources[i] = replace(s, context=[None, "", "menu", word][b % 4])
    elif kind == "format":
        sources[i] = replace(s, formatted=not s.formatted)
    elif kind == "swap":
        j = b % len(sources)
        sources[i], sources[j] = sources[j], sources[i]


def template(sources: list[Source], step: int) -> list[Message]:
    """The .pot of these sources (later duplicates dropped, as extraction merges them)."""
    head = header("", f"2026-02-{step + 1:02d} 09:00+0000", template=True)
    seen: set[tuple[str | None, str]] = set()
    body = []
    for line, source in enumerate(sources, start=1):
        if source.key() not in seen:
            seen.add(source.key())
            body.append(source.template_entry(line * 10))
    return [head, *body]


@st.composite
def catalog_entry(draw: st.DrawFn, source: Source, nplurals: int, *, obsolete: bool) -> Message:
    """The catalog's entry for ``source``: translated, fuzzy or not, with old notes."""
    base = source.template_entry(draw(st.integers(1, 99)))
    flags = [f for f in base.flags if draw(st.integers(0, 3))]  # a translator removed one
    if draw(st.booleans()) and formattable(base.msgid):
        flags.append("python-format")  # the catalog has it, the template may not
    # GNU keeps only "fuzzy" from the catalog: the rest come from the template or go.
    pool = ["fuzzy", "no-wrap", "x-custom-flag"]
    if "python-format" not in flags:
        pool.append("no-python-format")
    flags += draw(st.lists(st.sampled_from(pool), unique=True, max_size=3))
    translated = obsolete or draw(st.integers(0, 4)) > 0
    forms = nplurals if source.plural else 1
    keep = "python-format" in flags  # else the catalog itself would fail msgfmt -c
    strings = tuple(
        draw(translation(base.msgid, keep_placeholders=keep)) if translated else ""
        for _ in range(forms)
    )
    previous = None
    if "fuzzy" in flags and draw(st.booleans()):
        previous = sentence([*source.words, draw(WORD)])
    return replace(
        base,
        msgstr=strings,
        flags=tuple(sorted(set(flags))),
        previous_msgid=previous,
        previous_msgid_plural=previous + " (plural)" if previous and source.plural else None,
        comments=tuple(draw(st.lists(COMMENT, max_size=2))),
        obsolete=obsolete,
    )


@st.composite
def histories(draw: st.DrawFn, *, crowd: bool = False) -> History:
    """A catalog made for some sources, then one to three rounds of edits to them."""
    language = draw(st.sampled_from(sorted(PLURAL_RULES)))
    nplurals = PLURAL_RULES[language][0]
    made, word = (sources(CROWD_WORDS), CROWD_WORD) if crowd else (SOURCES, WORD)
    current = draw(st.lists(made, min_size=1, max_size=40 if crowd else 10))
    extra = draw(st.lists(made, max_size=3))  # only in the catalog: to become obsolete
    old = draw(st.lists(made, max_size=3))  # already obsolete
    taken: set[tuple[str | None, str]] = set()
    active = [draw(catalog_entry(s, nplurals, obsolete=False)) for s in current + extra]
    dead = [draw(catalog_entry(s, nplurals, obsolete=True)) for s in old]
    # Without a Language field msgmerge derives one from Language-Team.
    head = header(
        language,
        "2026-01-01 09:00+0000",
        named=draw(st.booleans()),
        team=draw(st.sampled_from(TEAM_STYLES)),
        charset=draw(st.sampled_from(["UTF-8", "utf-8"])),  # Babel writes it lowercase
        generator=draw(st.booleans()),
    )
    catalog = [head, *unique(active, taken), *unique(dead, taken)]
    gone = list(old)
    templates = []
    for step in range(draw(st.integers(1, 3))):
        for operation in draw(st.lists(OPERATIONS, min_size=1, max_size=5)):
            apply(operation, current, gone, draw(word), draw(made))
        templates.append(template(current, step))
    return History(catalog, templates)


@SETTINGS
@given(history=histories())
def test_merge_agrees_with_msgmerge(
    tmp_path_factory: pytest.TempPathFactory, api: PoApi, history: History
) -> None:
    """Step after step, merge == msgmerge --previous, nothing is lost, msgfmt -c passes."""
    check_history(tmp_path_factory.mktemp("merge"), api, history)


@settings(SETTINGS, max_examples=30)
@given(history=histories(crowd=True))
def test_merge_agrees_on_crowded_catalogs(
    tmp_path_factory: pytest.TempPathFactory, api: PoApi, history: History
) -> None:
    """The same, when many messages compete to be the fuzzy match (ties, the heuristic)."""
    check_history(tmp_path_factory.mktemp("crowd"), api, history)


def check_history(folder: Path, api: PoApi, history: History) -> None:
    """Merge each template in turn both ways and compare; GNU's result is the next input."""
    parse_po, serialize_po, merge = api.parse_po, api.serialize_po, api.merge
    current = gnu.write_po(folder / "0.po", history.catalog)
    gnu.assert_msgfmt_ok(current, allow_warnings=True)  # a header may lack Language
    for step, messages in enumerate(history.templates, start=1):
        ref = gnu.write_po(folder / f"{step}.pot", messages)
        expected = gnu.msgmerge(current, ref, folder / f"{step}.gnu.po")
        result = merge(
            parse_po(current.read_bytes(), str(current)), parse_po(ref.read_bytes(), str(ref))
        )
        before, theirs = gnu.canonical(current), gnu.canonical(expected)
        assert not gnu.lost_translations(before, theirs), "the invariant is wrong: GNU breaks it"
        context = f"step {step} of {len(history.templates)}"
        gnu.assert_same(theirs, gnu.from_po(result.po), f"{context}: merge vs msgmerge")
        assert gnu.lost_translations(before, gnu.from_po(result.po)) == []
        ours = folder / f"{step}.ours.po"
        ours.write_bytes(serialize_po(result.po))
        gnu.assert_same(theirs, gnu.canonical(ours), f"{context}: written merge vs msgmerge")
        if not gnu.msgfmt_check(expected).returncode:
            gnu.assert_msgfmt_ok(ours, allow_warnings=True)
        current = expected
