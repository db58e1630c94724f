"""The guard's learned model: which sentences ask for a job or offer a resume, however worded.

A linear model over the words, word pairs and letter groups of a sentence (letters in groups
of three to five within each word, so that a misspelt "intership" still reads as one). It is
trained by ``bench/guard_model.py`` on the corpus in ``rapport/data/guard/`` and shipped as
one small file: for every feature the training kept, one weight per label. Reading a sentence
here needs nothing but the standard library: the features are looked up, their weights added
and the label with the highest score wins.

The patterns in ``content`` still explain most findings (their span, message and suggested
rewrite); the model catches what no pattern names.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

LABELS = ("clean", "job-ask", "resume-offer")
MODEL_FILE = "data/guard/model.json.gz"

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?$]")
DIGITS = re.compile(r"[0-9]")
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
SHORTEST, LONGEST = 3, 5


def features(text: str) -> set[str]:
    """The features of ``text``: its words, word pairs and letter groups, lower case.

    Training and reading share this one function, so that both see the same features.
    """
    plain = DIGITS.sub("0", text.lower().translate(QUOTES))
    tokens = TOKEN.findall(plain)
    found = {f"w {token}" for token in tokens}
    found.update(
        f"b {first} {second}" for first, second in zip(["^", *tokens], tokens, strict=False)
    )
    for token in tokens:
        padded = f" {token} "
        for size in range(SHORTEST, min(LONGEST, len(padded)) + 1):
            found.update(f"c{padded[i : i + size]}" for i in range(len(padded) - size + 1))
    return found


@dataclass(frozen=True)
class Model:
    """Weights per feature (one per label), a bias per label, and the thresholds chosen on
    cross-validation: ``threshold`` flags a sentence, ``strict_threshold`` does in strict
    mode, and a pattern's ask stands unless the sentence's risk is under ``veto``."""

    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    threshold: float
    strict_threshold: float
    veto: float = 0.0

    def probabilities(self, found: set[str]) -> tuple[float, ...]:
        """The probability of each label in LABELS for a text with features ``found``."""
        known = [self.weights[feature] for feature in found if feature in self.weights]
        scale = 1 / math.sqrt(len(known)) if known else 0.0
        scores = [
            bias + scale * sum(weights[label] for weights in known)
            for label, bias in enumerate(self.bias)
        ]
        top = max(scores)
        exponents = [math.exp(score - top) for score in scores]
        total = sum(exponents)
        return tuple(value / total for value in exponents)

    def verdict(self, text: str, strict: bool = False) -> tuple[str, float]:
        """The label ``text`` reads as, and the probability that it is not clean.

        A text is flagged when that probability reaches the threshold (lower when strict);
        the label is then the more likely of the two kinds of violation.
        """
        return self.verdict_of(features(text), strict)

    def verdict_of(self, found: set[str], strict: bool = False) -> tuple[str, float]:
        _, job, resume = self.probabilities(found)
        risk = job + resume
        if risk < (self.strict_threshold if strict else self.threshold):
            return "clean", risk
        return ("job-ask" if job >= resume else "resume-offer"), risk


def dumps(model: Model) -> bytes:
    """The model as the bytes of its file: the same model always gives the same bytes."""
    document = {
        "labels": list(LABELS),
        "bias": list(model.bias),
        "threshold": model.threshold,
        "strict_threshold": model.strict_threshold,
        "veto": model.veto,
        "weights": {feature: list(model.weights[feature]) for feature in sorted(model.weights)},
    }
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def loads(data: bytes) -> Model:
    document = json.loads(gzip.decompress(data))
    if tuple(document["labels"]) != LABELS:
        raise ValueError(f"the model's labels are {document['labels']}, not {list(LABELS)}")
    return Model(
        weights={feature: tuple(weights) for feature, weights in document["weights"].items()},
        bias=tuple(document["bias"]),
        threshold=document["threshold"],
        strict_threshold=document["strict_threshold"],
        veto=document["veto"],
    )


@cache
def shipped() -> Model:
    """The model in the package, read once per process."""
    return loads(files("rapport").joinpath(MODEL_FILE).read_bytes())
