"""Benchmark: what `placeholders-msgfmt` costs, side by side with the checker without it.

Two inputs, each checked in one process (``jobs=1``) with every check, then with every
check but ``placeholders-msgfmt``; runs alternate after a warm-up and the medians of CPU
time (this process and msgfmt, so other work on a shared machine does not count) are
compared:

- a tree of catalogs with no format the checker hands to msgfmt (default: the project's
  and ``../shared/po-corpus``): the check must cost almost nothing there (one byte scan
  of each file's flags lines, no msgfmt);
- a generated catalog of N tcl-format entries (git's ``po/`` has 2,275 tcl-format and
  1,049 perl-format entries per catalog), with one entry in 100 dropping its argument:
  the findings are compared with ``msgfmt -c`` on the whole file, and the time of
  ``msgfmt -c`` alone is printed beside.

    python bench/gnu_formats.py                       # ../shared/po-corpus, 5,000 entries
    python bench/gnu_formats.py --tree other/tree --entries 20000 --rounds 5

A script, not a test: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.checks import CHECKS, REGISTRY  # noqa: E402
from app.checks.policy import Policy  # noqa: E402
from app.checks.runner import Target, find_catalogs, guess_locale, run_checks  # noqa: E402

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: git-gui\\n"\n"Language: zh_CN\\n"\n'
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'
)


def tcl_catalog(path: Path, entries: int) -> Path:
    """N tcl-format entries (some plural), one in 100 dropping its argument."""
    parts = [HEADER]
    for n in range(entries):
        kept = "%s" if n % 100 else ""
        if n % 10 == 3:
            parts.append(
                f'\n#: lib/branch.tcl:{n}\n#, tcl-format\nmsgid "Deleted %d branch {n}"\n'
                f'msgid_plural "Deleted %d branches {n}"\nmsgstr[0] "已删除 %d 个分支 {n}"\n'
            )
        else:
            parts.append(
                f'\n#: lib/remote.tcl:{n}\n#, tcl-format\nmsgid "Pruning branches {n} deleted '
                f'from %s"\nmsgstr "清除 {n} {kept}"\n'
            )
    path.write_text("".join(parts), encoding="utf-8")
    return path


def targets_of(paths: list[Path]) -> list[Target]:
    found = find_catalogs(paths)
    return [Target(p, p.as_posix(), guess_locale(p), Policy("published")) for p in found]


def cpu() -> float:
    """CPU seconds of this process and its finished children (msgfmt): the machine is shared."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(targets: list[Target], with_check: bool) -> tuple[float, int]:
    checks = REGISTRY if with_check else tuple(c for c in REGISTRY if c.id != "placeholders-msgfmt")
    start = cpu()
    report = run_checks(targets, checks, jobs=1)
    mine = sum(1 for f in report.findings if f.check == "placeholders-msgfmt")
    return cpu() - start, mine


def side_by_side(name: str, targets: list[Target], rounds: int) -> None:
    timed(targets, False)  # warm: files in the page cache, modules imported
    with_times: list[float] = []
    without_times: list[float] = []
    found = 0
    for _ in range(rounds):
        seconds, found = timed(targets, True)
        with_times.append(seconds)
        without_times.append(timed(targets, False)[0])
    a, b = statistics.median(with_times), statistics.median(without_times)
    print(
        f"{name}: {len(targets)} catalog(s); CPU with placeholders-msgfmt {a:.3f} s, without "
        f"{b:.3f} s: ratio {a / b:.3f} ({a - b:+.3f} s); its findings: {found}"
    )


def msgfmt_lines(path: Path) -> tuple[set[int], float]:
    env = {**os.environ, "LC_ALL": "C"}
    start = time.perf_counter()
    done = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, env=env, check=False
    )
    seconds = time.perf_counter() - start
    lines = {
        int(m.group(1))
        for m in re.finditer(
            rf"^{re.escape(str(path))}:(\d+): (?!warning:)(.*)$", done.stderr.decode(), re.MULTILINE
        )
        if "plural form" not in m.group(2) and "with '\\n'" not in m.group(2)
    }
    return lines, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", action="append", type=Path, default=None)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    trees = args.tree or [ROOT / "locales", ROOT.parent / "shared" / "po-corpus"]
    assert "placeholders-msgfmt" in CHECKS
    side_by_side(
        "no delegated formats (" + ", ".join(map(str, trees)) + ")", targets_of(trees), args.rounds
    )
    with tempfile.TemporaryDirectory() as folder:
        po = tcl_catalog(Path(folder) / "zh_CN.po", args.entries)
        targets = targets_of([po])
        side_by_side(f"{args.entries} tcl-format entries", targets, args.rounds)
        report = run_checks(targets, [CHECKS["placeholders-msgfmt"]], jobs=1)
        ours = {f.line for f in report.findings}
        theirs, seconds = msgfmt_lines(po)
        print(
            f"  msgfmt -c alone on the file: {seconds:.3f} s; it rejects {len(theirs)} "
            f"entries, the check reports {len(ours)}, same lines: {ours == theirs}"
        )


if __name__ == "__main__":
    main()
