"""Benchmark: `guide-i18n check` (all checks) against `msgfmt -c --statistics`, side by side.

msgfmt runs once per file, one after the other, as a CI job calling it on each catalog
would; the checker runs once over the whole tree, as one command (interpreter start-up,
worker processes and the JSON report included). Runs alternate; the medians are
compared. Memory is the peak resident memory of the checker, its workers summed (sampled
every 20 ms, and never less than wait4's peak), and of the largest msgfmt run.

    python bench/checker.py                        # every generated tree (bench/po_trees.py)
    python bench/checker.py --trees huge,100mb     # some of them
    python bench/checker.py --trees none ../shared/po-corpus other/tree   # real trees only
    python bench/checker.py --cache /tmp/trees     # keep the generated trees between runs

The checker runs with bytecode caching on (in a private cache folder), as an installed
tool does, even where ``PYTHONDONTWRITEBYTECODE`` is set. Where the install compiled its
hot path (setup.py), the same checker as pure Python (``GUIDE_I18N_PURE_PYTHON=1``) is
timed in the same rounds too. This is a script, not a test:
timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from po_trees import TREES  # noqa: E402

PURE_PYTHON = "GUIDE_I18N_PURE_PYTHON"  # app/native.py: run the compiled modules' sources

_COUNTS_RE = re.compile(
    r"(\d+) translated messages?(?:, (\d+) fuzzy translations?)?(?:, (\d+) untranslated messages?)?"
)


@dataclass(frozen=True)
class Run:
    """One timed run: wall-clock and CPU seconds, peak resident memory in KiB."""

    wall: float
    cpu: float
    peak_kib: int


def _environment(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    env.pop("NO_COLOR", None)
    return env


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, summed (KiB)."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


class _Sampler(threading.Thread):
    """The largest sum of resident memory of a process tree, sampled every 20 ms.

    wait4's ru_maxrss is the peak of the largest single process; with worker processes
    the sum is what the machine must hold (shared pages counted once per process, so
    this errs high).
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.peak = max(self.peak, _tree_rss_kib(self.pid))


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[Run, int, bytes]:
    """Run a command; its times and peak memory (its children included)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=err, env=env, close_fds=True
        )
        sampler = _Sampler(process.pid)
        if Path("/proc/self/status").exists():
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
    # ru_maxrss of wait4 is the largest of the process and its waited-for descendants;
    # the sampled sum over the tree is larger when workers run side by side.
    peak = max(usage.ru_maxrss, sampler.peak)
    return Run(wall, usage.ru_utime + usage.ru_stime, peak), process.returncode, stderr


def checker_command() -> list[str]:
    script = Path(sys.executable).with_name("guide-i18n")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from app.console import main; main()"]


def time_checker(tree: Path, env: dict[str, str]) -> Run:
    run, code, stderr = _timed([*checker_command(), "check", str(tree), "--format", "json"], env)
    if code not in (0, 1):
        raise SystemExit(f"the checker failed ({code}) on {tree}: {stderr.decode()[-2000:]}")
    return run


def time_msgfmt(files: list[Path]) -> tuple[Run, int]:
    """msgfmt -c --statistics once per file: summed times, largest peak, messages counted."""
    wall = cpu = 0.0
    peak = messages = 0
    for path in files:
        run, _, stderr = _timed(["msgfmt", "-c", "--statistics", "-o", "/dev/null", str(path)])
        wall, cpu, peak = wall + run.wall, cpu + run.cpu, max(peak, run.peak_kib)
        match = _COUNTS_RE.search(stderr.decode(errors="replace").rsplit("\n", 2)[-2])
        if match:
            messages += sum(int(group or 0) for group in match.groups())
    return Run(wall, cpu, peak), messages


@dataclass
class Row:
    label: str
    files: int
    megabytes: float
    messages: int
    ours: Run
    theirs: Run
    pure: Run | None  # the checker as pure Python, when the install is compiled


def _median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.peak_kib for r in runs),
    )


def compare(label: str, tree: Path, repeat: int, env: dict[str, str]) -> Row:
    files = sorted(p for p in tree.rglob("*.po") if p.is_file())
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"{label}: {len(files)} files, {size:.1f} MB ...", file=sys.stderr, flush=True)
    time_checker(tree, env)  # warm: bytecode cache and page cache
    _, messages = time_msgfmt(files)
    pure_env = {**env, PURE_PYTHON: "1"} if compiled() else None
    ours, theirs, pure = [], [], []
    for _ in range(repeat):
        ours.append(time_checker(tree, env))
        theirs.append(time_msgfmt(files)[0])
        if pure_env is not None:
            pure.append(time_checker(tree, pure_env))
    return Row(
        label,
        len(files),
        size,
        messages,
        _median(ours),
        _median(theirs),
        _median(pure) if pure else None,
    )


def compiled() -> bool:
    """Whether the checker installed here runs its compiled modules (setup.py)."""
    probe = "import app.po, sys; sys.exit(not app.po.__file__.endswith('.so'))"
    return subprocess.run([sys.executable, "-c", probe], check=False).returncode == 0


def startup(env: dict[str, str], repeat: int) -> None:
    """Start-up: `check` on a one-message catalog, against Python doing nothing and msgfmt."""
    with tempfile.TemporaryDirectory(prefix="i18n-start-") as tmp:
        path = Path(tmp) / "fr.po"
        path.write_text(
            'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\nmsgid "Pain"\nmsgstr "Douleur"\n',
            encoding="utf-8",
        )
        commands = {
            f"guide-i18n check {path.name}": [*checker_command(), "check", str(path)],
            "python -c pass (the floor)": [sys.executable, "-c", "pass"],
            f"msgfmt -c --statistics {path.name}": [
                "msgfmt",
                "-c",
                "--statistics",
                "-o",
                "/dev/null",
                str(path),
            ],
        }
        times: dict[str, list[Run]] = {name: [] for name in commands}
        for command in commands.values():
            _timed(command, env)
        for _ in range(repeat):
            for name, command in commands.items():
                times[name].append(_timed(command, env)[0])
        print(f"\nStart-up, {repeat} runs each, alternating:\n")
        print("| command | wall median | wall best | CPU median | peak memory |")
        print("|---|---|---|---|---|")
        for name, runs in times.items():
            wall = [r.wall for r in runs]
            print(
                f"| `{name}` | {statistics.median(wall) * 1000:.0f} ms | "
                f"{min(wall) * 1000:.0f} ms | "
                f"{statistics.median(r.cpu for r in runs) * 1000:.0f} ms | "
                f"{max(r.peak_kib for r in runs) / 1024:.0f} MiB |"
            )


def _table(rows: list[Row]) -> None:
    print(
        "\n| tree | files | MB | messages | checker wall | msgfmt wall | msgfmt ÷ checker "
        "(wall) | (CPU) | checker µs/msg (wall) | msgfmt µs/msg | cores used | "
        "checker peak | msgfmt peak | pure Python wall | pure ÷ compiled (CPU) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        ours, theirs = row.ours, row.theirs
        per = 1e6 / max(row.messages, 1)
        print(
            f"| {row.label} | {row.files:,} | {row.megabytes:.1f} | {row.messages:,} | "
            f"{ours.wall:.2f} s | {theirs.wall:.2f} s | **{theirs.wall / ours.wall:.2f}** | "
            f"{theirs.cpu / ours.cpu:.2f} | {ours.wall * per:.1f} | {theirs.wall * per:.1f} | "
            f"{ours.cpu / ours.wall:.1f} | {ours.peak_kib / 1024:.0f} MiB | "
            f"{theirs.peak_kib / 1024:.0f} MiB | "
            + (
                f"{row.pure.wall:.2f} s | {row.pure.cpu / ours.cpu:.2f} |"
                if row.pure
                else "(not compiled) | |"
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="real trees of .po files to time too")
    parser.add_argument(
        "--trees", default="all", help=f"generated trees: all, none, or some of {','.join(TREES)}"
    )
    parser.add_argument("--cache", type=Path, help="where generated trees are kept (default: temp)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--startup", type=int, default=20, help="start-up runs (0: skip)")
    args = parser.parse_args()
    if shutil.which("msgfmt") is None:
        raise SystemExit("msgfmt not found: install GNU gettext (apt-get install gettext)")
    names = (
        list(TREES)
        if args.trees == "all"
        else []
        if args.trees == "none"
        else [n.strip() for n in args.trees.split(",") if n.strip()]
    )
    unknown = [n for n in names if n not in TREES]
    if unknown:
        raise SystemExit(f"unknown tree(s) {', '.join(unknown)}; the trees are {', '.join(TREES)}")
    with tempfile.TemporaryDirectory(prefix="i18n-bench-") as tmp:
        cache = args.cache or Path(tmp) / "trees"
        env = _environment(Path(tmp) / "pycache")
        print(f"machine: {os.cpu_count()} cores, {_cpu_model()}; load {os.getloadavg()[0]:.1f}")
        if args.startup:
            startup(env, args.startup)
        rows = []
        for name in names:
            tree = cache / name
            if not tree.exists():
                print(f"generating {name} ...", file=sys.stderr, flush=True)
                # In a child process: a forked child starts with its parent's resident
                # memory, so a bench that grew while writing 100 MB would inflate every
                # peak it measures afterwards, msgfmt's and the checker's alike.
                generator = Path(__file__).with_name("po_trees.py")
                subprocess.run([sys.executable, str(generator), str(cache), name], check=True)
            rows.append(compare(name, tree, args.repeat, env))
        for path in args.paths:
            rows.append(compare(str(path), path, args.repeat, env))
        if rows:
            _table(rows)
        print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    main()
