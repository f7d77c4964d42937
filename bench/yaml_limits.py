"""How fast, and in how little memory, poisoned lesson files are refused.

Each file (a "billion laughs" bomb, a 2 MB and a 50 MB file, a file nested 5,000 levels
deep, one nested 40 levels by indentation, one with invalid UTF-8) is put alone in a bank
and loaded in a fresh process, which prints the time of `load_bank` and its own peak
memory, beside a process that loads an empty bank.

    .venv/bin/python bench/yaml_limits.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.test_yaml_limits import BLOCK_DEEP, BOMB, FLOW_DEEP  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
from bot.bank.check.loader import load_bank
root = Path(sys.argv[1])
started = time.perf_counter()
result = load_bank(root / "lessons", root / "quizzes")
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak": peak,
                  "said": [str(p).rsplit("/", 1)[-1] for p in result.errors]}))
"""

FILES = {
    "(an empty bank, for comparison)": None,
    "billion laughs (9 anchors x 9 aliases)": BOMB.encode(),
    "2 MB file": b"id: huge\ntitle: " + b"x" * (2 << 20) + b"\n",
    "50 MB file": b"id: huge\ntitle: " + b"x" * (50 << 20) + b"\n",
    "nested 5,000 levels (flow)": FLOW_DEEP.encode(),
    "nested 40 levels (indentation)": BLOCK_DEEP.encode(),
    "invalid UTF-8": b"id: bad\ntitle: caf\xe9\n",
}


def main() -> None:
    print(f"{'file':<40} {'refused in':>10} {'peak memory':>12}  said")
    for name, content in FILES.items():
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "lessons" / "critical-thinking").mkdir(parents=True)
            (root / "quizzes").mkdir()
            if content is not None:
                (root / "lessons" / "critical-thinking" / "poison.yaml").write_bytes(content)
            out = subprocess.run(
                [sys.executable, "-c", CHILD, folder],
                capture_output=True,
                check=True,
                cwd=REPO,
                timeout=600,
            ).stdout
        found = json.loads(out)
        said = found["said"][0][:70] if found["said"] else "-"
        print(f"{name:<40} {found['seconds']:>9.3f}s {found['peak']:>9.0f} MB  {said}")


if __name__ == "__main__":
    main()
