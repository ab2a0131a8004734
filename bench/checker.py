"""Benchmark: `guide-i18n check` (all checks, one process) against `msgfmt --statistics`.

msgfmt runs once per file, sequentially, as a CI job calling it on each catalog
would; the checker runs once over the whole tree, as one subprocess (interpreter
start-up included). Runs alternate, and the best and median of each are printed
with the ratio.

    python bench/checker.py                       # synthetic: 50 locales x 5,000 messages
    python bench/checker.py path/to/po-corpus # any tree of .po files
    python bench/checker.py --locales 10 --messages 1000 --repeat 5

This is a script, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from babel.messages.plurals import get_plural

CODES = (
    "ar bg bn ca cs cy da de el es et eu fa fi fr ga gl he hi hr hu id is it ja ka kk ko lt lv "
    "mk ml mn nb nl pl pt pt_BR ro ru sk sl sq sr sv ta th tr uk vi zh_Hans"
).split()
WORDS = (
    "dry needling muscle pain relief trigger point session therapy blood flow recovery patient "
    "physiotherapist tension headache shoulder neck back joint mobility range motion treatment "
    "minutes needle thin sterile tissue inflammation healing spasm tightness release function "
    "flexibility chronic acute sports injury rehabilitation exercise posture strain"
).split()


def _sentence(rng: random.Random, low: int = 3, high: int = 22) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _tag(number: int) -> str:
    """Three words that make a msgid unique."""
    size = len(WORDS)
    return " ".join(WORDS[number // size**i % size] for i in range(3))


def _translate(text: str) -> str:
    """A pseudo-translation that keeps placeholders, markup and numbers intact."""
    return " ".join(w.upper() if w.isalpha() else w for w in text.split(" "))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def synthetic_catalog(code: str, messages: int, seed: int) -> str:
    """One catalog: realistic msgids, placeholders, markup, plurals, fuzzy and untranslated."""
    rng = random.Random(seed)
    plural = get_plural(code)
    out = [
        f'# {code} translation of the benchmark guide.\nmsgid ""\nmsgstr ""\n'
        f'"Project-Id-Version: Bench 1\\n"\n"Language: {code}\\n"\n'
        '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        f'"Plural-Forms: nplurals={plural.num_plurals}; plural={plural.plural_expr};\\n"\n'
    ]
    for number in range(messages):
        kind = rng.random()
        flags: list[str] = []
        text = _sentence(rng)
        if kind < 0.15:
            text = text[:-1] + " for %(name)s."
            flags.append("python-format")
        elif kind < 0.20:
            text = text[:-1] + " in {count} sessions."
            flags.append("python-brace-format")
        elif kind < 0.25:
            words = text.split(" ")
            words[1] = f"**{words[1]}**"
            text = " ".join(words) + " [Read more](https://example.org/more)"
        elif kind < 0.28:
            text = f"Sessions take <strong>{rng.randint(10, 30)}</strong> minutes. " + text
        lines = [
            f"#. Shown in section {number % 40} of the page.",
            f"#: content/p{number % 9}.md:{number}",
        ]
        state = rng.random()
        if state < 0.05:
            flags.insert(0, "fuzzy")
            lines.append(f"#, {', '.join(flags)}")
            lines.append(f"#| msgid {_quote(_sentence(rng))}")
        elif flags:
            lines.append(f"#, {', '.join(flags)}")
        msgid = f"{text[:-1]} {_tag(number)}."  # unique, without a number in every msgid
        translation = "" if 0.05 <= state < 0.10 else _translate(msgid)
        if kind > 0.96:  # a plural message
            lines.append("#, python-format" if not flags else "")
            lines = [line for line in lines if line]
            lines.append(f"msgid {_quote('%(num)d ' + msgid)}")
            lines.append(f"msgid_plural {_quote('%(num)d ' + msgid + 's')}")
            for form in range(plural.num_plurals):
                value = "%(num)d " + translation if translation else ""
                lines.append(f"msgstr[{form}] {_quote(value)}")
        else:
            lines.append(f"msgid {_quote(msgid)}")
            lines.append(f"msgstr {_quote(translation)}")
        out.append("\n".join(lines) + "\n")
    for number in range(messages // 100):
        out.append(f"#~ msgid {_quote(_sentence(rng))}\n#~ msgstr {_quote('OLD ' + str(number))}\n")
    return "\n".join(out)


def build_tree(root: Path, locales: int, messages: int) -> list[Path]:
    """Write the synthetic tree (deterministic: the same bytes on every run)."""
    paths = []
    for index, code in enumerate(CODES[:locales]):
        path = root / code / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True)
        path.write_text(synthetic_catalog(code, messages, seed=index), encoding="utf-8")
        paths.append(path)
    return paths


def checker_command(tree: Path) -> list[str]:
    script = Path(sys.executable).with_name("guide-i18n")
    base = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from app.cli import main; main()"]
    )
    return [*base, "check", str(tree), "--format", "json", "--output", "/dev/null"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_checker(tree: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one checker run."""
    cpu, start = _children_cpu(), time.perf_counter()
    result = subprocess.run(checker_command(tree), capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"the checker failed: {result.stderr.decode()[-2000:]}")
    return elapsed, _children_cpu() - cpu


def time_msgfmt(files: list[Path]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of msgfmt run once per file."""
    cpu, start = _children_cpu(), time.perf_counter()
    for path in files:
        subprocess.run(
            ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
            capture_output=True,
            check=False,
        )
    return time.perf_counter() - start, _children_cpu() - cpu


def compare(label: str, tree: Path, repeat: int) -> None:
    files = sorted(p for p in tree.rglob("*.po") if p.is_file())
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"{label}: {len(files)} files, {size:.1f} MB", flush=True)
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(time_checker(tree))
        theirs.append(time_msgfmt(files))
    for name, runs in (
        ("guide-i18n check, all checks, one process", ours),
        ("msgfmt --statistics, once per file", theirs),
    ):
        wall = [w for w, _ in runs]
        cpu = [c for _, c in runs]
        print(
            f"  {name:<42} wall best {min(wall):6.2f} s, median {statistics.median(wall):6.2f} s;"
            f"  CPU median {statistics.median(cpu):6.2f} s"
        )
    for what, index in (("wall", 0), ("CPU", 1)):
        ratio = statistics.median(r[index] for r in theirs) / statistics.median(
            r[index] for r in ours
        )
        verdict = "faster" if ratio > 1 else "slower"
        print(f"  ratio msgfmt/checker, median {what}: {ratio:.2f} (the checker is {verdict})")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, help="a tree of .po files to time as well")
    parser.add_argument("--locales", type=int, default=50)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("msgfmt") is None:
        raise SystemExit("msgfmt not found: install GNU gettext (apt-get install gettext)")
    with tempfile.TemporaryDirectory(prefix="i18n-bench-") as tmp:
        root = Path(tmp)
        build_tree(root, args.locales, args.messages)
        compare(
            f"synthetic tree, {args.locales} locales x {args.messages} messages", root, args.repeat
        )
    if args.path is not None:
        compare(str(args.path), args.path, args.repeat)


if __name__ == "__main__":
    main()
