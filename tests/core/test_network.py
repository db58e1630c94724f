from rapport.core.network import CommonalityKind, Permission, Source, TouchKind, Year, parse_tags


def test_sources_cover_the_seeds_ways_of_finding_people():
    values = {source.value for source in Source}
    assert {"relative", "friend", "professor", "alumni", "club", "linkedin", "referral"} <= values


def test_choices_pair_each_value_with_its_label():
    assert ("mutual_person", "Mutual person") in CommonalityKind.choices()
    assert Permission.YES.label.startswith("Yes")
    assert TouchKind("thank_you") is TouchKind.THANK_YOU


def test_year_labels_read_well_in_a_sentence():
    assert f"a {Year.JUNIOR.label} majoring in History" == "a junior majoring in History"


def test_parse_tags_trims_and_drops_empty_and_repeated_tags():
    assert parse_tags(" policy, DC ,, Policy,  data  science ") == ["policy", "DC", "data science"]


def test_parse_tags_of_nothing_is_empty():
    assert parse_tags("") == []
