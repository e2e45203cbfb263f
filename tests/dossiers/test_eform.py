import pytest

from motcua.catalog.eform import (
    ProcedureAdminForm,
    SchemaFormField,
    build_form,
    display_values,
    schema_errors,
)
from tests.factories import UnitFactory

SCHEMA = [
    {"name": "ho_ten_cha", "label": "Họ tên cha", "type": "text", "required": True,
     "validation": {"max_length": 20, "pattern": "[^0-9]+"}},
    {"name": "so_con", "label": "Số con", "type": "number", "validation": {"min": 1, "max": 10}},
    {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": True},
    {"name": "loai", "label": "Loại", "type": "choice", "choices": ["Cấp mới", "Cấp lại"]},
    {"name": "noi_cap", "label": "Nơi cấp", "type": "unit"},
    {"name": "dong_y", "label": "Tôi cam đoan", "type": "checkbox", "required": True},
    {"name": "ghi_chu", "label": "Ghi chú", "type": "textarea", "help": "Không bắt buộc"},
]  # fmt: skip


def test_a_good_schema_has_no_errors():
    assert schema_errors(SCHEMA) == []


@pytest.mark.parametrize(
    ("schema", "problem"),
    [
        ({"name": "x"}, "danh sách"),
        (["x"], "Trường thứ 1: phải là một đối tượng"),
        ([{"name": "Họ Tên", "label": "a"}], "chữ thường không dấu"),
        (
            [{"name": "a", "label": "A"}, {"name": "a", "label": "B"}],
            "Trường thứ 2: tên “a” bị trùng",
        ),
        ([{"name": "a"}], "thiếu nhãn"),
        ([{"name": "a", "label": "A", "type": "file"}], "loại “file” không hỗ trợ"),
        ([{"name": "a", "label": "A", "type": "choice"}], "choices"),
        ([{"name": "a", "label": "A", "validation": {"min": 1}}], "“min” không dùng được"),
        ([{"name": "a", "label": "A", "validation": {"pattern": "("}}], "pattern"),
        (
            [{"name": "a", "label": "A", "type": "number", "validation": {"max": "10"}}],
            "phải là một số",
        ),
    ],
)
def test_schema_problems_are_listed_readably(schema, problem):
    assert any(problem in error for error in schema_errors(schema))


@pytest.mark.django_db
def test_valid_answers_become_json_values():
    unit = UnitFactory()
    form = build_form(
        SCHEMA,
        data={
            "ho_ten_cha": "Trần Văn Bình",
            "so_con": "2",
            "ngay_sinh": "26/11/2026",
            "loai": "Cấp lại",
            "noi_cap": str(unit.pk),
            "dong_y": "on",
        },
    )
    assert form.is_valid(), form.errors
    values = form.json_values()
    assert values == {
        "ho_ten_cha": "Trần Văn Bình",
        "so_con": "2",
        "ngay_sinh": "2026-11-26",
        "loai": "Cấp lại",
        "noi_cap": unit.pk,
        "dong_y": True,
        "ghi_chu": "",
    }
    shown = dict(display_values(SCHEMA, values))
    assert shown["Ngày sinh"] == "26/11/2026" and shown["Nơi cấp"] == unit.name
    assert shown["Tôi cam đoan"] == "Có"


@pytest.mark.django_db
def test_rules_are_enforced_with_vietnamese_messages():
    form = build_form(
        SCHEMA,
        data={"ho_ten_cha": "Bình 2", "so_con": "11", "ngay_sinh": "31/02/2026", "loai": "Khác"},
    )
    assert not form.is_valid()
    assert set(form.errors) == {"ho_ten_cha", "so_con", "ngay_sinh", "loai", "dong_y"}
    assert "định dạng" in form.errors["ho_ten_cha"][0]


def test_admin_field_shows_pretty_json_and_refuses_a_bad_schema():
    field = SchemaFormField()
    assert '\n  {\n    "name": "ho_ten_cha"' in field.prepare_value(SCHEMA[:1])
    with pytest.raises(Exception) as error:
        field.clean('[{"name": "a"}]')
    assert "thiếu nhãn" in str(error.value)


@pytest.mark.django_db
def test_procedure_admin_lists_schema_errors_and_keeps_the_text(admin_client):
    from tests.factories import ProcedureFactory

    procedure = ProcedureFactory()
    url = f"/quan-tri/catalog/procedure/{procedure.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "form_schema" in page
    form = ProcedureAdminForm(data={"form_schema": '[{"name": "a"}]'}, instance=procedure)
    assert not form.is_valid()
    assert "Trường thứ 1: thiếu nhãn “label”." in form.errors["form_schema"]
    broken = ProcedureAdminForm(data={"form_schema": "[{"}, instance=procedure)
    assert not broken.is_valid() and "[{" in str(broken["form_schema"])
    empty = ProcedureAdminForm(data={"form_schema": ""}, instance=procedure)
    assert empty.is_valid() and empty.cleaned_data["form_schema"] == []


@pytest.mark.django_db
def test_required_messages_say_what_to_do():
    form = build_form(SCHEMA, data={})
    assert not form.is_valid()
    assert form.errors["ho_ten_cha"] == ["Nhập “Họ tên cha”."]
    assert form.errors["dong_y"] == ["Đánh dấu ô “Tôi cam đoan”."]
