import re

import factory
import pytest

from tests.factories import FieldFactory, OfferingFactory, ProcedureFactory, UnitFactory

pytestmark = pytest.mark.django_db


def result_names(response) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", name).strip()
        for name in re.findall(r'<h3 class="h6 mb-1">(.*?)</h3>', response.content.decode())
    ]


@pytest.mark.parametrize("query", ["khuyen mai", "KHUYẾN MẠI", "mại khuyến", "  Khuyến   mại "])
def test_search_ignores_accents_case_and_word_order(client, promotion_procedure, query):
    ProcedureFactory(name="Cấp giấy phép xây dựng")

    response = client.get("/thu-tuc/", {"q": query})

    assert result_names(response) == ["Thông báo thực hiện khuyến mại"]


def test_search_finds_a_procedure_by_its_code(client, promotion_procedure):
    assert result_names(client.get("/thu-tuc/", {"q": "1.003021"})) == [
        "Thông báo thực hiện khuyến mại"
    ]


def test_each_result_shows_code_field_and_highest_online_level(client, promotion_procedure):
    OfferingFactory(procedure=promotion_procedure, online_level=4)

    html = client.get("/thu-tuc/", {"q": "khuyen mai"}).content.decode()

    assert "1.003021" in html
    assert "Thương mại quốc tế" in html
    assert "Toàn trình (mức độ 4)" in html


def test_filters_by_field_unit_and_online_level(client):
    trade, land = FieldFactory(name="Thương mại"), FieldFactory(name="Đất đai")
    department, district = UnitFactory(), UnitFactory()
    partial = ProcedureFactory(name="A một phần", field=trade)
    full = ProcedureFactory(name="B toàn trình", field=trade)
    other = ProcedureFactory(name="C đất đai", field=land)
    OfferingFactory(procedure=partial, unit=department, online_level=3)
    OfferingFactory(procedure=full, unit=district, online_level=4)
    OfferingFactory(procedure=other, unit=district, online_level=2)

    assert result_names(client.get("/thu-tuc/", {"field": trade.pk})) == [
        "A một phần",
        "B toàn trình",
    ]
    assert result_names(client.get("/thu-tuc/", {"unit": district.pk})) == [
        "B toàn trình",
        "C đất đai",
    ]
    assert result_names(client.get("/thu-tuc/", {"level": 3})) == ["A một phần", "B toàn trình"]
    assert result_names(client.get("/thu-tuc/", {"level": 4})) == ["B toàn trình"]
    assert result_names(
        client.get("/thu-tuc/", {"unit": district.pk, "level": 4, "field": trade.pk})
    ) == ["B toàn trình"]


def test_results_are_paginated_by_twenty(client):
    ProcedureFactory.create_batch(45, name=factory.Sequence(lambda n: f"Cấp phép số {n:03d}"))

    first = client.get("/thu-tuc/", {"q": "cap phep"})
    third = client.get("/thu-tuc/", {"q": "cap phep", "page": 3})

    assert len(result_names(first)) == 20
    assert len(result_names(third)) == 5
    assert "Tìm thấy 45 thủ tục" in first.content.decode()
    assert 'aria-current="page">1<' in first.content.decode()
    assert "q=cap+phep&amp;page=2" in first.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999999"},
        {"field": "abc"},
        {"field": "1.5"},
        {"field": "99999999999999999999999"},
        {"unit": "x"},
        {"level": "9"},
        {"level": "ba"},
        {"level": "٣"},  # an Arabic-Indic digit
    ],
)
def test_bad_parameters_never_give_an_error(client, promotion_procedure, params):
    response = client.get("/thu-tuc/", params)

    assert response.status_code == 200


def test_invalid_filter_is_ignored_with_a_message(client, promotion_procedure):
    response = client.get("/thu-tuc/", {"field": "abc", "q": "khuyen mai"})

    html = response.content.decode()
    assert "không hợp lệ nên đã được bỏ qua" in html
    assert result_names(response) == ["Thông báo thực hiện khuyến mại"]


def test_a_page_past_the_end_shows_the_last_page(client, promotion_procedure):
    response = client.get("/thu-tuc/", {"page": "99999999999999999999999"})

    assert result_names(response) == ["Thông báo thực hiện khuyến mại"]


@pytest.mark.parametrize(
    "query",
    [
        "khuyến mại 🎉",
        "🎉🎉🎉",
        "x" * 2000,
        "khuyen " * 300,
        "%",
        "_",
        "100%_",
        "'",
        '"',
        "\\",
        ".*",
        "[",
        "'; DROP TABLE catalog_procedure; --",
        "khuyen\x00mai",
        "\x00",
        "(?P<x>",
        "\u0301\u0300",  # lone combining accents
    ],
)
def test_search_robustness(client, promotion_procedure, query):
    response = client.get("/thu-tuc/", {"q": query})

    assert response.status_code == 200


def test_underscore_is_not_a_wildcard(client, promotion_procedure):
    """'_' is a word character kept in the search key; SQL LIKE must not read it as 'any'."""
    assert result_names(client.get("/thu-tuc/", {"q": "khuyen_mai"})) == []


def test_punctuation_between_words_separates_them(client, promotion_procedure):
    assert result_names(client.get("/thu-tuc/", {"q": "khuyến%mại.*["})) == [
        "Thông báo thực hiện khuyến mại"
    ]


def test_search_page_needs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    units = UnitFactory.create_batch(3)
    for procedure in ProcedureFactory.create_batch(30):
        OfferingFactory(procedure=procedure, unit=units[0], online_level=4)

    with django_assert_max_num_queries(18):  # the first visit also fills the filter lists' cache
        client.get("/thu-tuc/", {"level": 3, "unit": units[0].pk})
    with django_assert_max_num_queries(6):  # the units of the page's results: one query
        response = client.get("/thu-tuc/", {"level": 3, "unit": units[0].pk})

    assert len(result_names(response)) == 20


def test_results_rank_by_relevance_and_show_their_units(client):
    sales = ProcedureFactory(name="Khai thuế giá trị gia tăng phát sinh")
    birth = ProcedureFactory(name="Thủ tục đăng ký khai sinh")
    communes = [UnitFactory(name=f"UBND xã {n}", sort_order=n) for n in range(1, 6)]
    for unit in communes:
        OfferingFactory(procedure=birth, unit=unit, online_level=4)
    OfferingFactory(procedure=sales, unit=UnitFactory(name="Chi cục Thuế"), online_level=3)

    response = client.get("/thu-tuc/", {"q": "khai sinh"})

    assert result_names(response) == [birth.name, sales.name]
    page = response.content.decode()
    assert "UBND xã 1; UBND xã 2; UBND xã 3 và 2 đơn vị khác" in page
    assert "Chi cục Thuế" in page
