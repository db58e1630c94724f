from rapport.core.search import fold, query_terms, search_key


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
