"""Who to ask next, warm paths and charts: pure functions, checked on small hand-made networks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport.core import ranking
from rapport.core.charts import bars, line
from rapport.core.paths import YOU, Link, warm_paths
from rapport.core.ranking import Candidate, History, rank

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def test_a_permitted_referral_in_the_users_field_ranks_first_and_says_why():
    ranked = rank(
        [
            Candidate(1, "Cold", field="retail"),
            Candidate(2, "Club", field="retail", commonalities=(("club", "Debate", 2),)),
            Candidate(
                3,
                "Maria",
                field="public policy",
                referrer="Joe",
                permission="yes",
                commonalities=(("school", "UMass", 4),),
            ),
        ],
        ["public policy"],
        History(),
        NOW,
    )
    assert [r.candidate.name for r in ranked] == ["Maria", "Club", "Cold"]
    assert ranked[0].reasons == (
        "referred by Joe with permission",
        "shared school (UMass), strength 4",
        "field matches your interests (public policy)",
    )


def test_a_referral_without_permission_counts_less_than_one_with_it():
    allowed = Candidate(1, "A", referrer="Joe", permission="yes")
    refused = Candidate(2, "B", referrer="Joe", permission="no")
    assert [r.candidate.name for r in rank([refused, allowed], [], History(), NOW)] == ["A", "B"]


def test_never_two_open_asks_at_one_organization():
    ranked = rank(
        [
            Candidate(
                1,
                "Strong",
                "Harbor",
                referrer="Joe",
                permission="yes",
                ask_open_at_organization=True,
            ),
            Candidate(2, "Weak", "Elsewhere"),
        ],
        [],
        History(),
        NOW,
    )
    assert [r.candidate.name for r in ranked] == ["Weak", "Strong"]
    assert ranked[1].waiting == "an ask is already open at Harbor"


def test_the_users_own_reply_rates_adjust_a_kinds_weight_once_there_are_enough_asks():
    school = Candidate(1, "School", commonalities=(("school", "UMass", 3),))
    club = Candidate(2, "Club", commonalities=(("club", "Debate", 3),))
    before = rank([club, school], [], History(), NOW)
    assert before[0].score == before[1].score  # the method weighs a school and a club alike
    learned = History({"school": (10, 0), "club": (10, 9)})
    ranked = rank([school, club], [], learned, NOW)
    assert ranked[0].candidate.name == "Club"
    assert "your reply rate for shared club: 9 of 10" in ranked[0].reasons
    assert History({"club": (2, 2)}).weight("club")[1] == ""  # too few to read


def test_recent_contact_and_organization_motivation_count():
    warm = Candidate(1, "Warm", "Harbor", last_touch=NOW - timedelta(days=10), motivation=5)
    cold = Candidate(2, "Cold", "Harbor")
    ranked = rank([cold, warm], [], History(), NOW)
    assert ranked[0].candidate.name == "Warm"
    assert (
        "you rated Harbor 5 of 5" in ranked[0].reasons and "in touch recently" in ranked[0].reasons
    )


def test_warm_paths_are_shortest_and_strongest_first_on_a_hand_checked_graph():
    links = [
        Link(YOU, "joe", 1.0, "you talked with Joe"),
        Link(YOU, "aunt", 1.5, "your aunt"),
        Link("joe", "maria", 1.0, "Joe referred Maria"),
        Link("aunt", "rosa", 1.0, "neighbours"),
        Link("rosa", "maria", 2.0, "colleagues"),
        Link("maria", "sam", 2.0, "colleagues"),
    ]
    found = warm_paths(links, {"maria", "sam"})
    assert [p.steps for p in found][:3] == [
        (YOU, "joe", "maria"),
        (YOU, "joe", "maria", "sam"),
        (YOU, "aunt", "rosa", "maria"),
    ]
    assert found[0].links == ("you talked with Joe", "Joe referred Maria")
    assert warm_paths(links, {"nobody"}) == []


def test_charts_write_every_number_and_escape_labels():
    svg = bars([("<Met>", 3), ("Asked", 10)], "Funnel")
    assert (
        "&lt;Met&gt;" in svg and ">3<" in svg and ">10<" in svg and "<title>Funnel</title>" in svg
    )
    growth = line([("2026-01", 2), ("2026-02", 5), ("2026-03", 9)], "Growth")
    assert ">9<" in growth and "2026-01" in growth


def test_the_first_ones_are_settled_only_when_nobody_left_out_could_reach_or_tie_them():
    def ranked(*scores: float, waiting: str = "") -> list[ranking.Ranked]:
        return [
            ranking.Ranked(ranking.Candidate(n, f"C{n}"), s, (), waiting)
            for n, s in enumerate(scores)
        ]

    assert ranking.settled(ranked(40, 30, 20), 2, 29.9)
    # Someone left out with 30 points could come before C1 by name.
    assert not ranking.settled(ranked(40, 30, 20), 2, 30)
    assert not ranking.settled(ranked(40), 2, 0)
    # Anyone left out who has no open ask comes before the waiting.
    assert not ranking.settled(ranked(40, 30, waiting="an ask is open"), 2, 0)
