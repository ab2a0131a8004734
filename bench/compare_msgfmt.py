"""Compare the checker's statistics with GNU `msgfmt --statistics`, file by file.

    python bench/compare_msgfmt.py path/to/po-corpus

For every .po file under PATH: msgfmt's translated/fuzzy/untranslated counts against
ours, which must be equal. Files msgfmt rejects are counted apart; any difference is
printed, and makes the exit code 1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from app.checks import CHECKS
from app.checks.policy import Policy
from app.checks.runner import Target, find_catalogs, run_checks

_COUNT_RE = re.compile(r"(\d+) (translated|fuzzy|untranslated)")


def msgfmt_counts(path: Path) -> tuple[int, int, int] | None:
    """msgfmt's (translated, fuzzy, untranslated), or None when it rejects the file."""
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    if result.returncode != 0:
        return None
    counts = {kind: int(n) for n, kind in _COUNT_RE.findall(result.stderr.splitlines()[-1])}
    return counts.get("translated", 0), counts.get("fuzzy", 0), counts.get("untranslated", 0)


def main() -> None:
    root = Path(sys.argv[1])
    paths = find_catalogs([root])
    targets = [Target(p, p.as_posix(), None, Policy("draft")) for p in paths]
    report = run_checks(targets, [CHECKS["syntax"]])
    ours = {c.path: c for c in report.catalogs}
    agree = rejected = 0
    differ: list[str] = []
    for path in paths:
        theirs = msgfmt_counts(path)
        if theirs is None:
            rejected += 1
            continue
        s = ours[path.as_posix()].stats
        mine = (s.translated, s.fuzzy, s.untranslated)
        if mine == theirs:
            agree += 1
            continue
        differ.append(f"{path}: msgfmt {theirs}, checker {mine}")
    print(f"{len(paths)} files under {root}")
    print(f"  agree exactly with msgfmt --statistics:        {agree}")
    print(f"  rejected by msgfmt (not comparable):           {rejected}")
    print(f"  other differences:                              {len(differ)}")
    for line in differ:
        print("   ", line)
    raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
