"""Runs the robustness tests and prints the numbers for the closing note.

    python bench/robustness_report.py            # all of tests/test_robust_*.py
    python bench/robustness_report.py --json     # the same numbers as JSON

Each test appends facts to a log (NEWSREADER_ROBUSTNESS_LOG, see
tests/test_robust_support.py); this sums them up. The corpus-backed kill tests
skip where ../shared is absent, and then count no kills.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        log = Path(temp) / "robustness.jsonl"
        tests = sorted(str(p.relative_to(REPO)) for p in (REPO / "tests").glob("test_robust*.py"))
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
            cwd=REPO,
            env={**os.environ, "NEWSREADER_ROBUSTNESS_LOG": str(log)},
            capture_output=True,
            text=True,
        )
        facts = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    of = lambda kind: [fact for fact in facts if fact["kind"] == kind]  # noqa: E731
    tried = next((fact["tried"] for fact in of("bad_input_run")), 0)
    kills = of("kill")
    numbers = {
        "pytest": run.stdout.strip().splitlines()[-1] if run.stdout.strip() else f"exit {run.returncode}",
        "bad_input_kinds_tried": tried,
        "bad_input_kinds_handled": len({fact["case"] for fact in of("bad_input")}),
        "hypothesis_examples": sum(fact["examples"] for fact in of("hypothesis")),
        "hypothesis_properties": {fact["test"]: fact["examples"] for fact in of("hypothesis")},
        "kills_survived": sum(fact["kills"] for fact in kills),
        "kills_by_signal": {fact["signal"]: fact["kills"] for fact in kills},
        "articles_lost": sum(fact["lost"] for fact in kills) + sum(fact["lost"] for fact in of("bad_input_run")),
        "corruptions_detected_and_restored": len(of("corruption")),
        "untrusted_text_outputs_checked": len(of("untrusted")),
        "verify_cost_ms": next(({k: v for k, v in f.items() if k != "kind"} for f in of("verify_cost")), None),
    }
    if "--json" in sys.argv:
        print(json.dumps(numbers, indent=2))
    else:
        print(f"robustness suite: {numbers['pytest']}")
        print(f"- bad-input kinds handled: {numbers['bad_input_kinds_handled']} of {tried} tried")
        print(f"- hypothesis examples run: {numbers['hypothesis_examples']:,} "
              f"({', '.join(f'{name}: {count}' for name, count in numbers['hypothesis_properties'].items())})")
        print(f"- kills survived: {numbers['kills_survived']} "
              f"({', '.join(f'{name}: {count}' for name, count in numbers['kills_by_signal'].items()) or 'corpus absent'})")
        print(f"- articles lost: {numbers['articles_lost']}")
        print(f"- damaged indexes detected and restored: {numbers['corruptions_detected_and_restored']}")
        print(f"- untrusted-text outputs checked: {numbers['untrusted_text_outputs_checked']}")
        if numbers["verify_cost_ms"]:
            print(f"- open with check / without: {numbers['verify_cost_ms']['checked_ms']} / "
                  f"{numbers['verify_cost_ms']['unchecked_ms']} ms")
    if run.returncode != 0:
        print(run.stdout[-3000:], file=sys.stderr)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
