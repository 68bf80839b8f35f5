from datetime import date

import pytest

from territoires import dates


def test_partial_dates():
    assert dates.partial_date("2021-04-30") == (date(2021, 4, 30), "day")
    assert dates.partial_date("2021-03") == (date(2021, 3, 15), "month")
    assert dates.partial_date("2025") == (date(2025, 7, 1), "year")
    assert dates.decimal_year("2021-01-01") == 2021.0
    with pytest.raises(ValueError):
        dates.partial_date("2021-01-01-01")


def test_decimal_year():
    assert dates.decimal_year("2021-01-01") == 2021.0
    assert 2019.49 < dates.decimal_year("2019") < 2019.51
    assert 2018.8 < dates.decimal_year("2018-11-22") < 2018.95
    with pytest.raises(ValueError):
        dates.decimal_year("2019-01-01-01")
