from rapport.core.search import fold, query_terms, search_key, trigram_query


def test_fold_ignores_case_and_accents():
    assert fold("José ÁLVAREZ") == "jose alvarez"


def test_fold_makes_runs_of_white_space_one_space():
    assert fold("  Harbor\t Policy\nInstitute ") == "harbor policy institute"


def test_fold_handles_letters_that_case_fold_to_several():
    assert fold("Straße") == "strasse"


def test_search_key_skips_empty_parts_and_keeps_the_rest_apart():
    assert (
        search_key(["Maria Okafor", "", None, "Policy analyst"]) == "maria okafor\npolicy analyst"
    )


def test_query_terms_are_folded_words():
    assert query_terms("  Policy  DC ") == ["policy", "dc"]


def test_an_empty_query_has_no_terms():
    assert query_terms("   ") == []


def test_the_trigram_query_asks_for_the_trigrams_that_cover_each_term():
    assert trigram_query(["policy", "analyst"]) == '"pol" "icy" "ana" "lys" "yst"'
    assert trigram_query(["abcd", "bcd"]) == '"abc" "bcd"'  # each trigram once


def test_the_covering_trigrams_cover_every_character_of_the_term():
    for length in range(3, 40):
        term = "".join(chr(0x4E00 + n) for n in range(length))  # each character differs
        covered = "".join(trigram_query([term]).replace('"', ""))
        assert set(covered.replace(" ", "")) == set(term)


def test_the_trigram_query_makes_operators_and_quotes_plain_text():
    query = trigram_query(['o"brien', "near", "and", "pol*", "^dc"])
    assert query == '"o""b" "rie" "ien" "nea" "ear" "and" "pol" "ol*" "^dc"'


def test_terms_too_short_for_a_trigram_are_left_to_the_substring_test():
    assert trigram_query(["dc", "a", "ana"]) == '"ana"'
    assert trigram_query(["dc"]) == ""
