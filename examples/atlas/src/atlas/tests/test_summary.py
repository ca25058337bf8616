import atlas


def test_summary():
    assert atlas.summary().startswith("3 cities")
