"""The guard's precision and recall on labelled sentences, and its speed.

    python bench/guard.py [FILE.jsonl ...]

Reads lines {"id", "text", "violation"}: by default the held-out split of the guard's corpus
(rapport/data/guard/test.jsonl, never trained on), the dev corpus beside the checkout
(../shared/corpus/guard_dev.jsonl) and the project's own set (tests/data/guard_own.jsonl).
Where the rows name their channel, the guard's figures are printed for each channel too.
Prints figures only, never the texts it gets wrong (what is read from a held-out set is
tuned to).
A text counts as flagged when any finding is an error. A plain keyword match is measured
alongside as the baseline. Throughput is measured on sentences and on whole e-mails.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from importlib.resources import files  # noqa: E402

from rapport.core.guard import check, has_error, model  # noqa: E402

DEFAULT = [
    *sorted((ROOT / "rapport" / "data" / "guard").glob("test*.jsonl")),
    ROOT.parent / "shared" / "corpus" / "guard_dev.jsonl",
    ROOT / "tests" / "data" / "guard_own.jsonl",
]
KEYWORDS = re.compile(
    r"\b(?:job|jobs|hiring|hire|position|positions|opening|openings|internship|internships|"
    r"resume|cv|refer|referral|recruiter|interview|vacancy|vacancies|apply|application)\b",
    re.IGNORECASE,
)
EMAIL = """Subject: Joe Serra suggested I reach out

Dear Ms. Okafor,

Joe Serra suggested I contact you. I'm Dana Brown, a junior at UMass Amherst majoring in
History, and I'm exploring careers in public policy. I'd be grateful to hear about your
experience as a policy analyst. Would you have 15 minutes at your convenience?

Best,
Dana Brown"""


def scores(rows: list[dict[str, object]], flag: object) -> tuple[float, float, int, int, int]:
    tp = sum(1 for r in rows if r["violation"] and flag(r["text"]))  # type: ignore[operator]
    fp = sum(1 for r in rows if not r["violation"] and flag(r["text"]))  # type: ignore[operator]
    fn = sum(1 for r in rows if r["violation"] and not flag(r["text"]))  # type: ignore[operator]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def throughput(texts: list[str], kind: str, seconds: float = 1.0) -> float:
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for text in texts:
            check(text, kind)
        done += len(texts)
    return done / (time.perf_counter() - started)


def main() -> None:
    paths = [Path(arg) for arg in sys.argv[1:]] or [p for p in DEFAULT if p.exists()]
    for path in paths:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        print(
            f"{path.name}: {len(rows)} texts, {sum(bool(r['violation']) for r in rows)} violations"
        )
        for name, flag in [("guard", lambda t: has_error(check(t))), ("keywords", KEYWORDS.search)]:
            p, r, tp, fp, fn = scores(rows, flag)
            print(f"  {name:<9} precision {p:.3f}  recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})")
        if any("channel" in row for row in rows):
            print("  the guard by channel (precision / recall, texts):")
            for channel in sorted({str(row.get("channel", "any")) for row in rows}):
                part = [row for row in rows if row.get("channel", "any") == channel]
                p, r, *_ = scores(part, lambda t: has_error(check(t)))
                print(f"    {channel:<17} {p:.3f} / {r:.3f}  ({len(part)})")
        caught = Counter(
            f.rule
            for row in rows
            if row["violation"]
            for f in check(str(row["text"]))
            if f.severity == "error"
        )
        print("  errors by rule on the violations:", dict(sorted(caught.items())))
    sentences = [json.loads(line)["text"] for line in DEFAULT[-1].read_text().splitlines()]
    per_sentence = throughput(sentences, "text")
    per_email = throughput([EMAIL], "email")
    data = files("rapport").joinpath(model.MODEL_FILE).read_bytes()
    loads = []
    for _ in range(5):
        started = time.perf_counter()
        model.loads(data)
        loads.append(time.perf_counter() - started)
    print(f"model: {len(data) / 1024:.0f} KiB, read in {1000 * min(loads):.0f} ms (best of 5)")
    print(
        f"throughput: {per_sentence:,.0f} sentences/s ({1000 / per_sentence:.3f} ms each); "
        f"{per_email:,.0f} e-mails/s ({1000 / per_email:.2f} ms each, all e-mail rules)"
    )


if __name__ == "__main__":
    main()
