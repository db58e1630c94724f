"""Train the guard's model on its corpus, choose its thresholds by cross-validation, write it.

    python bench/guard_model.py            # train, report cross-validation, write the model
    python bench/guard_model.py --check    # exit 1 if the shipped model is not what the
                                           # corpus gives (the file is reproducible)
    python bench/guard_model.py --test     # also score the held-out test split and the dev
                                           # corpus beside the checkout; changes nothing
    python bench/guard_model.py --score F  # score a new round F with the shipped model,
                                           # before it is trained on

The training set is every ``train_*.jsonl`` in rapport/data/guard/ and the project's own
labelled set (tests/data/guard_own.jsonl, labelled by rule with the patterns it was written
against), less any text a held-out file also holds. The held-out files (``test*.jsonl``)
are read only for that and, with ``--test``, to print their figures (never their errors).
Needs the dev requirements (scikit-learn); the app itself reads the model with the standard
library (rapport/core/guard/model.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapport.core.guard import content, model  # noqa: E402
from rapport.core.guard.findings import Context  # noqa: E402
from rapport.core.guard.text import normalize, sentences  # noqa: E402

CORPUS = ROOT / "rapport" / "data" / "guard"
OWN = ROOT / "tests" / "data" / "guard_own.jsonl"
DEV = ROOT.parent / "shared" / "corpus" / "guard_dev.jsonl"
OUTPUT = ROOT / "rapport" / model.MODEL_FILE
#: Never trained on: the split written before any model, and later rounds kept for scoring.
HELD_OUT = sorted(CORPUS.glob("test*.jsonl"))
STRENGTHS = (3.0, 10.0, 30.0)
MIN_COUNT = 2  # a feature seen in one training text only is left out
FOLDS = 5
STRICT_RECALL = 0.99


@dataclass(frozen=True)
class Item:
    """One labelled text of the corpus, with its sentences as the guard will read them."""

    id: str
    text: str
    rule: str  # one of model.LABELS
    ask: str

    @property
    def violation(self) -> bool:
        return self.rule != "clean"


def read(path: Path) -> list[Item]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        rule = row.get("rule") or pattern_rule(row["text"], row["violation"])
        if rule not in model.LABELS or (rule != "clean") != bool(row["violation"]):
            raise SystemExit(f"{path.name}:{number}: rule {rule!r} and violation disagree")
        items.append(Item(row["id"], row["text"], rule, row.get("ask", "")))
    return items


def pattern_rule(text: str, violation: bool) -> str:
    """For the older set without rules: the rule the patterns give, a job ask by default."""
    if not violation:
        return "clean"
    rules = {
        finding.rule
        for piece in sentences(text)
        for finding in content.sentence_findings(piece, Context())
    }
    return "resume-offer" if "resume-offer" in rules and "job-ask" not in rules else "job-ask"


def plain(text: str) -> str:
    return content.mask_disclaimers(normalize(text))


def examples(item: Item) -> list[tuple[set[str], str]]:
    """What an item teaches: a sentence or snippet whole; a message sentence by sentence,
    the sentence that asks with the item's label and every other one clean."""
    if not item.ask:
        return [(model.features(plain(item.text)), item.rule)]
    begin = item.text.find(item.ask)
    if begin < 0:
        raise SystemExit(f"{item.id}: its ask is not in its text")
    end = begin + len(item.ask)
    return [
        (
            model.features(plain(piece.text)),
            item.rule if piece.start < end and piece.end > begin else "clean",
        )
        for piece in sentences(item.text)
    ]


@dataclass(frozen=True)
class Prepared:
    """An item with what training and scoring need of it, computed once."""

    item: Item
    taught: list[tuple[set[str], str]]  # what it teaches the model
    pieces: list[set[str]]  # the features of each of its sentences, as the guard reads them
    patterns: list[bool]  # whether the patterns flag each sentence
    method: list[bool]  # whether each sentence is one of the method's own asks


def prepare(item: Item) -> Prepared:
    pieces = sentences(item.text)
    return Prepared(
        item,
        examples(item),
        [model.features(plain(piece.text)) for piece in pieces],
        [
            any(f.rule in content.ASKS for f in content.sentence_findings(piece, Context()))
            for piece in pieces
        ],
        [content.method_ask(plain(piece.text)) for piece in pieces],
    )


def fit(prepared: Iterable[Prepared], strength: float) -> model.Model:
    pairs = [pair for one in prepared for pair in one.taught]
    counts: dict[str, int] = {}
    for found, _ in pairs:
        for feature in found:
            counts[feature] = counts.get(feature, 0) + 1
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {feature: i for i, feature in enumerate(vocabulary)}
    rows, columns, values = [], [], []
    for row, (found, _) in enumerate(pairs):
        kept = sorted(index[f] for f in found if f in index)
        if not kept:
            continue
        rows += [row] * len(kept)
        columns += kept
        values += [1 / np.sqrt(len(kept))] * len(kept)
    matrix = csr_matrix((values, (rows, columns)), shape=(len(pairs), len(vocabulary)))
    labels = np.array([model.LABELS.index(label) for _, label in pairs])
    fitted = LogisticRegression(C=strength, max_iter=3000, tol=1e-6)
    fitted.fit(matrix, labels)
    if list(fitted.classes_) != [0, 1, 2]:
        raise SystemExit("the training set needs every label")
    weights = {
        feature: tuple(round(float(w), 4) for w in fitted.coef_[:, i])
        for feature, i in index.items()
        if any(abs(w) >= 5e-5 for w in fitted.coef_[:, i])
    }
    bias = tuple(round(float(b), 4) for b in fitted.intercept_)
    return model.Model(weights, bias, threshold=0.5, strict_threshold=0.5, veto=0.0)


@dataclass(frozen=True)
class Scored:
    """What the guard would see in one item: the model's risk of each sentence, of each pair
    of neighbours, and which sentences the patterns flag."""

    alone: list[float]
    pairs: list[float]
    patterns: list[bool]
    own: list[float]  # each sentence's risk, the method's own asks included: for the veto

    def flagged(self, threshold: float, veto: float) -> bool:
        """Exactly as content.findings decides: a pattern's ask stands unless the model's
        risk for its sentence is under ``veto``; the model flags from ``threshold``."""
        if any(p and r >= veto for p, r in zip(self.patterns, self.own, strict=True)):
            return True
        return max([*self.alone, *self.pairs], default=0.0) >= threshold


def scored(reader: model.Model, one: Prepared) -> Scored:
    """The risks as content.model_findings reads them: none for the method's own asks, and
    no pair that includes one."""
    own = [reader.verdict_of(found)[1] for found in one.pieces]
    alone = [0.0 if method else risk for risk, method in zip(own, one.method, strict=True)]
    pairs = [
        0.0 if one.method[i] or one.method[i + 1] else reader.verdict_of(a | b)[1]
        for i, (a, b) in enumerate(zip(one.pieces, one.pieces[1:], strict=False))
    ]
    return Scored(alone, pairs, one.patterns, own)


def scores(truth: Sequence[bool], flagged: Sequence[bool]) -> tuple[float, float, int, int, int]:
    tp = sum(t and f for t, f in zip(truth, flagged, strict=True))
    fp = sum(f and not t for t, f in zip(truth, flagged, strict=True))
    fn = sum(t and not f for t, f in zip(truth, flagged, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def cross_validate(prepared: list[Prepared], strength: float) -> list[Scored]:
    """Each item scored by a model that did not see it."""
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=0)
    labels = [one.item.rule for one in prepared]
    result: list[Scored | None] = [None] * len(prepared)
    for kept, held in folds.split(np.zeros(len(prepared)), labels):
        reader = fit([prepared[i] for i in kept], strength)
        for i in held:
            result[i] = scored(reader, prepared[i])
    return [one for one in result if one is not None]


THRESHOLDS = [round(0.05 + 0.01 * step, 2) for step in range(91)]
VETOES = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3]


def verdicts(results: list[Scored], threshold: float, veto: float) -> list[bool]:
    return [one.flagged(threshold, veto) for one in results]


def best_settings(truth: list[bool], results: list[Scored]) -> tuple[float, float, float]:
    """The threshold and veto with the best F1 on cross-validation (the threshold nearest
    0.5 among equals, the smallest veto): (F1, threshold, veto)."""
    best = (-1.0, 0.5, 0.0)
    for veto in VETOES:
        for threshold in THRESHOLDS:
            value = f1(*scores(truth, verdicts(results, threshold, veto))[:2])
            if (value, -abs(threshold - 0.5), -veto) > (best[0], -abs(best[1] - 0.5), -best[2]):
                best = (value, threshold, veto)
    return best


def strict_threshold(truth: list[bool], results: list[Scored], top: float) -> float:
    """The highest threshold (up to the normal one) whose cross-validated recall reaches
    STRICT_RECALL, with every pattern standing."""
    meeting = [
        t
        for t in THRESHOLDS
        if t <= top and scores(truth, verdicts(results, t, 0.0))[1] >= STRICT_RECALL
    ]
    return max(meeting, default=THRESHOLDS[0])


def report(name: str, truth: Sequence[bool], flagged: Sequence[bool]) -> None:
    p, r, tp, fp, fn = scores(truth, flagged)
    print(f"  {name:<22} precision {p:.3f}  recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})")


def report_all(truth: list[bool], results: list[Scored], reader: model.Model) -> None:
    report("patterns", truth, [any(one.patterns) for one in results])
    report("model", truth, [max([*o.alone, *o.pairs]) >= reader.threshold for o in results])
    report("patterns + model", truth, verdicts(results, reader.threshold, 0.0))
    report("the guard (veto)", truth, verdicts(results, reader.threshold, reader.veto))
    report("strict", truth, verdicts(results, reader.strict_threshold, 0.0))


def examples_of_errors(items: list[Item], truth: list[bool], flagged: list[bool]) -> None:
    for label, wanted in (("missed", True), ("flagged, clean", False)):
        texts = [i.text for i, t, f in zip(items, truth, flagged, strict=True) if t == wanted != f]
        for text in texts[:12]:
            print(f"    {label}: {text[:140]!r}")


def training_items() -> list[Item]:
    """Every training file's items, less any whose text is also in a held-out file: two
    authors writing apart can hit on the same short sentence, and it stays held out."""
    held = {item.text for path in HELD_OUT for item in read(path)}
    items = read(OWN)
    for path in sorted(CORPUS.glob("train_*.jsonl")):
        items += read(path)
    return [item for item in items if item.text not in held]


def build(show: bool = False) -> model.Model:
    prepared = [prepare(item) for item in training_items()]
    truth = [one.item.violation for one in prepared]
    print(f"training set: {len(prepared)} texts, {sum(truth)} violations; {FOLDS}-fold CV")
    chosen: tuple[float, float, float, float, list[Scored]] | None = None
    for strength in STRENGTHS:
        results = cross_validate(prepared, strength)
        value, threshold, veto = best_settings(truth, results)
        p, r, *_ = scores(truth, verdicts(results, threshold, veto))
        print(
            f"  C={strength:<5} threshold {threshold:.2f} veto {veto:.2f}: "
            f"precision {p:.3f} recall {r:.3f}"
        )
        if chosen is None or value > chosen[0]:
            chosen = (value, strength, threshold, veto, results)
    assert chosen is not None
    _, strength, threshold, veto, results = chosen
    strict = strict_threshold(truth, results, threshold)
    fitted = fit(prepared, strength)
    reader = model.Model(fitted.weights, fitted.bias, threshold, strict, veto)
    print(f"chosen: C={strength}, threshold {threshold:.2f}, veto {veto:.2f}, strict {strict:.2f}")
    print("cross-validation, every training text scored by a model that did not see it:")
    report_all(truth, results, reader)
    if show:
        items = [one.item for one in prepared]
        examples_of_errors(items, truth, verdicts(results, threshold, veto))
    return reader


def score_held_out(reader: model.Model, paths: Sequence[Path] = ()) -> None:
    for path in paths or (*HELD_OUT, DEV):
        if not path.exists():
            print(f"{path}: not found")
            continue
        prepared = [prepare(item) for item in read(path)]
        truth = [one.item.violation for one in prepared]
        results = [scored(reader, one) for one in prepared]
        print(f"{path.name} (never trained on): {len(prepared)} texts, {sum(truth)} violations")
        report_all(truth, results, reader)
        # No examples of its errors: what is read from the held-out set is tuned to.


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--check", action="store_true", help="compare with the shipped file")
    options.add_argument("--test", action="store_true", help="score the held-out sets too")
    options.add_argument("--errors", action="store_true", help="show cross-validation errors")
    options.add_argument(
        "--score",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="only score FILE(s) with the shipped model: a fresh round, before it is trained on",
    )
    arguments = options.parse_args()
    if arguments.score:
        score_held_out(model.shipped(), arguments.score)
        return
    started = time.perf_counter()
    reader = build(arguments.errors)
    data = model.dumps(reader)
    print(
        f"{len(reader.weights)} features, {len(data) / 1024:.0f} KiB, "
        f"trained in {time.perf_counter() - started:.0f} s"
    )
    if arguments.check:
        same = OUTPUT.exists() and OUTPUT.read_bytes() == data
        print("the shipped model is what the corpus gives" if same else "the model is stale")
        raise SystemExit(0 if same else 1)
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    if arguments.test:
        score_held_out(reader)


if __name__ == "__main__":
    main()
