"""Does the checker's error level mean what ``msgfmt -c`` means? Entry by entry, on real and
planted catalogs.

    python bench/checker_agreement.py PATH...              # real trees
    python bench/checker_agreement.py --planted 60         # 60 generated catalogs
    python bench/checker_agreement.py --planted 60 --write DIR   # and keep them in DIR

For each catalog, every entry that ``msgfmt -c`` reports an error for (its line falls in
the entry) is set against every entry the checker reports an error for, in the checks
that cover what msgfmt checks: ``placeholders``, ``plurals``, ``newlines``, ``header``
and ``syntax``. Printed: entries both report, msgfmt only, checker only (with the
checker's reason: Python raising where GNU 0.21 sees nothing is a deliberate extra),
and the checker's error findings of other checks (``markup``: msgfmt does not read
markup).

Planted catalogs are generated from a seed in many formats (python, python-brace, c,
qt, kde, sh, perl-brace), scripts (Latin, Cyrillic, Arabic, Tamil, Han) and plural rules
(1 to 6 forms, among them the gettext manual's Latvian, Welsh and Turkish ``n>1``),
with headers that are fuzzy, in a legacy charset or without Language, none of which
is an error. Half are clean, with every liberty msgfmt allows (reordered arguments,
``%1$s``, a form for n=1 without its number, added well-formed tags): they must give
no error at all. The other half carry planted defects: the two verdicts are compared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from app.po import PoSyntaxError, read_po

# The checks that cover what msgfmt -c checks; the other error checks are listed apart.
_MSGFMT_DOMAIN = {"placeholders", "plurals", "newlines", "header", "syntax"}
_LINE_RE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?:\d+:)? (?P<message>.*)$")
_CHECKER = [sys.executable, "-c", "from app.console import main; main()"]


# -- the two verdicts --------------------------------------------------------------------


def msgfmt_entries(path: Path, starts: list[int]) -> dict[int, str]:
    """Entry start line -> msgfmt -c's first error message there (0: the file)."""
    done = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        errors="replace",
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
        check=False,
    )
    found: dict[int, str] = {}
    if done.returncode == 0:
        return found
    for line in done.stderr.splitlines():
        match = _LINE_RE.match(line)
        if match is None or match.group("message").startswith("warning"):
            continue
        if match.group("message").endswith("..."):
            continue  # "nplurals = 1..." at the header: "...but some messages have 2" follows
        found.setdefault(_entry_of(int(match.group("line")), starts), match.group("message"))
    if not found:
        found[0] = done.stderr.strip().splitlines()[-1]
    return found


def _entry_of(line: int, starts: list[int]) -> int:
    """The start line of the entry that holds ``line`` (0 before the first)."""
    owner = 0
    for start in starts:
        if start > line:
            break
        owner = start
    return owner


@dataclass
class Verdicts:
    """Both verdicts on one catalog, by entry start line."""

    msgfmt: dict[int, str] = field(default_factory=dict)
    checker: dict[int, str] = field(default_factory=dict)
    beyond: list[str] = field(default_factory=list)  # checker errors msgfmt does not check


def checker_findings(paths: list[Path], out: Path) -> list[dict[str, object]]:
    """Every finding of one ``guide-i18n check`` run over ``paths`` (JSON report)."""
    subprocess.run(
        [*_CHECKER, "check", *map(str, paths), "--format", "json", "-o", str(out)],
        capture_output=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    findings: list[dict[str, object]] = report["findings"]
    return findings


def verdicts(paths: list[Path], work: Path) -> dict[str, Verdicts]:
    """Both verdicts for every catalog under ``paths``."""
    catalogs = sorted({p.resolve() for root in paths for p in _po_files(root)})
    starts: dict[str, list[int]] = {}
    keys: dict[str, dict[tuple[str | None, str], int]] = {}
    result: dict[str, Verdicts] = {}
    for path in catalogs:
        shown = str(path)
        try:
            po = read_po(path)
        except PoSyntaxError:
            po = None
        entries = [] if po is None else ([po.header] if po.header else []) + po.entries
        starts[shown] = sorted(e.line for e in entries if e is not None)
        keys[shown] = {(e.msgctxt, e.msgid): e.line for e in entries if e is not None}
        result[shown] = Verdicts(msgfmt=msgfmt_entries(path, starts[shown]))
    for finding in checker_findings(catalogs, work / "report.json"):
        if finding["severity"] != "error":
            continue
        shown = str(Path(str(finding["path"])).resolve())
        verdict = result.setdefault(shown, Verdicts())
        message = f"[{finding['check']}] {finding['message']}"
        if finding["check"] not in _MSGFMT_DOMAIN:
            verdict.beyond.append(message)
            continue
        key = (finding["msgctxt"], finding["msgid"])
        msgid = finding["msgid"]
        if msgid is None:  # the header or the whole file
            line = finding["line"] if isinstance(finding["line"], int) else 0
            entry = _entry_of(line, starts.get(shown, []))
        else:
            entry = keys.get(shown, {}).get(key, 0)  # type: ignore[arg-type]
        verdict.checker.setdefault(entry, message)
    return result


def _po_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return [p for p in root.rglob("*.po") if p.is_file()]


# -- planted catalogs --------------------------------------------------------------------

WORDS = {
    "latin": "datei ordner gespeichert fenster zeile suche wert liste".split(),
    "cyrillic": "файл папка сохранён окно строка поиск значение список".split(),
    "arabic": "ملف مجلد حفظ نافذة سطر بحث قيمة قائمة".split(),
    "tamil": "கோப்பு அடைவு சேமிக்கப்பட்டது சாளரம் வரி தேடல் மதிப்பு".split(),
    "han": "文件 文件夹 已保存 窗口 行 搜索 值 列表".split(),
}
# (code, script, Plural-Forms, charset a clean catalog may use instead of UTF-8)
LANGUAGES = [
    ("de", "latin", "nplurals=2; plural=(n != 1);", "ISO-8859-1"),
    ("fr", "latin", "nplurals=2; plural=(n > 1);", "ISO-8859-15"),
    ("tr", "latin", "nplurals=2; plural=(n > 1);", None),  # the Localization Guide's
    ("lv", "latin", "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2;", None),
    (
        "cy",
        "latin",
        "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;",
        None,
    ),  # fmt: skip
    (
        "ru",
        "cyrillic",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
        "KOI8-R",
    ),  # fmt: skip
    (
        "sr",
        "cyrillic",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
        None,
    ),  # fmt: skip
    (
        "ar",
        "arabic",
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
        "n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",
        None,
    ),  # fmt: skip
    ("ta", "tamil", "nplurals=2; plural=(n != 1);", None),
    ("ja", "han", "nplurals=1; plural=0;", None),
]
# (flag, English, English plural or None): the directives are what matters.
MESSAGES = [
    ("python-format", "%(name)s saved", None),
    ("python-format", "%(count)d files in %(dir)s", None),
    ("python-format", "%s of %s", None),
    ("python-format", "%(pct)d%% done", None),
    ("python-format", "One file in %(dir)s", "%(n)d files in %(dir)s"),
    ("python-brace-format", "{name} saved", None),
    ("python-brace-format", "{0} of {1}", None),
    ("python-brace-format", "{count:d} items", None),
    ("python-brace-format", "{user.name} joined", None),
    ("python-brace-format", "Hello {பெயர்}", None),
    ("python-brace-format", "One file", "{n} files"),
    ("c-format", "%s saved", None),
    ("c-format", "%d of %d", None),
    ("c-format", "%ld lines", None),
    ("c-format", "%zu bytes", None),
    ("c-format", "%s: %'d items", None),
    ("c-format", "%<PRId64> ms", None),
    ("c-format", "%d file", "%d files"),
    ("c-format", "%s: %d line", "%s: %d lines"),
    ("qt-format", "%1 of %2", None),
    ("kde-format", "%1 files in %2", None),
    ("sh-format", "$HOME saved", None),
    ("perl-brace-format", "{name} saved", None),
    ("", "Press <b>Save</b> & go", None),
]
_DIRECTIVE = {
    "python-format": re.compile(r"%\([^)]*\)[-+ #0-9.]*[a-zA-Z]|%[-+ #0-9.*]*[a-zA-Z%]"),
    "python-brace-format": re.compile(r"\{[^{}]*\}"),
    "c-format": re.compile(r"%(?:<[^>]*>|[-+ #0-9.*'$]*[hlLqjzt]*[a-zA-Z%])"),
    "qt-format": re.compile(r"%\d+"),
    "kde-format": re.compile(r"%\d+"),
    "sh-format": re.compile(r"\$\w+"),
    "perl-brace-format": re.compile(r"\{\w+\}"),
    "": re.compile(r"<[^>]*>"),
}


def _directives(flag: str, text: str) -> list[str]:
    return _DIRECTIVE[flag].findall(text)


def _clean(rng: random.Random, flag: str, english: str, words: list[str], keep: bool) -> str:
    """A correct translation: the English's directives (maybe reordered), words around them."""
    found = _directives(flag, english)
    args = [d for d in found if d not in ("%%", "%m")]
    literal = [d for d in found if d in ("%%",)]
    if flag == "c-format" and len(args) > 1 and rng.random() < 0.5:
        order = rng.sample(range(len(args)), len(args))  # %2$d ... %1$s, as printf allows
        args = [args[i].replace("%", f"%{i + 1}$", 1) for i in order]
    elif flag in ("python-brace-format", "qt-format", "kde-format", "sh-format") or "perl" in flag:
        rng.shuffle(args)
    elif flag == "python-format" and all("(" in a for a in args):
        rng.shuffle(args)
    if not keep:  # a form for n=1 only may leave the number out (msgfmt and Python agree)
        args = [a for a in args if not re.search(r"\(n\)|\{n\}|%d", a)] if flag else args
    parts = [rng.choice(words)]
    for directive in args + literal:
        parts += [directive, rng.choice(words)]
    text = " ".join(parts)
    if flag == "":  # markup: the tags kept, and maybe well-formed ones added
        text = f"<b>{rng.choice(words)}</b> &amp; {rng.choice(words)}"
        if rng.random() < 0.5:
            text = f"<i>{text}</i>"
    return text


DEFECTS = [
    "drop",
    "rename",
    "retype",
    "stray-percent",
    "unknown-conversion",
    "extra",
    "bad-brace",
    "lone-brace",
    "numbered-gap",
    "newline",
    "drop-number-often",
    "markup",
]


def _defect(rng: random.Random, flag: str, text: str, english: str) -> str:
    """``text`` with one planted mistake of the kind translators make."""
    kind = rng.choice(DEFECTS)
    found = _directives(flag, text)
    if kind == "drop" and found:
        return text.replace(rng.choice(found), "", 1)
    if kind == "rename" and found:
        victim = rng.choice(found)
        return text.replace(victim, re.sub(r"[a-z]{2,}", "nom", victim, count=1), 1)
    if kind == "retype" and found:
        victim = rng.choice(found)
        swap = {"d": "s", "s": "d", "u": "d", "f": "d"}
        return text.replace(victim, victim[:-1] + swap.get(victim[-1], "s"), 1)
    if kind == "stray-percent":
        return text + rng.choice([", 100 % fini", " % maintenant", " 50%"])
    if kind == "unknown-conversion":
        return text + rng.choice([" %z", " %y", " %("])
    if kind == "extra":
        return text + {"c-format": " %s", "python-format": " %(autre)s", "qt-format": " %3",
                       "kde-format": " %4", "sh-format": " $USER", "perl-brace-format": " {x}",
                       "python-brace-format": " {autre}", "": " <b>x</b>"}[flag]  # fmt: skip
    if kind == "bad-brace":
        return text + rng.choice([" {name! R}", " {பெயர", " {0:{}}"])
    if kind == "lone-brace":
        return text + " }"
    if kind == "numbered-gap" and flag == "c-format":
        return text + " %3$s"
    if kind == "newline":
        return text + "\n"
    if kind == "markup":
        return text.replace("</b>", "", 1) if "</b>" in text else text + " <b>x"
    return text.replace("%d", "").replace("{n}", "").replace("%(n)d", "")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def planted(rng: random.Random, index: int, clean: bool) -> tuple[str, bytes]:
    """One generated catalog: (file name, bytes)."""
    code, script, plural, legacy = rng.choice(LANGUAGES)
    words = WORDS[script]
    nplurals = int(plural.split("=")[1].split(";")[0])
    from app.plurals import parse_plural_forms

    often = parse_plural_forms(plural).often
    fuzzy_header = rng.random() < 0.3
    charset = legacy if legacy and rng.random() < 0.5 else "UTF-8"
    language = "" if rng.random() < 0.2 else code
    lines = [
        *(["#, fuzzy"] if fuzzy_header else []),
        'msgid ""',
        'msgstr ""',
        '"Project-Id-Version: planted 1\\n"',
        f'"Language: {language}\\n"',
        '"MIME-Version: 1.0\\n"',
        f'"Content-Type: text/plain; charset={charset}\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        f'"Plural-Forms: {plural}\\n"',
        "",
    ]
    for k, (flag, english, english_plural) in enumerate(MESSAGES):
        msgid = f"{english} #{k}"
        msgid_plural = None if english_plural is None else f"{english_plural} #{k}"
        source = msgid_plural or msgid
        count = 1 if msgid_plural is None else nplurals
        strings = [
            _clean(rng, flag, source, words, keep=msgid_plural is None or often[i] or count == 1)
            + f" #{k}"
            for i in range(count)
        ]
        if not clean and rng.random() < 0.6:
            i = rng.randrange(count)
            strings[i] = _defect(rng, flag, strings[i], source)
        if flag:
            lines.append(f"#, {flag}")
        lines.append(f"msgid {_quote(msgid)}")
        if msgid_plural is None:
            lines.append(f"msgstr {_quote(strings[0])}")
        else:
            lines.append(f"msgid_plural {_quote(msgid_plural)}")
            lines += [f"msgstr[{i}] {_quote(s)}" for i, s in enumerate(strings)]
        lines.append("")
    text = "\n".join(lines)
    kind = "clean" if clean else "planted"
    try:
        data = text.encode(charset)
    except UnicodeEncodeError:
        data = text.replace(f"charset={charset}", "charset=UTF-8").encode()
    return f"{kind}-{index:03d}-{code}.po", data


def write_planted(folder: Path, count: int, seed: int) -> list[Path]:
    """``count`` catalogs, half clean, half with planted defects."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, data = planted(rng, index, clean=index % 2 == 0)
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


# -- report ------------------------------------------------------------------------------


def summarize(title: str, result: dict[str, Verdicts], show: int) -> bool:
    """Print the agreement; True when the checker's errors equal msgfmt's, but for extras."""
    both = msgfmt_only = checker_only = 0
    reasons: Counter[str] = Counter()
    beyond: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    clean_errors = []
    for path, verdict in sorted(result.items()):
        if "/clean-" in path and (verdict.checker or verdict.msgfmt or verdict.beyond):
            clean_errors.append(path)
        for entry in verdict.msgfmt.keys() | verdict.checker.keys():
            mine, theirs = verdict.checker.get(entry), verdict.msgfmt.get(entry)
            if mine and theirs:
                both += 1
            elif theirs:
                msgfmt_only += 1
                examples["msgfmt only"].append(f"{path}:{entry}: {theirs}")
            elif mine:
                checker_only += 1
                reason = "Python raises" if "Python raises" in mine else mine.split("]")[0] + "]"
                reasons[reason] += 1
                examples[f"checker only: {reason}"].append(f"{path}:{entry}: {mine}")
        for message in verdict.beyond:
            beyond[message.split("]")[0] + "]"] += 1
    print(f"\n== {title}: {len(result)} catalogs")
    print(f"entries with an error, both:        {both}")
    print(f"entries msgfmt -c only:             {msgfmt_only}")
    print(f"entries the checker only:           {checker_only}  {dict(reasons)}")
    print(f"checker errors msgfmt does not check: {dict(beyond)}")
    if any("/clean-" in p for p in result):
        print(f"clean catalogs with any error:      {len(clean_errors)}")
    for kind, lines in sorted(examples.items()):
        for line in lines[:show]:
            print(f"  {kind}: {line}")
    for path in clean_errors[:show]:
        print(f"  clean but reported: {path}")
    return msgfmt_only == 0 and not clean_errors and set(reasons) <= {"Python raises"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--planted", type=int, default=0, help="generate this many catalogs")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--write", type=Path, help="keep the generated catalogs here")
    parser.add_argument("--show", type=int, default=5, help="examples per difference")
    args = parser.parse_args()
    if shutil.which("msgfmt") is None:
        print("GNU msgfmt is needed: apt-get install gettext", file=sys.stderr)
        return 2
    agree = True
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for root in args.paths:
            agree &= summarize(str(root), verdicts([root], work), args.show)
        if args.planted:
            folder = args.write or work / "planted"
            write_planted(folder, args.planted, args.seed)
            agree &= summarize(f"planted (seed {args.seed})", verdicts([folder], work), args.show)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
