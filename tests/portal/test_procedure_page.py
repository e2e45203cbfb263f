import pytest

from tests.factories import OfferingFactory, ProcedureFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_procedure_page_shows_what_a_citizen_needs_before_applying(client, promotion_procedure):
    html = client.get("/thu-tuc/1.003021/").content.decode()

    assert "<h1" in html and "Thông báo thực hiện khuyến mại" in html
    assert "Mẫu hàng hóa khuyến mại" in html and "Mẫu số 01" in html
    assert "1.500.000 đ" in html  # direct channel fee
    assert "Chưa có thông tin" in html  # online channel fee unknown
    assert "3 ngày làm việc" in html
    assert "Sở Công Thương" in html and "Một phần (mức độ 3)" in html
    assert "Nghị định 81/2018/NĐ-CP" in html
    assert "Bước 2: Nhận kết quả." in html
    assert "Văn bản xác nhận" in html and "Thương nhân" in html


def test_online_procedure_has_a_prominent_apply_button(client, promotion_procedure):
    html = client.get("/thu-tuc/1.003021/").content.decode()

    assert 'href="/nop-ho-so/1.003021/"' in html
    assert "Nộp hồ sơ trực tuyến" in html


@pytest.mark.parametrize("level", [1, 2])
def test_procedure_not_offered_online_explains_how_to_apply_in_person(client, level):
    procedure = ProcedureFactory(receiving_address="Số 1 Trần Phú, Nha Trang")
    OfferingFactory(procedure=procedure, unit=UnitFactory(), online_level=level)

    html = client.get(f"/thu-tuc/{procedure.code}/").content.decode()

    assert "/nop-ho-so/" not in html
    assert "nộp trực tiếp tại Bộ phận một cửa" in html
    assert "Số 1 Trần Phú, Nha Trang" in html


def test_unknown_procedure_code_gives_a_vietnamese_404_page(client):
    response = client.get("/thu-tuc/khong-co/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_procedure_text_is_escaped(client):
    procedure = ProcedureFactory(name="<script>alert(1)</script> Cấp phép")

    html = client.get(f"/thu-tuc/{procedure.code}/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_procedure_page_needs_a_fixed_number_of_queries(
    client, promotion_procedure, django_assert_max_num_queries
):
    for _ in range(10):
        OfferingFactory(procedure=promotion_procedure, online_level=4)

    with django_assert_max_num_queries(6):
        assert client.get("/thu-tuc/1.003021/").status_code == 200


@pytest.mark.parametrize("code", ["%00", "1.0%0030", "x" * 500, "%27%22%5C", "%F0%9F%8E%89"])
def test_odd_procedure_codes_are_a_404_not_an_error(client, code):
    assert client.get(f"/thu-tuc/{code}/").status_code == 404
