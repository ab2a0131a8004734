"""How often `guide-i18n merge` agrees with `msgmerge --previous` on real-world catalogs.

    python bench/merge_agreement.py /path/to/po-corpus [MORE_DIRS_OR_FILES...]
    python bench/merge_agreement.py --limit 50 --show 5 --keep /tmp/disagreements DIR

For each .po file: a template is made from its active messages (msgids, contexts, plurals,
format flags, notes and references; no translations), then changed the way a release
changes one: about 10% of the messages get one word changed, 5% are deleted and 5% are
new (half of them near-copies of an existing message). The mutation is seeded by the
file's path, so a run is reproducible. GNU `msgmerge --previous` and `guide-i18n merge`
then merge the same template into the same catalog, and the two results are compared
entry by entry (msgstr, flags, previous msgid, comments, notes, references, obsolete),
by an entry reader independent of ours (tests/gnu.py).

Printed: one line per catalog (entries, agreement, times), the first disagreements, and
the totals. This is a script, not a test: it needs GNU gettext and a corpus.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import gnu  # noqa: E402  (the repository root is not on sys.path by default)
from tests.gnu import Message  # noqa: E402


@dataclass
class Outcome:
    """What happened to one catalog."""

    path: str
    entries: int = 0
    agreed: int = 0
    identical: bool = False  # the two files are byte for byte the same
    gnu_seconds: float = 0.0
    our_seconds: float = 0.0
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)


def find_catalogs(paths: list[Path]) -> Iterator[Path]:
    """Every .po file named, or under a directory named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.po"))
        else:
            yield path


def guide_i18n() -> list[str]:
    """The command that runs our CLI, from the same environment as this script."""
    script = Path(sys.executable).parent / "guide-i18n"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from app.console import main; main()"]


def compare(path: Path, seed: str, keep: Path | None, show: int) -> Outcome:
    """Merge one catalog both ways and count the entries on which they agree."""
    outcome = Outcome(str(path))
    try:
        messages = gnu.canonical(path)
    except (gnu.PoReadError, UnicodeDecodeError, LookupError) as e:
        outcome.error = f"unreadable: {e}"
        return outcome
    rng = random.Random(f"{seed}:{path.as_posix()}")
    with tempfile.TemporaryDirectory(prefix="merge-agreement-") as folder:
        work = Path(folder)
        ref = gnu.write_po(work / "ref.pot", gnu.release_template(messages, rng))
        theirs, ours = work / "gnu.po", work / "ours.po"
        started = time.perf_counter()
        done = gnu.run("msgmerge", "--quiet", "--previous", "-o", theirs, path, ref)
        outcome.gnu_seconds = time.perf_counter() - started
        if done.returncode != 0:
            outcome.error = "msgmerge rejects it: " + done.stderr.decode(errors="replace")[:200]
            return outcome
        started = time.perf_counter()
        mine = subprocess.run(
            [*guide_i18n(), "merge", str(path), str(ref), "-o", str(ours)],
            capture_output=True,
            timeout=600,
        )
        outcome.our_seconds = time.perf_counter() - started
        if mine.returncode != 0:
            text = (mine.stdout + mine.stderr).decode(errors="replace").strip()
            outcome.error = f"guide-i18n merge exit {mine.returncode}: {text[-300:]}"
            save(keep, path, work)
            return outcome
        expected, actual = gnu.canonical(theirs), gnu.canonical(ours)
        outcome.identical = theirs.read_bytes() == ours.read_bytes()
        count(outcome, expected, actual)
        outcome.problems = gnu.differences(expected, actual)[:show]
        if outcome.agreed != outcome.entries:
            save(keep, path, work)
    return outcome


def count(outcome: Outcome, expected: list[Message], actual: list[Message]) -> None:
    """Entries (the union of both sides' keys) and how many are equal in every field."""
    want = {m.key: m for m in expected}
    got = {m.key: m for m in actual}
    outcome.entries = len(want.keys() | got.keys())
    for key in want.keys() | got.keys():
        a, b = want.get(key), got.get(key)
        if a == b:
            outcome.agreed += 1
        elif a is None:
            outcome.kinds["only in ours"] += 1
        elif b is None:
            outcome.kinds["only in GNU"] += 1
        else:
            for name in gnu.FIELDS:
                if getattr(a, name) != getattr(b, name):
                    outcome.kinds[name] += 1
    if outcome.agreed == outcome.entries and [m.key for m in expected] != [m.key for m in actual]:
        outcome.kinds["order"] += 1


def save(keep: Path | None, path: Path, work: Path) -> None:
    """Keep the inputs and both outputs of a disagreement, to reproduce it."""
    if keep is None:
        return
    target = keep / path.as_posix().strip("/").replace("/", "__")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, target / "def.po")
    for name in ("ref.pot", "gnu.po", "ours.po"):
        if (work / name).exists():
            shutil.copy(work / name, target / name)


def main() -> None:
    """Parse the arguments, compare every catalog, print the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="directories or .po files")
    parser.add_argument("--limit", type=int, help="only the first N catalogs")
    parser.add_argument("--every", type=int, default=1, help="only every Nth catalog")
    parser.add_argument("--seed", default="1", help="changes every mutation")
    parser.add_argument("--show", type=int, default=3, help="disagreements shown per catalog")
    parser.add_argument("--jobs", type=int, default=1, help="catalogs merged in parallel")
    parser.add_argument("--keep", type=Path, help="save def/ref/gnu/ours of disagreements here")
    parser.add_argument("--quiet", action="store_true", help="print only disagreeing catalogs")
    args = parser.parse_args()
    if gnu.missing_tools():
        sys.exit(f"{', '.join(gnu.missing_tools())} not found: {gnu.INSTALL_HINT}")
    paths = list(find_catalogs(args.paths))[:: args.every][: args.limit]
    if not paths:
        sys.exit("no .po files found")
    jobs = [(p, args.seed, args.keep, args.show) for p in paths]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        outcomes = list(pool.map(compare, *zip(*jobs, strict=True)))
    report(outcomes, quiet=args.quiet)


def report(outcomes: list[Outcome], *, quiet: bool) -> None:
    """One line per catalog, its first disagreements, then the totals."""
    kinds: Counter[str] = Counter()
    for o in outcomes:
        kinds.update(o.kinds)
        if o.error:
            print(f"{o.path}: {o.error}")
            continue
        if quiet and o.agreed == o.entries and not o.kinds:
            continue
        rate = 100 * o.agreed / o.entries if o.entries else 100.0
        print(
            f"{o.path}: {o.agreed}/{o.entries} entries agree ({rate:.1f}%)"
            f"{', byte-identical' if o.identical else ''}; "
            f"msgmerge {o.gnu_seconds * 1000:.0f} ms, ours {o.our_seconds * 1000:.0f} ms"
        )
        for problem in o.problems:
            print(f"    {problem[:400]}")
    done = [o for o in outcomes if o.error is None]
    entries = sum(o.entries for o in done)
    agreed = sum(o.agreed for o in done)
    full = sum(o.agreed == o.entries and not o.kinds for o in done)
    print()
    print(f"catalogs: {len(outcomes)} ({len(outcomes) - len(done)} not compared: see above)")
    if entries:
        print(f"entries agreeing: {agreed}/{entries} ({100 * agreed / entries:.2f}%)")
    print(f"catalogs agreeing on every entry: {full}/{len(done)}")
    print(f"byte-identical outputs: {sum(o.identical for o in done)}/{len(done)}")
    print(
        f"time: msgmerge {sum(o.gnu_seconds for o in done):.1f} s, "
        f"guide-i18n merge {sum(o.our_seconds for o in done):.1f} s (process start-up included)"
    )
    if kinds:
        print("disagreements by field: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))


if __name__ == "__main__":
    main()
