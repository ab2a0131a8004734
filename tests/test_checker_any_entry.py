"""Every check on any entry gettext accepts: no exception, whatever the strings hold.

One check that raises stops the whole run ("internal error"), so a valid but odd entry
(an empty msgid with a context, a translation that is only a newline, a plural form
of spaces) must never reach a check unprepared. Entries are generated from the
characters the checks look for: spaces, newlines, %, braces, tags, entities, digits
of several scripts, letters of several scripts.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.checks import REGISTRY
from app.checks.policy import Policy
from app.checks.runner import Target, run_checks

PIECES = [
    "", " ", "  ", "\n", "\t", "%", "%d", "%s", "%(n)s", "%1$s", "%%", "{", "}", "{}", "{0}",
    "{name}", "{n!r}", "<b>", "</b>", "<br/>", "&amp;", "&", "**", "[a](b)", "1", "42", "1990s",
    "٣", "1,000", "a", "word", "Tëxt", "Текст", "文字", "नमस्ते", "#", ":", "\\", '"',
    "%j", "%vd", "%*v", "%'é", "%'x5d", "%2$*1$d", "%0$s", "%4294967296$s", "%ld", "%I64d",
]  # fmt: skip
FLAGS = ["fuzzy", "c-format", "python-format", "python-brace-format", "no-c-format",
         "qt-format", "sh-format", "tcl-format", "range: 0..5", "javascript-format",
         "php-format", "perl-format", "possible-perl-format", "kde-format",
         "perl-brace-format", "objc-format"]  # fmt: skip

strings = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)


def quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return escaped.replace("\t", "\\t")


@st.composite
def entries(draw: st.DrawFn, number: int) -> str:
    lines = []
    flags = draw(st.lists(st.sampled_from(FLAGS), max_size=2, unique=True))
    if flags:
        lines.append("#, " + ", ".join(flags))
    if draw(st.booleans()):
        lines.append(f'msgctxt "{quoted(draw(strings))}"')
    msgid = draw(strings)
    if draw(st.booleans()) or not msgid:  # an empty msgid needs a context
        lines.append(f'msgctxt "c{number}"')
    lines.append(f'msgid "{quoted(msgid)}"')
    if draw(st.booleans()):
        lines.append(f'msgid_plural "{quoted(draw(strings))}"')
        forms = draw(st.integers(min_value=1, max_value=3))
        lines += [f'msgstr[{k}] "{quoted(draw(strings))}"' for k in range(forms)]
    else:
        lines.append(f'msgstr "{quoted(draw(strings))}"')
    return "\n".join(lines)


HEADER = (
    'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(), min_size=1, max_size=6).flatmap(
    lambda ks: st.tuples(*(entries(number) for number in range(len(ks))))
))  # fmt: skip
def test_no_check_raises_on_any_entry(tmp_path_factory: object, bodies: tuple[str, ...]) -> None:
    folder = tmp_path_factory.mktemp("any")  # type: ignore[attr-defined]
    path = Path(folder) / "de.po"
    path.write_text(HEADER + "".join(f"\n{body}\n" for body in bodies), encoding="utf-8")
    target = Target(path, path.name, "de", Policy("published"))
    report = run_checks([target], REGISTRY, jobs=1)  # raises if any check does
    assert [c.parsed for c in report.catalogs] == [True] or any(
        f.check == "syntax" for f in report.findings
    )
