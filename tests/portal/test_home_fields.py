import pytest

from tests.factories import FieldFactory, ProcedureFactory


@pytest.mark.django_db
def test_home_lists_the_busiest_fields_and_links_to_all(client):
    busy = FieldFactory(name="Đất đai")
    ProcedureFactory.create_batch(3, field=busy)
    quiet_fields = [FieldFactory(name=f"Lĩnh vực ít {i:02d}") for i in range(30)]
    for field in quiet_fields:
        ProcedureFactory(field=field)

    html = client.get("/").content.decode()

    assert "Đất đai" in html
    assert sum(field.name in html for field in quiet_fields) == 23
    assert "Xem tất cả lĩnh vực" in html


@pytest.mark.django_db
def test_browsers_asking_for_favicon_ico_get_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("motcua/favicon.svg")


@pytest.mark.django_db
def test_home_fields_are_in_vietnamese_alphabetical_order(client):
    for name in ["Chăn nuôi", "Cấp, quản lý căn cước", "Bảo hiểm"]:
        ProcedureFactory(field=FieldFactory(name=name))
    html = client.get("/").content.decode()
    positions = [html.index(name) for name in ["Bảo hiểm", "Cấp, quản lý căn cước", "Chăn nuôi"]]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_procedure_page_shows_each_channels_description(client):
    from tests.factories import ProcedureChannelFactory

    channel = ProcedureChannelFactory(note="Nộp qua Cổng dịch vụ công; nhận kết quả qua bưu điện.")
    html = client.get(f"/thu-tuc/{channel.procedure.code}/").content.decode()
    assert "Nộp qua Cổng dịch vụ công; nhận kết quả qua bưu điện." in html
