import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.core.matching import Matcher, Person, any_url_key, differ, email_key, url_key
from rapport.core.search import fold


def test_profile_urls_match_whatever_their_spelling():
    assert url_key("https://www.linkedin.com/in/Maria-Okafor/") == "linkedin.com/in/maria-okafor"
    assert url_key("linkedin.com/in/j%C3%BCrgen") == url_key("http://www.linkedin.com/in/jürgen")
    assert url_key("  ") == ""
    profile = "linkedin.com/in/jana-novak-3a1b2c"
    assert url_key("https://de.linkedin.com/in/jana-novak-3a1b2c/") == profile
    assert url_key("https://www.linkedin.com/in/jana-novak-3a1b2c/details/experience/") == profile


@given(st.text())
def test_any_text_has_a_key_and_never_raises(text):
    # What a page or a form offers as a profile address may be no link at all ("[x").
    assert isinstance(any_url_key(text), str) and isinstance(url_key(text), str)
    assert url_key("[x") == "[x"


@given(
    st.sampled_from(["https://www.linkedin.com/in/", "HTTPS://WWW.LinkedIn.com/IN/"]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30),
    st.sampled_from(["", "/", "/details/experience/"]),
)
def test_the_quick_way_to_key_an_exported_profile_is_the_general_way(prefix, name, tail):
    # LinkedIn writes every profile link the same way; url_key reads those without urlsplit,
    # and must key them as any_url_key does (the same person, however the link was read).
    url = f"{prefix}{name}{tail}"
    assert url_key(url) == any_url_key(url)


def known() -> Matcher:
    return Matcher(
        [
            Person(1, "María Okafor", "Harbor Policy Institute", ("maria@example.org",)),
            Person(2, "Joe Serra", "", (), "https://linkedin.com/in/joeserra"),
            Person(3, "Sam Whitaker", "Office of State Senator R. Alvarez"),
        ]
    )


LINK_PIECES = st.sampled_from(
    [
        "https://",
        "HTTP://",
        "http:/",
        "www.",
        "WWW.",
        "linkedin.com",
        "/in/",
        "ann-lee",
        "Zoë",
        "/",
        "//",
        "?x=1",
        "#top",
        "%C3%AB",
        ":443",
        "@",
        "[::1]",
        " ",
        "\t",
        "\n",
        "\x01",
        "\\",
    ]
)


@given(st.lists(LINK_PIECES, max_size=8).map("".join))
def test_the_quick_reading_of_a_plain_link_is_what_urlsplit_reads(link):
    assert url_key(link) == any_url_key(link)


@pytest.mark.parametrize(
    "link",
    [
        "https://www.example.org/a?x=1",
        "https://www.example.org/a#top",
        "https://www.example.org/j%C3%BCrgen",
        "https://[www.example.org/a",
        "https://www.example.org]/a",
        "https://www.example.org/a\tb",
        "https://www.example.org/a\r\nb",
    ],
)
def test_a_link_with_what_the_quick_reading_cannot_read_is_read_by_urlsplit(link):
    assert url_key(link) == any_url_key(link)


def test_the_profile_url_wins_over_a_different_name():
    assert (
        known().find(Person("x", "Joseph Serra", profile_url="www.linkedin.com/in/joeserra/")) == 2
    )


def test_an_email_matches_in_any_case():
    assert known().find(Person("x", "M. Okafor", "", ("MARIA@example.org",))) == 1


def test_an_address_is_not_taken_for_one_person_under_names_with_no_word_in_common():
    matcher = Matcher([Person(1, "Sam Whitaker", "", ("sam@example.org",), "linkedin.com/in/s")])
    newcomer = Person("x", "Mo Okafor", "Somewhere, Inc.", ("SAM@example.org",))
    assert matcher.find(newcomer) is None and matcher.sharing_address(newcomer) == 1
    # A nickname, or a name changed by marriage, keeps a word; another profile does not.
    assert matcher.find(Person("x", "Samuel Whitaker", "", ("sam@example.org",))) == 1
    assert matcher.find(Person("x", "Sam Lee", "", ("sam@example.org",))) == 1
    assert (
        matcher.find(Person("x", "Sam Whitaker", "", ("sam@example.org",), "linkedin.com/in/t"))
        is None
    )


def test_the_same_name_at_the_same_or_an_unknown_organization_matches():
    matcher = known()
    assert matcher.find(Person("x", "maria okafor", "harbor policy institute")) == 1
    assert matcher.find(Person("x", "Joe Serra", "Planning Council")) == 2
    assert matcher.find(Person("x", "Maria Okafor", "Civic Data Lab")) is None


def test_a_close_name_at_the_same_organization_matches():
    matcher = known()
    assert matcher.find(Person("x", "Sam Whittaker", "Office of State Senator R. Alvarez")) == 3
    assert matcher.find(Person("x", "Sam Whittaker", "Another Office")) is None
    assert matcher.find(Person("x", "Pam Walker", "Office of State Senator R. Alvarez")) is None


def test_newcomers_are_learned_so_a_file_matches_itself():
    matcher = Matcher()
    assert matcher.find(Person("a", "Grace Liu", "The Valley Ledger")) is None
    matcher.learn(Person("a", "Grace Liu", "The Valley Ledger"))
    assert matcher.find(Person("b", "Grace  LIU", "The Valley Ledger")) == "a"


def test_two_people_who_share_a_name_but_not_a_profile_stay_two():
    matcher = Matcher([Person(1, "Ana Abbott", "Harbor Group", (), "linkedin.com/in/ana-abbott-1")])
    assert (
        matcher.find(Person("x", "Ana Abbott", "Harbor Group", (), "linkedin.com/in/ana-2")) is None
    )
    assert (
        matcher.find(Person("x", "Ana Abbot", "Harbor Group", (), "linkedin.com/in/ana-2")) is None
    )
    assert matcher.find(Person("x", "Ana Abbott", "Harbor Group")) == 1


def test_two_people_who_share_a_name_but_not_an_email_stay_two():
    matcher = Matcher([Person(1, "Joe Serra", "", ("joe@work.example",))])
    assert matcher.find(Person("x", "Joe Serra", "", ("joseph@home.example",))) is None


def brute_force(known: list[Person], newcomer: Person) -> object | None:
    """The method, read literally: every known person in turn, by URL, e-mail, then name."""
    for person in known:
        if url_key(newcomer.profile_url) and url_key(person.profile_url) == url_key(
            newcomer.profile_url
        ):
            return person.key
    name, organization = fold(newcomer.name), fold(newcomer.organization)
    for address in [email_key(e) for e in newcomer.emails if email_key(e)]:
        for person in known:
            if address not in {email_key(e) for e in person.emails}:
                continue
            words, theirs = set(name.split()), set(fold(person.name).split())
            urls = url_key(newcomer.profile_url), url_key(person.profile_url)
            names_agree = bool(words & theirs) or not words or not theirs
            if names_agree and not (all(urls) and urls[0] != urls[1]):
                return person.key
    for person in known:
        place = fold(person.organization)
        same_place = place == organization or not place
        namesake = fold(person.name) == name and (same_place or not organization)
        if namesake and not differ(newcomer.identity, person.identity):
            return person.key
    return None


PEOPLE = st.builds(
    Person,
    key=st.uuids(),
    name=st.sampled_from(["John Smith", "Ann Lee", "Ann Smith"]),
    organization=st.sampled_from(["", "Civic Data Lab", "Harbor Policy"]),
    emails=st.lists(st.sampled_from(["a@x.org", "b@x.org", "c@x.org"]), max_size=2).map(tuple),
    profile_url=st.sampled_from(["", "linkedin.com/in/a", "linkedin.com/in/b"]),
)


@given(st.lists(PEOPLE, max_size=12), PEOPLE)
def test_the_indexed_matcher_finds_whom_the_method_read_literally_finds(known, newcomer):
    # Fuzzy names are a separate step (close_name_at); these names are far apart.
    assert Matcher(known).find(newcomer) == brute_force(known, newcomer)


def test_twenty_thousand_namesakes_are_matched_without_scanning_each_other():
    known = [Person(n, "John Smith", f"Org {n}", (f"j{n}@x.org",)) for n in range(20_000)]
    matcher = Matcher(known)
    newcomer = Person("new", "John Smith", "Org 19999", ("other@x.org",))
    assert matcher.find(newcomer) is None  # same name and place, but another e-mail: two people
    assert matcher.find(Person("new", "John Smith", "Org 19999")) == 19_999
    assert matcher.find(Person("new", "John Smith")) == 0
