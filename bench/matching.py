"""Matching speed when many people share a name: the import's worst case.

    python bench/matching.py [--rows 20000]

Plans a file of ``rows`` people all named John Smith, each at an organization of their own
and with an address of their own (so every one is new), then the same file again (so every
one is found), against a floor: a dict keyed by the address, filled and read in the same run.
Prints figures only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapport.core.matching import Matcher, Person


def namesakes(rows: int) -> list[Person]:
    return [Person(n, "John Smith", f"Org {n}", (f"john{n}@example.org",)) for n in range(rows)]


def floor(people: list[Person]) -> float:
    started = time.perf_counter()
    seen: dict[str, object] = {}
    for person in people:
        seen.setdefault(person.emails[0].casefold(), person.key)
    for person in people:
        seen.get(person.emails[0].casefold())
    return time.perf_counter() - started


def plan(people: list[Person]) -> tuple[float, float]:
    """Seconds to learn every newcomer (none known), then to find every one of them again."""
    started = time.perf_counter()
    matcher = Matcher()
    for person in people:
        if matcher.find(person) is None:
            matcher.learn(person)
    learned = time.perf_counter()
    assert all(matcher.find(Person("again", p.name, p.organization)) == p.key for p in people)
    return learned - started, time.perf_counter() - learned


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    people = namesakes(args.rows)
    base = floor(people)
    print(f"{args.rows:,} people named John Smith at {args.rows:,} organizations")
    print(f"{'floor: dict by address':<36}{base:>8.3f} s   1.0x")
    new, again = plan(people)
    print(f"{'all new (each learned in turn)':<36}{new:>8.3f} s {new / base:>6.1f}x")
    print(f"{'all found again, by name and place':<36}{again:>8.3f} s {again / base:>6.1f}x")


if __name__ == "__main__":
    main()
