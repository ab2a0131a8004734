"""Benchmark: the `numbers`, `length` and `whitespace` checks against a baseline revision.

Both versions of app/checks/quality.py and app/checks/spacing.py (the working tree's and
the one at REV, read with ``git show``) run their three entry checks on the translated
entries of the same catalogs, in the same process, in alternating rounds; the medians are
compared. Parsing and the runner are left out: only the checks' own time is measured.

    python bench/checker_quality.py CATALOG...            # baseline: HEAD
    python bench/checker_quality.py --rev abc123 CATALOG...

This is a script, not a test: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.checks.context import CatalogContext  # noqa: E402
from app.checks.model import EntryCheck  # noqa: E402
from app.po import Entry, read_po  # noqa: E402

CHECKS = (("quality", "numbers"), ("quality", "length"), ("spacing", "whitespace"))


def _load(name: str, source: str) -> ModuleType:
    """``source`` as a module of the package app.checks (so that its relative imports work)."""
    spec = importlib.util.spec_from_loader(f"app.checks._bench_{name}", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "app.checks"
    sys.modules[spec.name] = module
    exec(compile(source, f"{name}.py", "exec"), module.__dict__)  # noqa: S102
    return module


def _versions(rev: str) -> dict[str, dict[str, EntryCheck]]:
    """The three checks, as in the working tree ("new") and at ``rev`` ("base")."""
    versions: dict[str, dict[str, EntryCheck]] = {}
    for label in ("base", "new"):
        checks: dict[str, EntryCheck] = {}
        for module_name, check_name in CHECKS:
            path = f"app/checks/{module_name}.py"
            if label == "new":
                source = (ROOT / path).read_text(encoding="utf-8")
            else:
                source = subprocess.run(
                    ["git", "-C", str(ROOT), "show", f"{rev}:{path}"],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            module = _load(f"{label}_{module_name}", source)
            checks[check_name] = getattr(module, check_name)
        versions[label] = checks
    return versions


def _run(check: EntryCheck, work: list[tuple[CatalogContext, list[Entry]]]) -> int:
    found = 0
    for ctx, entries in work:
        for entry in entries:
            for _ in check.func(ctx, entry):
                found += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("catalogs", nargs="+", type=Path)
    parser.add_argument("--rev", default="HEAD", help="the baseline revision (default HEAD)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    work = []
    for path in args.catalogs:
        po = read_po(path)
        ctx = CatalogContext(po=po, shown=str(path), locale=path.stem, language=path.stem)
        work.append((ctx, [e for e in po.entries if e.translated]))
    entries = sum(len(entries) for _, entries in work)
    versions = _versions(args.rev)
    times = {(label, name): [] for label in versions for _, name in CHECKS}
    found: dict[tuple[str, str], int] = {}
    for _ in range(args.rounds):
        for label, checks in versions.items():
            for name, check in checks.items():
                start = time.perf_counter()
                found[label, name] = _run(check, work)
                times[label, name].append(time.perf_counter() - start)
    print(f"{entries} translated entries; {args.rounds} alternating rounds; median seconds")
    print(f"{'check':<12}{'base ' + args.rev:>14}{'new':>10}{'new/base':>10}  findings base/new")
    total = {"base": 0.0, "new": 0.0}
    for _, name in CHECKS:
        base, new = (statistics.median(times[label, name]) for label in ("base", "new"))
        total["base"] += base
        total["new"] += new
        counts = f"{found['base', name]}/{found['new', name]}"
        print(f"{name:<12}{base:>14.3f}{new:>10.3f}{new / base:>9.2f}x  {counts}")
    ratio = total["new"] / total["base"]
    print(f"{'all three':<12}{total['base']:>14.3f}{total['new']:>10.3f}{ratio:>9.2f}x")


if __name__ == "__main__":
    main()
