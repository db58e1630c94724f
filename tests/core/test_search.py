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


def test_the_trigram_query_quotes_every_term_as_a_phrase():
    assert trigram_query(["policy", "analyst"]) == '"policy" "analyst"'


def test_the_trigram_query_makes_operators_and_quotes_plain_text():
    query = trigram_query(['o"brien', "near", "and", "pol*", "^dc"])
    assert query == '"o""brien" "near" "and" "pol*" "^dc"'


def test_terms_too_short_for_a_trigram_are_left_to_the_substring_test():
    assert trigram_query(["dc", "a", "ana"]) == '"ana"'
    assert trigram_query(["dc"]) == ""
