"""Shared test set-up: hypothesis profiles (CI runs fewer examples)."""

import os
import re
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))  # tests/strategies.py, tests/reference.py

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "pedigrees"


def misnumbered(name: str, swap: tuple[str, str], directory: Path) -> Path:
    """A copy of an example whose two ids ``swap`` trade places, in ``directory``.

    The examples' ids are the numbers the drawing gives; tests of what users
    see when their file's ids disagree with the drawing use such a copy.
    """
    a, b = swap
    pattern = re.compile(rf'(?<![\w-])({re.escape(a)}|{re.escape(b)})(?![\w-])')
    text = (EXAMPLES / name).read_text()
    out = directory / name
    out.write_text(pattern.sub(lambda m: b if m.group(1) == a else a, text))
    return out
