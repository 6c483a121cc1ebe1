"""Hard families for the risk engine: inbreeding that makes the junction tree wide.

Four generators, each returning a :class:`~xlinked.Pedigree` with the variant
dropped at random from ``carriers`` founder women (so that it spreads through
the family) and clinic-like data drawn on top (affected status through the
penetrance of the model, ages, a few carrier tests; ``bench/generate.py``).
Affected men have no children here, but the model embedded in each pedigree is
the haemophilia A preset, whose male fitness is 0.7: a father's carrier status
stays unknown. Under a model with male fitness 0 (IPEX, Duchenne) every man who
fathered a child is known not to carry the variant, the engine removes those
states before planning, and all of these families become loop-free for it
(treewidth 1), however inbred.

``sib_chain(generations)``
    Full-sib matings: in every generation a brother and a sister have the
    children (two sons and two daughters) of the next.
``double_cousins(generations)``
    Repeated double first cousins: two brothers marry two sisters; in every
    generation a son of one couple marries a daughter of the other.
``ring(families, generations)``
    A ring of intermarrying families: in every generation the daughter of
    family i marries the son of family i + 1 (each couple has one son and one
    daughter).
``isolate(n, founders, generations)``
    An isolated population of ``n`` people grown from ``founders`` over
    ``generations`` generations, partners drawn at random from the previous
    generation (no sibling marriages).

Usage::

    python bench/families.py ring 6 50 -o ring.yaml
    python bench/families.py isolate 2000 50 20 --seed 1 -o isolate.json
"""

from __future__ import annotations

import argparse
import random

from generate import _pedigree, _Person, _poisson

from xlinked import Pedigree, write
from xlinked.risk import RiskModel, preset

#: the model of the generated families (male fitness 0.7: fathers' status unknown)
MODEL = preset("haemophilia-a")

__all__ = ["FAMILIES", "MODEL", "double_cousins", "isolate", "ring", "sib_chain"]


class _Family:
    """People being grown, with the variant dropped down from the founders."""

    def __init__(self, seed: int, carriers: int = 1) -> None:
        self.rnd = random.Random(seed)
        self.people: list[_Person] = []
        self.carriers = carriers

    def founder(self, sex: str, generation: int) -> _Person:
        copies = 0
        if sex == "F" and self.carriers > 0:
            copies, self.carriers = 1, self.carriers - 1
        return self._add(sex, None, None, copies, generation, founder=True)

    def child(self, mother: _Person, father: _Person, sex: str | None = None) -> _Person:
        sex = sex or self.rnd.choice("MF")
        copies = 1 if self.rnd.random() < mother.copies / 2 else 0
        if sex == "F":
            copies += father.copies
        return self._add(sex, mother.id, father.id, copies, mother.generation + 1)

    def _add(self, sex: str, mother: str | None, father: str | None, copies: int,
             generation: int, founder: bool = False) -> _Person:
        p = _Person(f"P{len(self.people) + 1}", sex, mother, father, copies, generation,
                    founder=founder)
        self.people.append(p)
        return p

    def pedigree(self, model: RiskModel | None = None) -> Pedigree:
        model = model or MODEL
        ped = _pedigree(self.people, self.rnd, model, 0.8, 0.05)
        return ped.replace(model=model)


def _can_father(p: _Person) -> bool:
    return p.sex == "M" and not p.copies  # affected men have no children


def sib_chain(generations: int, *, seed: int = 0) -> Pedigree:
    """Full-sib matings for ``generations`` generations (4 children a couple)."""
    fam = _Family(seed, 1)
    mother, father = fam.founder("F", 0), fam.founder("M", 0)
    for _ in range(generations):
        kids = [fam.child(mother, father, s) for s in "MFMF"]
        sons = [k for k in kids if _can_father(k)] or [kids[0]]
        mother, father = kids[1], sons[0]
    return fam.pedigree()


def double_cousins(generations: int, *, seed: int = 0) -> Pedigree:
    """Two couples whose children marry each other's, for ``generations`` generations."""
    fam = _Family(seed, 2)
    couples = [(fam.founder("F", 0), fam.founder("M", 0)) for _ in range(2)]
    for _ in range(generations):
        broods = [[fam.child(m, f, s) for s in "MFMF"] for m, f in couples]
        sons = [[k for k in b if _can_father(k)] or [b[0]] for b in broods]
        couples = [(broods[0][1], sons[1][0]), (broods[1][3], sons[0][-1])]
    return fam.pedigree()


def ring(families: int, generations: int, *, seed: int = 0) -> Pedigree:
    """``families`` families marrying in a ring for ``generations`` generations
    (a third of the founder women carry the variant)."""
    fam = _Family(seed, families // 3 + 1)
    couples = [(fam.founder("F", 0), fam.founder("M", 0)) for _ in range(families)]
    for _ in range(generations):
        broods = [[fam.child(m, f, "M"), fam.child(m, f, "F")] for m, f in couples]
        couples = [(broods[i][1], broods[(i + 1) % families][0]) for i in range(families)]
        couples = [(m, f if _can_father(f) else fam.founder("M", m.generation))
                   for m, f in couples]
    return fam.pedigree()


def isolate(n: int, founders: int, generations: int, *, seed: int = 0) -> Pedigree:
    """An isolated population of about ``n`` people from ``founders`` founders.

    Generation sizes grow geometrically from ``founders`` so that the
    generations add up to ``n``; each generation's couples are drawn at random
    from the men and women of the previous one (never full siblings). One
    founder woman in ten carries the variant.
    """
    fam = _Family(seed, founders // 20 + 1)
    rnd = fam.rnd
    gen = [fam.founder("FM"[k % 2], 0) for k in range(founders)]
    rate = _growth(n, founders, generations)
    size = float(founders)
    for _ in range(generations):
        size *= rate
        want = min(round(size), n - len(fam.people))
        if want <= 0:
            break
        women = [p for p in gen if p.sex == "F"]
        men = [p for p in gen if _can_father(p)]
        rnd.shuffle(women)
        rnd.shuffle(men)
        couples = []
        for w in women:
            for k, m in enumerate(men):
                if m.mother is None or m.mother != w.mother:
                    couples.append((w, men.pop(k)))
                    break
        if not couples:
            break
        nxt: list[_Person] = []
        while len(nxt) < want:
            for m, f in couples:
                for _ in range(1 + _poisson(rnd, 1.0)):
                    if len(nxt) < want:
                        nxt.append(fam.child(m, f))
        gen = nxt
    return fam.pedigree()


def _growth(n: int, founders: int, generations: int) -> float:
    """The growth rate r with founders * (r + r^2 + ... + r^g) = n - founders."""
    lo, hi = 0.01, 10.0
    for _ in range(100):
        r = (lo + hi) / 2
        total = founders * sum(r**k for k in range(1, generations + 1))
        lo, hi = (r, hi) if total < n - founders else (lo, r)
    return (lo + hi) / 2


FAMILIES = {"sib-chain": sib_chain, "double-cousins": double_cousins, "ring": ring,
            "isolate": isolate}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("family", choices=sorted(FAMILIES))
    parser.add_argument("sizes", type=int, nargs="+",
                        help="sib-chain/double-cousins: GENERATIONS; ring: FAMILIES "
                             "GENERATIONS; isolate: PEOPLE FOUNDERS GENERATIONS")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    ped = FAMILIES[args.family](*args.sizes, seed=args.seed)
    write(ped, args.output)


if __name__ == "__main__":
    main()
