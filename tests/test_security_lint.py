"""The static security check: ruff's ``S`` rules (flake8-bandit) find nothing unexplained in our code.

A finding is either fixed or silenced on its line with ``# noqa: S…`` followed by `` - `` and the
reason it is safe there (for example, an SQL string whose only formatted part is a constant
column list). A bare ``noqa`` for an ``S`` rule is itself a failure.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Product code and the benchmarks; the tests themselves assert and run subprocesses by design.
CHECKED = ["geo", "layers", "frontline", "app.py", "benchmarks"]
_NOQA_S = re.compile(r"#\s*noqa:\s*(?P<codes>[A-Z0-9, ]*\bS\d+[A-Z0-9, ]*)(?P<rest>.*)$")


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - ruff from this environment, our own arguments
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_security_rules_find_nothing() -> None:
    done = _ruff("check", "--no-cache", "--select", "S", "--output-format", "concise", *CHECKED)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_silenced_security_finding_says_why() -> None:
    unexplained = []
    for folder in CHECKED:
        paths = [ROOT / folder] if folder.endswith(".py") else sorted((ROOT / folder).rglob("*.py"))
        for path in paths:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                match = _NOQA_S.search(line)
                if match and not re.match(r"\s*-\s+\w", match["rest"]):
                    unexplained.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert unexplained == []


def test_the_check_sees_a_finding(tmp_path) -> None:
    """The rule set is live: code that shells out with user text is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import subprocess\n\ndef run(text):\n    subprocess.call(text, shell=True)\n")
    done = _ruff("check", "--no-cache", "--isolated", "--select", "S", "--output-format", "concise", str(bad))
    assert done.returncode == 1 and "S602" in done.stdout
