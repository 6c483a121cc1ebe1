"""Render the README's pictures to docs/img/ (run from the repository root).

    python docs/make_figures.py

Draws the IPEX family with the computed risks (limit mode: textbook fractions),
the first-cousin family, and haemophilia B in Queen Victoria's descendants (a
loop drawn with one person twice), at a resolution that keeps each PNG small.
"""

from __future__ import annotations

from pathlib import Path

import xlinked
from xlinked.draw import write

ROOT = Path(__file__).resolve().parent.parent
FIGURES = {
    "ipex-family.png": "ipex-uncle.yaml",
    "consanguineous-family.png": "first-cousins.yaml",
    "queen-victoria.png": "queen-victoria.yaml",
}


def main() -> None:
    out = ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    for name, source in FIGURES.items():
        ped = xlinked.read(ROOT / "examples" / "pedigrees" / source)
        risks = xlinked.compute_risks(ped, mode="limit")
        for warning in write(ped, out / name, risks=risks, dpi=110):
            print(f"warning: {warning}")
        print(f"docs/img/{name}: {(out / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
