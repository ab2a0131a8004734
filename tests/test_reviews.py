"""The review record (``guide-i18n review``, ``review = "required"``) and translators'
questions about the English (``# source-issue:``), end to end on a project in tmp_path."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from app.catalogs import serialize_po
from app.locales import RegistryError, load_registry
from app.po import Entry, read_po
from app.project import Project
from app.reviews import Record, ReviewError, Status, parse_record, read_record, review_of
from app.workflow import entries_at, record_reviews, review_state

from .conftest import REPO, write

Cli = Callable[..., Result]

TRANSLATOR = "Ana Traductora <ana@example.org>"
REVIEWER = "Ben Revisor <ben@example.org>"
LONG = "Dry needling targets trigger points. It helps reduce pain."  # the fixture's paragraph
SPANISH = {
    "Pain Relief": "Alivio del dolor",
    "Reduces Muscle Pain": "Reduce el dolor muscular",
    LONG: "La punción seca actúa sobre los puntos gatillo. Ayuda a reducir el dolor.",
    "Quick Procedure": "Procedimiento rápido",
    "Sessions are typically short (15–30 minutes).": (
        "Las sesiones suelen ser cortas (15–30 minutos)."
    ),
    "Skip to content": "Saltar al contenido",
    "Guide": "Guía",
}
QUESTION = (
    '"trigger points": patients may not know the term; a plain explanation would help '
    "every language, not only ours — ¿podría la clínica añadir una?"
)


def catalog(project: Path, code: str = "es") -> Path:
    return project / "locales" / code / "LC_MESSAGES" / "messages.po"


def record_file(project: Path, code: str = "es") -> Path:
    return project / "locales" / "reviews" / f"{code}.jsonl"


def edit(path: Path, change: Callable[[Entry], None]) -> None:
    """Change every entry of a catalog as a translator's editor would, and save it."""
    po = read_po(path)
    for entry in po.entries:
        change(entry)
    path.write_bytes(serialize_po(po))


def translated_project(cli: Cli, project: Path, review: str = "required") -> Path:
    """Spanish, fully translated by TRANSLATOR, published with the given review policy."""
    assert cli("extract").exit_code == 0
    assert cli("init", "es").exit_code == 0
    path = catalog(project)

    def fill(entry: Entry) -> None:
        if entry.plural:
            entry.msgstr_plural = ["%(num)d beneficio", "%(num)d beneficios", "%(num)d de ellos"]
        else:
            entry.msgstr = SPANISH[entry.msgid]

    edit(path, fill)
    po = read_po(path)
    assert po.header is not None
    po.header.msgstr = po.header.msgstr.replace(
        "Last-Translator: \n", f"Last-Translator: {TRANSLATOR}\n"
    )
    path.write_bytes(serialize_po(po))
    registry = project / "locales" / "locales.toml"
    registry.write_text(
        f'source = "en"\n\n[locales.es]\nstatus = "published"\nreview = "{review}"\n'
    )
    return path


def test_a_review_holds_until_the_translation_or_the_english_changes(
    cli: Cli, project: Path
) -> None:
    path = translated_project(cli, project)
    result = cli("check")
    assert result.exit_code == 1
    assert "8 message(s) without a current review" in result.output
    assert result.output.count("[unreviewed] not reviewed by a second person yet") == 8

    result = cli("review", "es", "--reviewer", REVIEWER, "--all", "--note", "back-translation")
    assert result.exit_code == 0, result.output
    assert "Recorded 8 review(s) of es in locales/reviews/es.jsonl" in result.output
    assert cli("check").exit_code == 0
    lines = record_file(project).read_text().splitlines()
    assert len(lines) == 8
    by_msgid = {row["msgid"]: row for row in map(json.loads, lines)}
    assert by_msgid["Pain Relief"] == {
        "msgid": "Pain Relief",
        "msgstr": "Alivio del dolor",
        "reviewer": REVIEWER,
        "reviewed": by_msgid["Pain Relief"]["reviewed"],
        "note": "back-translation",
    }
    assert by_msgid["%(num)d benefit"]["msgstr"] == [
        "%(num)d beneficio", "%(num)d beneficios", "%(num)d de ellos"
    ]  # fmt: skip
    assert list(by_msgid) == sorted(by_msgid)  # sorted: parallel reviews touch different lines

    # The translator edits one translation after the review: that review is stale.
    edit(path, lambda e: setattr(e, "msgstr", "Alivio" if e.msgid == "Pain Relief" else e.msgstr))
    result = cli("check")
    assert result.exit_code == 1
    stale = [line for line in result.output.splitlines() if "[unreviewed]" in line]
    assert len(stale) == 1
    assert "the translation changed after Ben Revisor <ben@example.org> reviewed it" in stale[0]
    line = read_po(path).entries[[e.msgid for e in read_po(path).entries].index("Pain Relief")]
    assert stale[0].startswith(f"locales/es/LC_MESSAGES/messages.po:{line.string_line()}:")
    assert "1 message(s) without a current review" in result.output

    # Reviewing that one message by its catalog line makes the locale pass again.
    result = cli("review", "es", "--reviewer", REVIEWER, "--line", str(line.line))
    assert result.exit_code == 0, result.output
    assert cli("check").exit_code == 0
    assert len(record_file(project).read_text().splitlines()) == 8  # replaced, not added

    # The clinic changes the English of the long paragraph: merged as fuzzy, then the
    # translator updates the translation. The old review does not cover the new text.
    page = project / "content" / "guide.md"
    page.write_text(page.read_text().replace("It helps reduce pain.", "It may help reduce pain."))
    assert cli("extract").exit_code == 0
    assert cli("update").exit_code == 0
    new_english = LONG.replace("It helps", "It may help")

    def confirm(entry: Entry) -> None:
        if entry.msgid == new_english:
            entry.msgstr = (
                "La punción seca actúa sobre los puntos gatillo. Puede ayudar a reducir el dolor."
            )
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None

    edit(path, confirm)
    result = cli("check")
    assert result.exit_code == 1
    assert "1 message(s) without a current review" in result.output
    # Its review replaces the one of the English that is gone (git keeps that one).
    assert LONG in record_file(project).read_text()
    assert cli("review", "es", "--reviewer", REVIEWER, "--all").exit_code == 0
    assert LONG not in record_file(project).read_text()
    assert cli("check").exit_code == 0


def test_a_review_of_older_english_makes_a_confirmed_entry_stale() -> None:
    old = Entry(msgid="Old English", msgstr="Viejo")
    record = Record([review_of(old, REVIEWER, _now())])
    # The translator cleared fuzzy but kept "#| msgid": the English changed since the review.
    merged = Entry(msgid="New English", msgstr="Viejo", previous_msgid="Old English")
    verdict = record.verdict(merged)
    assert verdict.status is Status.STALE
    assert verdict.reason.startswith("the English changed after Ben Revisor")
    assert record.verdict(Entry(msgid="New English", msgstr="Viejo")).status is Status.UNREVIEWED
    assert record.verdict(Entry(msgid="Old English", msgstr="Viejo")).status is Status.REVIEWED


def test_a_new_plural_form_makes_the_review_stale() -> None:
    entry = Entry(
        msgid="%(num)d benefit", msgid_plural="%(num)d benefits", msgstr_plural=["a", "b"]
    )
    record = Record([review_of(entry, REVIEWER, _now())])
    assert record.verdict(entry).status is Status.REVIEWED
    entry.msgstr_plural = ["a", "b", "c"]
    assert record.verdict(entry).status is Status.STALE
    entry.msgstr_plural = ["a", "b"]
    entry.msgid_plural = "%(num)d good things"
    assert "the English changed" in record.verdict(entry).reason


def test_the_translator_cannot_review_their_own_work(cli: Cli, project: Path) -> None:
    translated_project(cli, project)
    for who in (TRANSLATOR, "ana traductora", "Someone <ANA@example.org>"):
        result = cli("review", "es", "--reviewer", who, "--all")
        assert result.exit_code == 2
        assert "Last-Translator" in result.output
        assert result.output.count("\n") == 1
    assert not record_file(project).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--line", "9999"), "messages.po:9999: no message at this line"),
        (("--all", "--line", "3"), "--line N (repeatable) or --all"),
        ((), "--line N (repeatable) or --all"),
    ],
)
def test_review_refuses_what_it_cannot_record(
    cli: Cli, project: Path, args: tuple[str, ...], message: str
) -> None:
    translated_project(cli, project)
    result = cli("review", "es", "--reviewer", REVIEWER, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not record_file(project).exists()


def test_untranslated_or_fuzzy_messages_are_not_reviewed(cli: Cli, project: Path) -> None:
    path = translated_project(cli, project)
    edit(path, lambda e: e.flags.append("fuzzy") if e.msgid == "Guide" else None)
    guide = next(e for e in read_po(path).entries if e.msgid == "Guide")
    result = cli("review", "es", "--reviewer", REVIEWER, "--line", str(guide.string_line()))
    assert result.exit_code == 2
    assert f"messages.po:{guide.line}: untranslated or fuzzy" in result.output
    result = cli("review", "es", "--reviewer", REVIEWER, "--all")
    assert "Recorded 7 review(s)" in result.output  # the fuzzy one is left out
    listing = cli("review", "es")
    assert listing.exit_code == 0
    assert "7 translated message(s): 7 reviewed, 0 stale, 0 unreviewed." in listing.output


def test_every_line_of_an_entry_selects_it(cli: Cli, project: Path) -> None:
    path = translated_project(cli, project)
    po = read_po(path)
    lines = path.read_text().splitlines()
    long = next(e for e in po.entries if e.msgid == LONG)
    comment = next(i for i in range(long.line - 1, 0, -1) if lines[i - 1].startswith("#."))
    state = review_state(
        Project(project), load_registry(project / "locales/locales.toml").locales[0]
    )
    chosen = {
        review.msgid
        for line in (comment, long.line, long.string_line(), long.string_line() + 1)
        for review in record_reviews(state, REVIEWER, entries_at(state, [line]))
    }
    assert chosen == {LONG}  # the wrapped msgstr's last line too (+1)


def test_a_broken_record_is_one_located_line_and_exit_2(cli: Cli, project: Path) -> None:
    translated_project(cli, project)
    assert cli("review", "es", "--reviewer", REVIEWER, "--all").exit_code == 0
    path = record_file(project)
    lines = path.read_text().splitlines()
    lines[2] = lines[2][:-5]  # a save cut short
    path.write_text("\n".join(lines) + "\n")
    for args in (("check",), ("review", "es")):
        result = cli(*args)
        assert result.exit_code == 2
        assert "locales/reviews/es.jsonl:3: not a review line" in result.output
        assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "line",
    [
        '["a list"]',
        '{"msgid": "x", "msgstr": "y", "reviewer": "r"}',
        '{"msgid": "x", "msgstr": "y", "reviewer": "r", "reviewed": "yesterday"}',
        '{"msgid": "x", "msgstr": 3, "reviewer": "r", "reviewed": "2026-12-02T10:00:00Z"}',
        '{"msgid": "x", "msgstr": "y", "reviewer": "r", "reviewed": "2026-12-02T10:00:00Z", '
        '"by": 1}',
    ],
)
def test_record_lines_are_validated(line: str) -> None:
    with pytest.raises(ReviewError, match=r"^r\.jsonl:2: not a review line"):
        parse_record(("\n" + line + "\n").encode(), "r.jsonl")


def test_review_must_be_a_known_policy(tmp_path: Path) -> None:
    path = write(tmp_path / "locales.toml", '[locales.es]\nstatus = "published"\nreview = "yes"\n')
    with pytest.raises(RegistryError, match=r"locales\.toml:1: review must be one of"):
        load_registry(path)


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)


@given(
    msgid=texts.filter(bool),
    strings=st.lists(texts, min_size=1, max_size=4),
    context=st.none() | texts,
    reviewer=texts.filter(str.strip),
)
def test_a_record_reads_back_what_was_written(
    msgid: str, strings: list[str], context: str | None, reviewer: str
) -> None:
    plural = "others" if len(strings) > 1 else None
    entry = Entry(msgid=msgid, msgctxt=context, msgid_plural=plural)
    if plural:
        entry.msgstr_plural = strings
    else:
        entry.msgstr = strings[0]
    written = Record([review_of(entry, reviewer, _now(), note="n")]).to_bytes()
    assert written.count(b"\n") == 1  # one review, one line, whatever the text holds
    record = parse_record(written, "r.jsonl")
    back = record.covering(entry.key, strings, plural)
    assert back is not None
    assert (back.reviewer, back.note) == (reviewer, "n")


def _record_one(root: str, line: int, reviewer: str) -> None:
    project = Project(Path(root))
    locale = load_registry(project.registry).locales[0]
    state = review_state(project, locale)
    record_reviews(state, reviewer, entries_at(state, [line]))


def test_reviewers_saving_at_the_same_time_lose_nothing(cli: Cli, project: Path) -> None:
    path = translated_project(cli, project)
    lines = [entry.line for entry in read_po(path).entries]
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_record_one, args=(str(project), line, f"Reviewer {i}"))
        for i, line in enumerate(lines)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    record = read_record(record_file(project), "es.jsonl")
    assert len(list(record)) == len(lines) == 8
    assert cli("check").exit_code == 0


def test_two_branches_of_reviews_merge_without_conflict(cli: Cli, project: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    path = translated_project(cli, project)
    shutil.copy(REPO / ".gitattributes", project / ".gitattributes")
    entries = read_po(path).entries

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
            cwd=project, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def review(lines: list[int], reviewer: str) -> None:
        assert (
            cli("review", "es", "--reviewer", reviewer, *[f"--line={n}" for n in lines]).exit_code
            == 0
        )

    git("init", "-q", "-b", "main")
    review([entries[0].line], "First <first@example.org>")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "other")
    # Adjacent messages on both sides, and one message reviewed on both.
    review([entries[1].line, entries[2].line, entries[3].line], "Other <o@example.org>")
    git("commit", "-qam", "other reviews")
    git("checkout", "-q", "main")
    review(
        [entries[3].line, entries[4].line, entries[5].line, entries[6].line, entries[7].line],
        "Main <m@example.org>",
    )
    git("commit", "-qam", "main reviews")
    git("merge", "-q", "--no-edit", "other")
    assert "<<<<<<<" not in record_file(project).read_text()
    assert cli("check").exit_code == 0  # every message has a current review
    reviewers = {r.reviewer for r in read_record(record_file(project), "es.jsonl")}
    assert reviewers == {
        "First <first@example.org>",
        "Other <o@example.org>",
        "Main <m@example.org>",
    }
    # The next write settles the message reviewed on both sides to one line again.
    review([entries[0].line], "Second <second@example.org>")
    assert len(record_file(project).read_text().splitlines()) == 8


# -- questions about the English ------------------------------------------------------------


def add_question(path: Path, msgid: str, text: str = QUESTION) -> None:
    edit(path, lambda e: e.comments.append(f"source-issue: {text}") if e.msgid == msgid else None)


def test_check_gathers_questions_by_message_and_never_fails(cli: Cli, project: Path) -> None:
    path = translated_project(cli, project, review="optional")
    assert cli("init", "fr").exit_code == 0
    french = catalog(project, "fr")
    add_question(path, LONG)
    add_question(french, LONG, "« trigger points » : terme inconnu des patients.")
    add_question(french, "Quick Procedure", "How short is quick?")
    result = cli("check", "--locale", "es")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Questions about the English from translators, on 1 message(s)" in out
    assert f"[es] {QUESTION}" in out

    result = cli("check", "--format", "json")
    data = json.loads(result.output)
    schema = json.loads((REPO / "docs" / "checker.schema.json").read_text())
    jsonschema.validate(data, schema)
    questions = {q["msgid"]: q for q in data["source_issues"]}
    assert set(questions) == {LONG, "Quick Procedure"}
    assert [r["locale"] for r in questions[LONG]["raised"]] == ["es", "fr"]
    assert questions[LONG]["references"] == ["content/guide.md:13"]
    assert all(f["check"] != "source-issue" for f in data["findings"])
    es_entry = next(e for e in read_po(path).entries if e.msgid == LONG)
    (spanish,) = [r for r in questions[LONG]["raised"] if r["locale"] == "es"]
    assert (spanish["path"], spanish["line"]) == (
        "locales/es/LC_MESSAGES/messages.po",
        es_entry.line,
    )
    assert path.read_text().count("# source-issue: ") == 1


def test_a_question_stays_until_its_english_changes(cli: Cli, project: Path) -> None:
    path = translated_project(cli, project, review="optional")
    add_question(path, LONG)
    add_question(path, "Quick Procedure", "Is 15–30 minutes per session or in total?")
    page = project / "content" / "guide.md"
    page.write_text(page.read_text().replace("Dry needling targets", "Dry needling treats"))
    assert cli("extract").exit_code == 0
    result = cli("update")
    assert result.exit_code == 0
    assert "dropped 1 source question(s)" in result.output
    po = read_po(path)
    changed = next(e for e in po.entries if e.previous_msgid == LONG)
    assert changed.fuzzy
    assert not [c for c in changed.comments if "source-issue" in c]
    kept = next(e for e in po.entries if e.msgid == "Quick Procedure")
    assert kept.comments == ["source-issue: Is 15–30 minutes per session or in total?"]
    assert cli("update").output.count("dropped") == 0  # nothing more to drop


def _now():  # noqa: ANN202 - a fixed time keeps the records comparable
    from datetime import UTC, datetime

    return datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
