"""Generate large, realistic X-linked pedigrees for benchmarks and stress tests.

A family is grown generation by generation from a founder couple whose mother
carries the variant. Each descendant who has children gets a partner from
outside the family, except that ``loops`` first-cousin couples are formed
within the family (each closes a marriage loop). The variant is dropped down
the pedigree at random, and what a clinic would know is drawn on top: most
people's affected status (through the IPEX age-dependent penetrance), ages,
and a few carrier tests in women. Affected men have no children (fitness 0).

Usage::

    python bench/generate.py 10000 --loops 5 --seed 1 -o big.yaml

or, from Python, ``generate(10_000, loops=5, seed=1)`` returns a ``Pedigree``.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field

from xlinked import GeneticTest, Individual, Pedigree, write
from xlinked.risk import RiskModel

__all__ = ["generate"]


@dataclass
class _Person:
    id: str
    sex: str
    mother: str | None
    father: str | None
    copies: int
    generation: int
    grandparents: frozenset[str] = field(default_factory=frozenset)
    founder: bool = False


def generate(
    n: int,
    *,
    loops: int = 0,
    seed: int = 0,
    mean_children: float = 2.4,
    observed: float = 0.8,
    tested: float = 0.05,
    model: RiskModel | None = None,
) -> Pedigree:
    """A pedigree of about ``n`` people (a few fewer: partners who married in
    after the last birth are left out; fewer if growth dies out).

    Parameters
    ----------
    n
        Number of people wanted.
    loops
        Number of first-cousin couples (each adds a marriage loop).
    seed
        Random seed: the same arguments give the same pedigree.
    mean_children
        Mean number of children per couple (above 2 so the family grows).
    observed
        Fraction of people whose affected status is recorded.
    tested
        Fraction of women with a carrier test (sensitivity 0.95).
    """
    rnd = random.Random(seed)
    model = model or RiskModel()
    people: list[_Person] = []
    counter = 0

    def new(sex: str, mother: str | None, father: str | None, copies: int, gen: int,
            founder: bool = False) -> _Person:
        nonlocal counter
        counter += 1
        gp: frozenset[str] = frozenset()
        if mother is not None and father is not None:
            by_id = index
            gp = frozenset(x for parent in (by_id[mother], by_id[father])
                           for x in (parent.mother, parent.father) if x is not None)
        p = _Person(f"P{counter}", sex, mother, father, copies, gen, gp, founder)
        people.append(p)
        index[p.id] = p
        return p

    index: dict[str, _Person] = {}
    mum = new("F", None, None, 1, 0, True)
    dad = new("M", None, None, 0, 0, True)
    couples = [(mum, dad)]
    loops_left = loops
    while couples and len(people) < n:
        next_gen: list[_Person] = []
        for mother, father in couples:
            # at least one child per couple, six for the founders: growth never stops
            k = 6 if mother is mum else 1 + _poisson(rnd, mean_children - 1)
            for _ in range(k):
                if len(people) >= n:
                    break
                sex = rnd.choice("MF")
                from_mum = 1 if rnd.random() < mother.copies / 2 else 0
                from_dad = father.copies if sex == "F" else 0
                next_gen.append(
                    new(sex, mother.id, father.id, from_mum + from_dad, mother.generation + 1)
                )
        couples = []
        # affected men have no children; the others find partners
        parents = [p for p in next_gen if not (p.sex == "M" and p.copies)]
        rnd.shuffle(parents)
        taken: set[str] = set()
        if loops_left:
            for woman in parents:
                if not loops_left:
                    break
                if woman.sex != "F" or woman.id in taken:
                    continue
                for man in parents:
                    if (man.sex == "M" and man.id not in taken
                            and man.mother != woman.mother
                            and woman.grandparents & man.grandparents):
                        couples.append((woman, man))
                        taken.update((woman.id, man.id))
                        loops_left -= 1
                        break
        for p in parents:
            if p.id in taken or rnd.random() > 0.85 or len(people) >= n:
                continue
            partner = new("M" if p.sex == "F" else "F", None, None,
                          0 if rnd.random() > 1e-3 else 1, p.generation, True)
            couples.append((p, partner) if p.sex == "F" else (partner, p))
    # partners who married in after the last child was born have no children:
    # drop them, or they would be unconnected people
    parents_ = {x for p in people for x in (p.mother, p.father)}
    people = [p for p in people if not p.founder or p.id in parents_]
    return _pedigree(people, rnd, model, observed, tested)


def _poisson(rnd: random.Random, lam: float) -> int:
    # Knuth's method; lam is small
    import math

    limit, k, prod = math.exp(-lam), 0, rnd.random()
    while prod > limit:
        k += 1
        prod *= rnd.random()
    return k


def _pedigree(people: list[_Person], rnd: random.Random, model: RiskModel,
              observed: float, tested: float) -> Pedigree:
    """The pedigree of ``people``. In many generations the older people were last
    seen (or died) at 60 to 90: an age drawn above 90 is written as one of those
    (the status is drawn at the age drawn)."""
    max_gen = max(p.generation for p in people)
    last_seen = random.Random(len(people))
    out = []
    for p in people:
        age = round(max(0.1, (max_gen - p.generation) * 27 + rnd.uniform(0, 25)), 1)
        affected = None
        if rnd.random() < observed:
            hit = (p.sex == "M" and p.copies == 1) or p.copies == 2
            affected = hit and rnd.random() < float(model.penetrance_at(age))
        tests: tuple[GeneticTest, ...] = ()
        if p.sex == "F" and rnd.random() < tested:
            result = "positive" if p.copies else "negative"
            if p.copies and rnd.random() < 0.05:
                result = "negative"  # the 5% the test misses
            tests = (GeneticTest(result=result, sensitivity="0.95"),)
        if age > 90:
            age = round(last_seen.uniform(60, 90), 1)
        out.append(Individual(p.id, p.sex, mother=p.mother, father=p.father,
                              affected=affected, age=age, tests=tests))
    return Pedigree(out, proband=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--loops", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args()
    ped = generate(args.n, loops=args.loops, seed=args.seed)
    if args.output == "-":
        from xlinked import io

        text, _ = io.dumps(ped, "yaml")
        print(text, end="")
    else:
        write(ped, args.output)


if __name__ == "__main__":
    main()
