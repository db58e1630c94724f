from rapport.core.matching import Matcher, Person, url_key


def test_profile_urls_match_whatever_their_spelling():
    assert url_key("https://www.linkedin.com/in/Maria-Okafor/") == "linkedin.com/in/maria-okafor"
    assert url_key("linkedin.com/in/j%C3%BCrgen") == url_key("http://www.linkedin.com/in/jürgen")
    assert url_key("  ") == ""


def known() -> Matcher:
    return Matcher(
        [
            Person(1, "María Okafor", "Harbor Policy Institute", ("maria@example.org",)),
            Person(2, "Joe Serra", "", (), "https://linkedin.com/in/joeserra"),
            Person(3, "Sam Whitaker", "Office of State Senator R. Alvarez"),
        ]
    )


def test_the_profile_url_wins_over_a_different_name():
    assert (
        known().find(Person("x", "Joseph Serra", profile_url="www.linkedin.com/in/joeserra/")) == 2
    )


def test_an_email_matches_in_any_case():
    assert known().find(Person("x", "M. Okafor", "", ("MARIA@example.org",))) == 1


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
