"""The guard's learned model: shipped, read with the standard library, rebuilt the same way
from the same corpus, and joined to the patterns as the docs say."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from rapport.core.guard import Context, check, content, has_error, model

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import guard_model  # noqa: E402  (bench/guard_model.py, the training command)


def errors(text: str, kind: str = "text", strict: bool = False) -> list:
    found = check(text, kind, Context(strict=strict))
    return [finding for finding in found if finding.severity == "error"]


def test_the_shipped_model_is_read_from_the_package():
    reader = model.shipped()
    assert len(reader.weights) > 5_000
    assert 0 < reader.strict_threshold <= reader.threshold < 1
    assert 0 <= reader.veto < reader.threshold
    assert model.loads(model.dumps(reader)) == reader


def test_a_model_with_other_labels_is_refused():
    document = json.loads(gzip.decompress(model.dumps(model.shipped())))
    document["labels"] = ["clean", "job-ask"]
    data = gzip.compress(json.dumps(document).encode())
    with pytest.raises(ValueError, match="labels"):
        model.loads(data)


def test_features_read_a_misspelling_as_close_to_the_word():
    right, wrong = model.features("internship"), model.features("intership")
    letters = {f for f in right if f.startswith("c")}
    assert len(letters & wrong) >= len(letters) // 3
    assert model.features("Dana’s CV, 2026") == model.features("dana's cv, 0000")


@pytest.mark.parametrize(
    "text",
    [
        "any chance ur team needs someone like me this summer lol",
        "Should your crew ever be a hand short on a weekend, I'd jump at the chance to help.",
    ],
)
def test_the_model_catches_asks_no_pattern_names(text):
    pieces = content.sentences(text)
    by_patterns = [
        f for p in pieces for f in content.sentence_findings(p, Context()) if f.rule in content.ASKS
    ]
    assert by_patterns == []  # the patterns alone let it through
    found = errors(text)
    assert [f.rule for f in found] == ["job-ask"]
    assert found[0].message == content.MESSAGES["model-job-ask"]
    assert not has_error(check(found[0].suggestion))  # the rewrite it offers passes


def test_every_suggested_rewrite_passes_the_guard():
    for kind, suggestion in content.SUGGESTIONS.items():
        if suggestion:
            assert not has_error(check(suggestion)), (kind, suggestion)


def test_a_scheduling_sentence_is_not_read_as_work():
    assert errors("Would a call on Tuesday work for you?") == []
    assert errors("Does 3 pm work for your schedule?") == []


def test_an_ask_split_over_two_sentences_is_found_across_both():
    text = "Dear Ms. Lee, thank you again. I applied for the analyst role. Could you put in a word?"
    found = errors(text)
    assert found, text
    assert any(text[f.start : f.end].endswith("put in a word?") for f in found)


def test_strict_mode_flags_more():
    reader = model.shipped()
    # The boundary between one's own documents and offering them: where strictness shows.
    path = ROOT / "rapport/data/guard/train_round7_documents.jsonl"
    texts = [json.loads(line)["text"] for line in path.open()]
    normal = sum(bool(errors(text)) for text in texts)
    strict = sum(bool(errors(text, strict=True)) for text in texts)
    assert reader.strict_threshold < reader.threshold
    assert strict > normal


def test_the_guard_scores_its_training_set_as_labelled():
    """Not an estimate of quality (docs/performance.md has the held-out figures), but a model
    file that was not trained on this corpus, or a broken join with the patterns, fails."""
    items = guard_model.training_items()
    truth = [item.violation for item in items]
    flagged = [has_error(check(item.text)) for item in items]
    precision, recall, *_ = guard_model.scores(truth, flagged)
    assert precision >= 0.97 and recall >= 0.97, (precision, recall)


def test_the_same_corpus_gives_the_same_model_file():
    items = guard_model.read(ROOT / "tests/data/guard_own.jsonl")
    items += guard_model.read(ROOT / "rapport/data/guard/train_resumes.jsonl")[:120]
    prepared = [guard_model.prepare(item) for item in items]
    first = model.dumps(guard_model.fit(prepared, 10.0))
    again = model.dumps(guard_model.fit(prepared, 10.0))
    assert first == again


def test_the_held_out_split_is_never_read_for_training():
    ids = {item.id for item in guard_model.training_items()}
    texts = {item.text for item in guard_model.training_items()}
    held = set()
    for path in guard_model.HELD_OUT:
        rows = [json.loads(line) for line in path.open()]
        held |= {row["id"] for row in rows}
        assert not texts & {row["text"] for row in rows}, path.name
    assert len(held) >= 500 and not ids & held
    assert len(ids) + len(held) >= 2_000
