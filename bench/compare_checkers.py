"""What guide-i18n check, msgfmt -c, pofilter and dennis each find, side by side.

    python bench/compare_checkers.py --tools /tmp/cmp/bin [CORPUS]...

``--tools`` is a folder holding ``pofilter`` (translate-toolkit) and ``dennis-cmd``
(dennis), installed apart from the project (``python3 -m venv /tmp/cmp &&
/tmp/cmp/bin/pip install translate-toolkit dennis``); ``msgfmt`` is GNU gettext's and
``guide-i18n`` this project's. Two measurements:

1. **Planted defects.** One small catalog per case, written to a temporary folder: a
   defect that breaks the program at run time (Python raises on the translation, or
   ``msgfmt -c`` refuses the file, or the markup no longer parses), a trap that must
   *not* be an error (legacy charset, traditional plural rules, ``%`` in prose, Pango
   tags added...), or a quality problem. For the Python cases the ground truth is
   checked here by formatting the translation with arguments made from the msgid.
   A tool *catches* a case when it reports something in that file at its error level
   (msgfmt: any fatal message; pofilter: a check of its "critical" category; dennis:
   an ``E`` rule; guide-i18n: severity ``error``), and *notices* it at a lower level.
2. **Real catalogs** (each CORPUS folder, reported apart): every entry each tool flags, by category
   (format, plural, header, newline, markup, completeness, quality), and the entries
   that one tool flags in a category where no other tool flags them.

Times are wall-clock seconds of each tool over the whole corpus (msgfmt: once per
file, as a build would run it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.po import PoSyntaxError, read_po  # noqa: E402

TOOLS = ("msgfmt -c", "pofilter", "dennis", "guide-i18n")
GUIDE_I18N = Path(sys.executable).with_name("guide-i18n")

# --- the planted cases ------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One catalog with one planted problem (or a trap that is not one)."""

    name: str
    kind: str  # "breaks", "clean" (must not be an error) or "quality"
    why: str
    body: str  # the entries after the header
    language: str = "fr"
    plural: str = "nplurals=2; plural=(n > 1);"
    charset: str = "UTF-8"
    fuzzy_header: bool = False
    # For Python formats: (style, arguments) the program formats with; checked below.
    python: tuple[str, dict[str, object] | tuple[object, ...]] | None = None


def _entry(msgid: str, msgstr: str, flag: str | None = None) -> str:
    flags = f"#, {flag}\n" if flag else ""
    return f'\n{flags}msgid "{msgid}"\nmsgstr "{msgstr}"\n'


def _plural(one: str, many: str, forms: list[str], flag: str | None = None) -> str:
    flags = f"#, {flag}\n" if flag else ""
    strings = "".join(f'msgstr[{n}] "{text}"\n' for n, text in enumerate(forms))
    return f'\n{flags}msgid "{one}"\nmsgid_plural "{many}"\n{strings}'


SR = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"  # noqa: E501
RU = SR
LV = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"
CY = "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;"
DE = "nplurals=2; plural=(n != 1);"
PY, BRACE, C = "python-format", "python-brace-format", "c-format"

CASES = (
    # Python %-format: the translation raises with the English's arguments.
    Case("py-named-renamed", "breaks", "KeyError: 'nom'",
         _entry("Hello %(name)s", "Bonjour %(nom)s", PY), python=("%", {"name": "Ana"})),
    Case("py-percent-space", "breaks", "ValueError: unsupported format character 'm'",
         _entry("%(pct)d%% now", "%(pct)d % maintenant", PY), python=("%", {"pct": 5})),
    Case("py-percent-z", "breaks", "ValueError: unsupported format character 'z'",
         _entry("%(pct)d%% done", "%(pct)d%z", PY), python=("%", {"pct": 5})),
    Case("py-100-percent", "breaks", "TypeError: format requires a mapping ('% f')",
         _entry("%(n)s files, 100%% done", "%(n)s fichiers, 100 % fini", PY),
         python=("%", {"n": 3})),
    Case("py-positional-dropped", "breaks", "TypeError: not all arguments converted",
         _entry("%d files", "des fichiers", PY), python=("%", (3,))),
    Case("py-positional-swapped", "breaks", "TypeError: %d format: a real number is required",
         _entry("%s has %d files", "%d fichiers dans %s", PY), python=("%", ("docs", 3))),
    Case("py-unflagged-renamed", "breaks", "KeyError when formatted (the code uses %)",
         _entry("Hello %(name)s", "Bonjour %(nom)s"), python=("%", {"name": "Ana"})),
    # Python str.format.
    Case("brace-renamed", "breaks", "KeyError: 'nom'",
         _entry("Hello {name}", "Bonjour {nom}", BRACE), python=("{}", {"name": "Ana"})),
    Case("brace-tamil-conversion", "breaks", "ValueError: bad conversion ('! R')",
         _entry("Hello {name}", "வணக்கம் {பெயர்! R}", BRACE), language="ta",
         plural=DE, python=("{}", {"name": "Ana"})),
    Case("brace-unbalanced", "breaks", "ValueError: expected '}'",
         _entry("{count} files", "{count fichiers", BRACE), python=("{}", {"count": 3})),
    Case("brace-index", "breaks", "IndexError: Replacement index 2 out of range",
         _entry("{0} of {1}", "{0} sur {2}", BRACE), python=("{}", (1, 2))),
    # C printf: undefined behaviour at run time; msgfmt -c refuses the file.
    Case("c-long-to-int", "breaks", "%ld read as %d: wrong on 64-bit; msgfmt -c refuses",
         _entry("%ld bytes", "%d octets", C)),
    Case("c-argument-dropped", "breaks", "the 2nd %s is not consumed; msgfmt -c refuses",
         _entry("Cannot open %s: %s", "Impossible d'ouvrir %s", C)),
    Case("c-positional-wrong", "breaks", "%3$s does not exist; msgfmt -c refuses",
         _entry("%1$s by %2$s", "%1$s par %3$s", C)),
    Case("c-serbian-form-drops-number", "breaks",
         "form 0 serves 1, 21, 31...: \"21 fajl\" would read \"jedan fajl\"; msgfmt -c refuses",
         _plural("%d file", "%d files", ["jedan fajl", "%d fajla", "%d fajlova"], C),
         language="sr", plural=SR),
    # Structure that msgfmt -c or the program refuses.
    Case("newline-dropped", "breaks", "msgfmt -c refuses: msgid ends with \\n, msgstr not",
         _entry("Done\\n", "Fini", C)),
    Case("plural-form-missing", "breaks", "nplurals=3 but 2 forms: msgfmt refuses",
         _plural("%d file", "%d files", ["%d файл", "%d файла"], C), language="ru", plural=RU),
    Case("plural-expression-invalid", "breaks", "Plural-Forms does not parse: msgfmt refuses",
         _plural("%d file", "%d files", ["%d fichier", "%d fichiers"], C),
         plural="nplurals=2; plural=n>>;"),
    Case("markup-unbalanced", "breaks", "Pango refuses the markup: the label shows nothing",
         _entry("<b>Warning</b>: disk full", "<b>Attention : disque plein")),
    # Traps: none of these breaks anything; an error here is a false alarm.
    Case("clean-percent-in-prose", "clean", "no-python-format: '%' is text",
         _entry("About 80% of patients", "Environ 80 % des patients", "no-python-format")),
    Case("clean-c-reordered", "clean", "positional arguments may be reordered",
         _entry("%1$s by %2$s", "par %2$s : %1$s", C)),
    Case("clean-german-singular-drops-number", "clean",
         "form 0 serves only n=1: msgfmt -c accepts", _plural(
             "%d file", "%d files", ["eine Datei", "%d Dateien"], C), language="de", plural=DE),
    Case("clean-python-named-singular", "clean", "a mapping may leave a name unused",
         _plural("%(num)d benefit", "%(num)d benefits", ["Ein Vorteil", "%(num)d Vorteile"], PY),
         language="de", plural=DE, python=("%", {"num": 1})),
    Case("clean-named-reordered", "clean", "named placeholders in another order",
         _entry("%(a)s and %(b)s", "%(b)s et %(a)s", PY), python=("%", {"a": 1, "b": 2})),
    Case("clean-brace-reordered-escaped", "clean", "{{ }} are literal braces",
         _entry("{{literal}} {a} and {b}", "{{littéral}} {b} et {a}", BRACE),
         python=("{}", {"a": 1, "b": 2})),
    Case("clean-double-percent", "clean", "%% is a literal percent sign",
         _entry("100%% sure about %s", "sûr à 100 %% de %s", PY), python=("%", ("x",))),
    Case("clean-pango-tag-added", "clean", "a balanced tag added for emphasis",
         _entry("Disk full", "<b>Disque plein</b>")),
    Case("clean-fuzzy-header", "clean", "msgfmt compiles it (only pybabel compile skips it)",
         _entry("Disk full", "Disque plein"), fuzzy_header=True),
    Case("clean-latvian-traditional-plural", "clean", "the gettext manual's rule for Latvian",
         _plural("%d file", "%d files", ["%d fails", "%d faili", "%d failu"], C),
         language="lv", plural=LV),
    Case("clean-welsh-traditional-plural", "clean", "the gettext manual's rule for Welsh",
         _plural("%d file", "%d files", ["%d ffeil", "%d ffeil", "%d ffeil", "%d ffeil"], C),
         language="cy", plural=CY),
    Case("clean-turkish-n-gt-1", "clean", "a long-standing rule for Turkish",
         _plural("%d file", "%d files", ["%d dosya", "%d dosya"], C),
         language="tr", plural="nplurals=2; plural=(n > 1);"),
    Case("clean-legacy-charset", "clean", "ISO-8859-1, declared: msgfmt accepts it",
         _entry("Settings", "Paramètres"), charset="ISO-8859-1"),
    Case("clean-strftime-unflagged", "clean", "an unflagged date format, not printf",
         _entry("%d/%m/%Y", "%d.%m.%Y")),
    # Quality: nothing breaks; a reviewer would want to know.
    Case("quality-number-changed", "quality", "30 became 20",
         _entry("Sessions last 30 minutes.", "Les séances durent 20 minutes.")),
    Case("quality-untranslated-copy", "quality", "the English left as the translation",
         _entry("Your appointment is confirmed.", "Your appointment is confirmed.")),
    Case("quality-double-space", "quality", "a doubled space",
         _entry("Pain relief", "Soulagement  de la douleur")),
    Case("quality-link-dropped", "quality", "a Markdown link lost its URL",
         _entry("See [the guide](https://example.org/g).", "Voir le guide.")),
)  # fmt: skip


def header(case: Case) -> str:
    fuzzy = "#, fuzzy\n" if case.fuzzy_header else ""
    return (
        f'{fuzzy}msgid ""\nmsgstr ""\n"Project-Id-Version: planted 1\\n"\n'
        '"PO-Revision-Date: 2026-11-30 12:00+0100\\n"\n'
        '"Last-Translator: A Translator <a@example.org>\\n"\n'
        '"Language-Team: The Team <team@example.org>\\n"\n'
        f'"Language: {case.language}\\n"\n"MIME-Version: 1.0\\n"\n'
        f'"Content-Type: text/plain; charset={case.charset}\\n"\n'
        f'"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: {case.plural}\\n"\n'
    )


def write_cases(folder: Path) -> dict[str, Case]:
    """One ``<language>/<case>.po`` per case (the folder names the language, as in a tree)."""
    written = {}
    for case in CASES:
        path = folder / case.language / "LC_MESSAGES" / f"{case.name}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((header(case) + case.body).encode(case.charset))
        written[str(path)] = case
    return written


def python_breaks(case: Case) -> bool | None:
    """Whether Python raises on the translation with the English's arguments (None: n/a)."""
    if case.python is None:
        return None
    style, args = case.python
    po = read_po_lenient(case)
    raised = False
    for text in po:
        try:
            if style == "%":
                _ = text % args
            elif isinstance(args, dict):
                _ = text.format(**args)
            else:
                _ = text.format(*args)
        except (KeyError, IndexError, ValueError, TypeError):
            raised = True
    return raised


def read_po_lenient(case: Case) -> list[str]:
    """The translations of a case's entry (its strings, unescaped)."""
    found = re.findall(r'^msgstr(?:\[\d+\])? "(.*)"$', case.body, re.M)
    return [s.replace("\\n", "\n").replace('\\"', '"') for s in found]


# --- running the tools --------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One thing a tool reported: where, what, and at which level."""

    tool: str
    path: str
    line: int | None
    msgctxt: str | None
    msgid: str | None
    check: str
    level: str  # "error" or "warning"
    message: str


@dataclass
class Run:
    tool: str
    hits: list[Hit] = field(default_factory=list)
    seconds: float = 0.0


_MSGFMT_RE = re.compile(r"^(.+?):(\d+): (.*)$")


def run_msgfmt(paths: list[Path]) -> Run:
    run = Run("msgfmt -c")
    start = time.perf_counter()
    for path in paths:
        done = subprocess.run(
            ["msgfmt", "-c", "-o", os.devnull, str(path)],
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
        for line in done.stderr.splitlines():
            match = _MSGFMT_RE.match(line)
            if match is None or match.group(1) != str(path):
                continue
            message = match.group(3)
            level = "warning" if message.startswith("warning:") else "error"
            run.hits.append(
                Hit(run.tool, str(path), int(match.group(2)), None, None, "msgfmt", level, message)
            )
        if done.returncode != 0 and not any(h.path == str(path) for h in run.hits):
            first = (done.stderr.strip().splitlines() or ["refused"])[0]
            run.hits.append(Hit(run.tool, str(path), None, None, None, "msgfmt", "error", first))
    run.seconds = time.perf_counter() - start
    return run


def pofilter_categories(tools: Path) -> dict[str, str]:
    """pofilter's category of each check: critical, functional, cosmetic or extraction."""
    script = (
        "from translate.filters import checks\n"
        "from translate.storage import pypo\n"
        "import json\n"
        "c = checks.StandardChecker()\n"
        "u = pypo.pounit('Hello %s <b>x</b> 1.'); u.target = 'Bonjour %s <b>x</b> 1.'\n"
        "c.run_filters(u)\n"
        "u = pypo.pounit(['%d file', '%d files']); u.target = ['%d fichier', '%d fichiers']\n"
        "c.run_filters(u)\n"
        "names = {100: 'critical', 60: 'functional', 30: 'cosmetic', 10: 'extraction'}\n"
        "print(json.dumps({k: names.get(int(v), str(v)) for k, v in c.categories.items()}))\n"
    )
    done = subprocess.run(
        [str(tools / "python"), "-c", script], capture_output=True, text=True, check=True
    )
    categories: dict[str, str] = json.loads(done.stdout)
    return categories


def run_pofilter(folders: list[Path], tools: Path, categories: dict[str, str]) -> Run:
    import polib

    run = Run("pofilter")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        for number, folder in enumerate(folders):
            target = Path(out) / str(number)
            subprocess.run(
                [str(tools / "pofilter"), "--progress=none", "--errorlevel=none",
                 "-i", str(folder), "-o", str(target)],
                capture_output=True, check=False,
            )  # fmt: skip
            run.seconds = time.perf_counter() - start
            for result in sorted(target.rglob("*.po")):
                original = folder / result.relative_to(target)
                try:
                    entries = polib.pofile(str(result))
                except (OSError, ValueError, UnicodeDecodeError):
                    continue
                for entry in entries:
                    for name, message in re.findall(
                        r"\(pofilter\) (\w+): ?(.*)", entry.tcomment or ""
                    ):
                        level = "error" if categories.get(name) == "critical" else "warning"
                        run.hits.append(
                            Hit(run.tool, str(original), None, entry.msgctxt, entry.msgid,
                                name, level, message)
                        )  # fmt: skip
    return run


_DENNIS_RULE_RE = re.compile(r"^(?:Error: )?([EW]\d{3}): (.*)$")
_DENNIS_FILE_RE = re.compile(r"^>>> Working on: (.*)$")
_DENNIS_LINE_RE = re.compile(r"^(\d+):msgid ")


def run_dennis(paths: list[Path], tools: Path) -> Run:
    run = Run("dennis")
    start = time.perf_counter()
    for chunk in range(0, len(paths), 200):
        done = subprocess.run(
            [str(tools / "dennis-cmd"), "lint", "--varformat", "python-format,python-brace-format",
             *map(str, paths[chunk : chunk + 200])],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,  # "Error:" lines go to stderr
            text=True, errors="replace", check=False,
            env={**os.environ, "LC_ALL": "C.UTF-8", "NO_COLOR": "1", "TERM": "dumb",
                 "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        path, rule = "", None
        for line in done.stdout.splitlines():
            line = re.sub(r"\x1b\[[0-9;]*m", "", line)
            if match := _DENNIS_FILE_RE.match(line):
                path, rule = match.group(1), None
            elif match := _DENNIS_RULE_RE.match(line):
                rule = (match.group(1), match.group(2))
            elif rule is not None and (match := _DENNIS_LINE_RE.match(line)):
                code, message = rule
                level = "error" if code.startswith("E") else "warning"
                run.hits.append(
                    Hit(run.tool, path, int(match.group(1)), None, None, code, level, message)
                )
                rule = None
    run.seconds = time.perf_counter() - start
    return run


def run_guide(paths: list[Path]) -> Run:
    run = Run("guide-i18n")
    start = time.perf_counter()
    done = subprocess.run(
        [str(GUIDE_I18N), "check", "--no-config", "--status", "draft", "--format", "json",
         *map(str, paths)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    run.seconds = time.perf_counter() - start
    data = json.loads(done.stdout)
    for f in data["findings"]:
        run.hits.append(
            Hit(run.tool, f["path"], f["line"], f["msgctxt"], f["msgid"], f["check"],
                f["severity"], f["message"])
        )  # fmt: skip
    return run


# --- categories and entries ---------------------------------------------------------------------

# guide-i18n's check ids by family (placeholders, placeholders-differ, plural-rule...).
_OURS = (
    ("placeholder", "format"), ("plural", "plural"), ("header", "header"), ("syntax", "syntax"),
    ("newline", "newline"), ("markup", "markup"), ("untranslated", "completeness"),
    ("fuzzy", "completeness"), ("obsolete", "completeness"), ("stale", "completeness"),
)  # fmt: skip
_POFILTER = {
    "printf": "format", "pythonbraceformat": "format", "variables": "format",
    "nplurals": "plural", "newlines": "newline", "xmltags": "markup",
    "untranslated": "completeness", "blank": "completeness", "isfuzzy": "completeness",
}  # fmt: skip


def category(hit: Hit) -> str:
    """format, plural, header, newline, markup, syntax, completeness or quality."""
    if hit.tool == "guide-i18n":
        return next((name for part, name in _OURS if part in hit.check), "quality")
    if hit.tool == "pofilter":
        return _POFILTER.get(hit.check, "quality")
    if hit.tool == "dennis":
        if hit.check.startswith(("E1", "E2", "W2")):
            return "format"
        return "markup" if hit.check == "W303" else "quality"
    text = hit.message.lower()
    if "plural" in text:
        return "plural"
    if "header" in text or "charset" in text or hit.line is None:
        return "header"
    if "\\n" in text or "newline" in text:
        return "newline"
    if "format" in text or "argument" in text or "directive" in text:
        return "format"
    return "syntax"


def _state(flags: list[str]) -> str:
    if "fuzzy" in flags:
        return "fuzzy (never used)"
    formats = [f for f in flags if f.endswith("-format")]
    if any(not f.startswith("no-") for f in formats):
        return "flagged " + next(f for f in formats if not f.startswith("no-"))
    return "no-*-format" if formats else "unflagged"


class Entries:
    """Maps a report (a line, or a msgctxt and msgid) to the entry it is about."""

    def __init__(self) -> None:
        self._lines: dict[str, list[tuple[int, tuple[str | None, str]]]] = {}
        self._keys: dict[str, set[tuple[str | None, str]]] = {}
        self._state: dict[tuple[str, str | None, str], str] = {}

    def _load(self, path: str) -> None:
        if path in self._lines:
            return
        try:
            po = read_po(Path(path), path)
        except (PoSyntaxError, OSError):
            self._lines[path], self._keys[path] = [], set()
            return
        found = [(po.header.line, (None, ""))] if po.header is not None else []
        found += [(entry.line, entry.key) for entry in po.entries]
        for entry in po.entries:
            self._state[(path, *entry.key)] = _state(entry.flags)
        self._lines[path] = sorted(found)
        self._keys[path] = {key for _, key in found}

    def state(self, key: tuple[str, str | None, str]) -> str:
        """fuzzy, a format flag (c-format...), no-format, or unflagged."""
        self._load(key[0])
        return self._state.get(key, "header or unknown")

    def line(self, key: tuple[str, str | None, str]) -> int | None:
        """The msgid line of an entry (None: unknown)."""
        self._load(key[0])
        return next((n for n, k in self._lines[key[0]] if k == key[1:]), None)

    def key(self, hit: Hit) -> tuple[str, str | None, str]:
        self._load(hit.path)
        if hit.msgid is not None and (hit.msgctxt, hit.msgid) in self._keys[hit.path]:
            return (hit.path, hit.msgctxt, hit.msgid)
        if hit.line is None:
            return (hit.path, None, "")  # the file or its header
        best: tuple[str | None, str] = (None, f"line {hit.line}")
        for line, key in self._lines[hit.path]:
            if line > hit.line:
                break
            best = key
        return (hit.path, *best)


# --- reports ------------------------------------------------------------------------------------


def planted(runs: list[Run], cases: dict[str, Case]) -> dict[str, object]:
    """One row per case: what each tool said; then catch and false-alarm counts."""
    levels: dict[str, dict[str, str]] = {path: {} for path in cases}
    for run in runs:
        for hit in run.hits:
            path = str(Path(hit.path).resolve())
            for planted_path in cases:
                if Path(planted_path).resolve() == Path(path):
                    now = levels[planted_path].get(run.tool, "-")
                    error = hit.level == "error" or now == "E"
                    levels[planted_path][run.tool] = "E" if error else "w"
    width = max(len(c.name) for c in cases.values())
    print(f"\n{'case':<{width}}  {'kind':<7}  " + "  ".join(f"{t:>10}" for t in TOOLS))
    summary: dict[str, Counter[str]] = {tool: Counter() for tool in TOOLS}
    for path, case in cases.items():
        said = [levels[path].get(tool, "-") for tool in TOOLS]
        print(f"{case.name:<{width}}  {case.kind:<7}  " + "  ".join(f"{s:>10}" for s in said))
        for tool, level in zip(TOOLS, said, strict=True):
            summary[tool][f"{case.kind}:{level}"] += 1
    totals = Counter(case.kind for case in cases.values())
    print("\nE: reported at the tool's error level; w: only at a lower level; -: nothing.")
    print(f"\n{'':<24}" + "  ".join(f"{t:>10}" for t in TOOLS))
    rows = (
        ("breaking, caught (E)", "breaks", "E"),
        ("breaking, noticed (w)", "breaks", "w"),
        ("breaking, missed", "breaks", "-"),
        ("trap, false error (E)", "clean", "E"),
        ("trap, warned (w)", "clean", "w"),
        ("quality, reported", "quality", "Ew"),
    )
    table = {}
    for label, kind, marks in rows:
        counts = [sum(summary[t][f"{kind}:{m}"] for m in marks) for t in TOOLS]
        table[label] = dict(zip(TOOLS, counts, strict=True))
        cells = "  ".join(f"{n:>5} / {totals[kind]:<2}" for n in counts)
        print(f"{label:<24}{cells}")
    return {
        "cases": {c.name: {"kind": c.kind, "why": c.why, **levels[p]} for p, c in cases.items()},
        "summary": table,
    }


def corpus(runs: list[Run], entries: Entries, examples: int) -> dict[str, object]:
    """Entries flagged per tool and category, agreement with msgfmt -c, and what one tool alone
    flags."""
    Key = tuple[str, str | None, str]
    flagged: dict[str, dict[str, set[Key]]] = {run.tool: defaultdict(set) for run in runs}
    errors: dict[str, dict[str, set[Key]]] = {run.tool: defaultdict(set) for run in runs}
    for run in runs:
        for hit in run.hits:
            key = entries.key(hit)
            flagged[run.tool][category(hit)].add(key)
            if hit.level == "error":
                errors[run.tool][category(hit)].add(key)
    categories = sorted({c for by in flagged.values() for c in by})
    print("\nentries flagged (at any level / at the tool's error level):")
    print(f"{'':<14}" + "".join(f"{run.tool:>18}" for run in runs))
    for name in categories:
        cells = (f"{len(flagged[r.tool][name])} / {len(errors[r.tool][name])}" for r in runs)
        print(f"{name:<14}" + "".join(f"{cell:>18}" for cell in cells))
    every = {r.tool: len(set().union(*flagged[r.tool].values())) for r in runs}
    every_error = {r.tool: len(set().union(*errors[r.tool].values())) for r in runs}
    totals = (f"{every[r.tool]} / {every_error[r.tool]}" for r in runs)
    print(f"{'all':<14}" + "".join(f"{cell:>18}" for cell in totals))
    print(f"{'seconds':<14}" + "".join(f"{r.seconds:>18.1f}" for r in runs))
    result: dict[str, object] = {
        "flagged": {r.tool: {c: len(flagged[r.tool][c]) for c in categories} for r in runs},
        "error_level": {r.tool: {c: len(errors[r.tool][c]) for c in categories} for r in runs},
        "seconds": {r.tool: round(r.seconds, 2) for r in runs},
    }
    reference = errors["msgfmt -c"]["format"]
    print(f"\nformat errors against msgfmt -c's {len(reference)} (entries it refuses):")
    print(f"{'':<14}{'same':>8}{'missed':>8}{'others':>8}   (others: more entries at error level)")
    agreement = {}
    for run in runs[1:]:
        mine = errors[run.tool]["format"]
        same, missed, others = len(mine & reference), len(reference - mine), len(mine - reference)
        agreement[run.tool] = {"same": same, "missed": missed, "others": others}
        print(f"{run.tool:<14}{same:>8}{missed:>8}{others:>8}")
    result["format_vs_msgfmt"] = agreement
    print("\nentries of error-level format findings, by what the entry is:")
    states: dict[str, dict[str, int]] = {}
    for run in runs:
        counted = Counter(entries.state(key) for key in errors[run.tool]["format"])
        states[run.tool] = dict(counted)
        print(
            f"  {run.tool:<11} "
            + (", ".join(f"{n} {k}" for k, n in counted.most_common()) or "none")
        )
    result["format_error_entries"] = states
    only: dict[str, dict[str, int]] = {}
    print("\nflagged by this tool only (same category, no other tool, any level):")
    for run in runs:
        only[run.tool] = {}
        for name in categories:
            others = set().union(*(flagged[o.tool][name] for o in runs if o is not run))
            alone = flagged[run.tool][name] - others
            if not alone:
                continue
            only[run.tool][name] = len(alone)
            print(f"  {run.tool:<11} {name:<13} {len(alone):>6}")
            shown: set[Key] = set()
            for hit in run.hits:
                key = entries.key(hit)
                if category(hit) != name or key not in alone or key in shown:
                    continue
                shown.add(key)
                line = hit.line or entries.line(key)
                where = f"{hit.path}:{line}" if line else hit.path
                print(f"      e.g. {where}: [{hit.check}] {hit.message[:100]}")
                if len(shown) == examples:
                    break
    result["only"] = only
    return result


def catalogs(folders: Iterable[Path]) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.po") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus", nargs="*", type=Path, help="folders of real catalogs (each apart)"
    )
    parser.add_argument("--tools", type=Path, required=True, help="bin/ with pofilter, dennis-cmd")
    parser.add_argument("--examples", type=int, default=2, help="examples per unique set")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    categories = pofilter_categories(args.tools)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="planted-") as folder:
        cases = write_cases(Path(folder))
        mismatched = [
            c.name
            for c in cases.values()
            if python_breaks(c) is not None and python_breaks(c) != (c.kind == "breaks")
        ]
        if mismatched:
            raise SystemExit(f"ground truth wrong for {mismatched}: Python disagrees")
        paths = [Path(p) for p in cases]
        runs = [
            run_msgfmt(paths),
            run_pofilter([Path(folder)], args.tools, categories),
            run_dennis(paths, args.tools),
            run_guide(paths),
        ]
        print(f"Planted defects: {len(cases)} catalogs (Python cases verified by running them)")
        results["planted"] = planted(runs, cases)
    for folder in args.corpus:  # each reported apart: a C project is not a Django one
        paths = catalogs([folder])
        print(f"\nReal catalogs: {len(paths)} files under {folder}")
        runs = [
            run_msgfmt(paths),
            run_pofilter([folder], args.tools, categories),
            run_dennis(paths, args.tools),
            run_guide(paths),
        ]
        results[str(folder)] = corpus(runs, Entries(), args.examples)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
