"""Importing the national catalogue: summary, problems, idempotence, versions."""

import gzip
import json
import shutil
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.models import Channel, Field, Procedure, ProcedureVersion, TimeUnit
from motcua.catalog.services import current_version, import_procedures, save_procedure

SAMPLE = Path(__file__).parent / "data" / "sample-procedures.jsonl"
SAMPLE_CODES = 17  # 16 real records + one hand-made record with a code and a name only

pytestmark = pytest.mark.django_db


def sample_record(code: str) -> dict:
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if f'"ma_thu_tuc": "{code}"' in line:
            return json.loads(line)
    raise LookupError(code)


@pytest.fixture
def imported():
    return import_procedures(SAMPLE)


def test_summary_counts_every_record_once(imported):
    assert imported.summary_line() == (
        "Đã nhập: 20 bản ghi — tạo mới 13, cập nhật 0, không đổi 0, có vấn đề 7; "
        "giấy tờ: luôn phải nộp 53, chỉ nộp theo trường hợp 56"
    )
    assert Procedure.objects.count() == SAMPLE_CODES


def test_problems_are_reported_by_code_or_line(imported):
    assert imported.problems[0].startswith("Dòng 6: JSON không hợp lệ")
    assert "Dòng 7 (mã 1.009824): không đọc được bảng cách thức thực hiện" in imported.problems
    assert (
        "Dòng 8 (mã 2.002338): bảng thành phần hồ sơ bị cắt sai, đã lấy từ văn bản gốc"
        in imported.problems
    )
    assert "Dòng 12: thiếu trường bắt buộc: ma_thu_tuc" in imported.problems
    assert "Dòng 14: dòng không phải là một đối tượng JSON" in imported.problems
    assert imported.problems[-1] == (
        "Dòng 21 (mã 9.999002): thiếu trường: cach_thuc_thuc_hien, thanh_phan_ho_so"
    )


def test_a_record_with_an_unreadable_table_is_kept_with_its_raw_text(imported):
    procedure = Procedure.objects.get(code="1.009824")
    assert procedure.import_problems == "không đọc được bảng cách thức thực hiện"
    assert "Hệ thống giải quyết thủ tục hành chính ngành Thuế" in procedure.raw_text
    assert not procedure.channels.exists()
    assert procedure.documents.exists()


def test_a_documents_table_cut_wrongly_by_the_crawler_is_taken_from_the_raw_text(imported):
    source = sample_record("2.002338")["thanh_phan_ho_so"]
    assert "Tên giấy tờ" not in source  # the field holds the end of the steps instead
    documents = Procedure.objects.get(code="2.002338").documents.all()
    assert [(d.originals, d.copies) for d in documents] == [(1, 0), (1, 0), (1, 0), (0, 1)]
    assert documents[2].name.startswith("Đơn đề nghị chứng nhận chủng loại gạo thơm")


def test_text_is_stored_in_nfc_and_search_text_is_folded(imported):
    source = sample_record("1.002549")
    assert unicodedata.is_normalized("NFC", source["raw_text"]) is False
    procedure = Procedure.objects.select_related("field").get(code="1.002549")
    for text in (procedure.name, procedure.raw_text, procedure.steps, procedure.field.name):
        assert unicodedata.is_normalized("NFC", text)
    assert procedure.search_text.startswith("1 002549 cap giay chung nhan du dieu kien san xuat")
    assert procedure.search_text.endswith("thu y")
    assert procedure.field.search_text == "thu y"


def test_channels_and_documents_are_stored(imported):
    procedure = Procedure.objects.get(code="1.000178")
    channels = {c.channel: c for c in procedure.channels.all()}
    assert set(channels) == {Channel.POST, Channel.DIRECT}
    direct = channels[Channel.DIRECT]
    assert (direct.time_value, direct.time_unit, direct.fee_vnd) == (60, TimeUnit.WORKING_DAY, None)
    assert direct.note.startswith("Thời hạn giải quyết khiếu nại lần đầu không quá 30 ngày")
    documents = list(procedure.documents.all())
    assert [d.position for d in documents] == list(range(1, 9))
    assert documents[0].name == "Tài liệu, chứng cứ do các bên cung cấp"
    assert documents[5].required is False  # "Biên bản tổ chức đối thoại (nếu có)"
    assert Procedure.objects.get(code="1.008889").documents.get(position=2).template_name == (
        "Mẫu 04TP-TTTM-sđ.docx"
    )


def test_fields_are_created_once_by_name(imported):
    names = list(Field.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert Procedure.objects.filter(field__name="Tư pháp", code="9.999002").exists()


def test_rerun_creates_nothing_and_reports_unchanged(imported):
    again = import_procedures(SAMPLE)
    assert again.summary_line() == (
        "Đã nhập: 20 bản ghi — tạo mới 0, cập nhật 0, không đổi 13, có vấn đề 7; "
        "giấy tờ: luôn phải nộp 53, chỉ nộp theo trường hợp 56"
    )
    assert Procedure.objects.count() == SAMPLE_CODES
    assert ProcedureVersion.objects.count() == SAMPLE_CODES
    assert set(Procedure.objects.values_list("version", flat=True)) == {1}


def test_gzip_and_plain_files_import_alike(tmp_path):
    packed = tmp_path / "procedures.jsonl.gz"
    with SAMPLE.open("rb") as source, gzip.open(packed, "wb") as target:
        shutil.copyfileobj(source, target)
    assert import_procedures(packed).created == 13
    assert import_procedures(SAMPLE).unchanged == 13


def test_a_changed_record_gets_a_new_version_and_the_old_one_stays(imported, tmp_path):
    procedure = Procedure.objects.get(code="1.000178")
    first = procedure.versions.get()
    first_snapshot = first.snapshot
    record = sample_record("1.000178")
    record["cach_thuc_thuc_hien"] = record["cach_thuc_thuc_hien"].replace("60 Ngày", "45 Ngày")
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")

    summary = import_procedures(changed)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    procedure.refresh_from_db()
    assert procedure.version == 2
    assert list(procedure.versions.values_list("number", flat=True).order_by("number")) == [1, 2]
    first.refresh_from_db()
    assert first.snapshot == first_snapshot
    assert {c["time_value"] for c in first.snapshot["channels"]} == {"60"}
    latest = procedure.versions.get(number=2)
    assert {c["time_value"] for c in latest.snapshot["channels"]} == {"45"}
    assert latest.content_hash == procedure.content_hash != first.content_hash
    # document rows are updated in place: the ids in both snapshots are the same rows
    assert [d["id"] for d in latest.snapshot["documents"]] == [
        d["id"] for d in first.snapshot["documents"]
    ]


def test_snapshot_holds_the_structured_record(imported):
    snapshot = Procedure.objects.get(code="1.003135").versions.get().snapshot
    assert snapshot["code"] == "1.003135"
    assert snapshot["field"]
    assert {c["channel"] for c in snapshot["channels"]} == {"direct", "online", "post"}
    assert all(c["fee_vnd"] == 20000 for c in snapshot["channels"])
    document_ids = set(
        Procedure.objects.get(code="1.003135").documents.values_list("id", flat=True)
    )
    assert {d["id"] for d in snapshot["documents"]} == document_ids


def test_current_version_creates_v1_when_missing():
    procedure, outcome = save_procedure(sample_record("1.010047"))
    assert outcome == "created"
    procedure.versions.all().delete()

    version = current_version(procedure)

    assert version.number == 1
    assert current_version(procedure) == version
    assert procedure.versions.count() == 1


def test_current_version_freezes_an_edit_made_outside_the_importer(imported):
    procedure = Procedure.objects.get(code="1.010047")
    procedure.channels.filter(channel=Channel.DIRECT).update(fee_vnd=50000)

    version = current_version(procedure)

    assert version.number == 2
    assert {c["fee_vnd"] for c in version.snapshot["channels"]} == {None, 50000}
    assert procedure.versions.get(number=1).snapshot["channels"][0]["fee_vnd"] is None


def test_save_procedure_adds_a_procedure_missing_from_the_national_file():
    record = {
        "ma_thu_tuc": "KHH.0001",
        "ten_thu_tuc": "Đăng ký tổ chức lễ hội truyền thống",
        "linh_vuc": "Văn hóa",
        "cach_thuc_thuc_hien": (
            "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày làm việcMiễn phí"
        ),
        "thanh_phan_ho_so": "--Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đăng ký1 bản chính",
    }
    procedure, outcome = save_procedure(record)
    assert outcome == "created"
    assert procedure.import_problems == ""
    assert procedure.channels.get().time_value == 5
    assert procedure.documents.get().name == "Văn bản đăng ký"
    assert save_procedure(record)[1] == "unchanged"
    assert procedure.versions.count() == 1


def test_import_reports_progress_and_problems_through_the_callback():
    lines = []
    import_procedures(SAMPLE, report=lines.append)
    assert lines[-1] == "… đã xử lý 20 bản ghi"
    assert "Dòng 12: thiếu trường bắt buộc: ma_thu_tuc" in lines


def test_command_prints_problems_then_one_summary_line():
    out = StringIO()
    call_command("import_procedures", str(SAMPLE), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == (
        "Đã nhập: 20 bản ghi — tạo mới 13, cập nhật 0, không đổi 0, có vấn đề 7; "
        "giấy tờ: luôn phải nộp 53, chỉ nộp theo trường hợp 56"
    )
    assert "Dòng 6: JSON không hợp lệ" in lines[0]


def test_command_on_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_procedures", str(tmp_path / "none.jsonl"), stdout=StringIO())


def test_a_cut_off_gzip_file_keeps_what_was_read_and_says_where_it_broke(tmp_path):
    packed = gzip.compress(SAMPLE.read_bytes())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed[: len(packed) // 2])

    summary = import_procedures(cut)

    line, message = summary.problems[-1].split(": ", 1)
    assert message.startswith("tệp bị hỏng, không đọc tiếp được")
    read_before_the_break = int(line.removeprefix("Dòng ")) - 1
    assert 0 < read_before_the_break < 21
    assert Procedure.objects.count() >= summary.created > 0


def test_numbers_no_column_can_hold_are_left_empty_with_the_text_kept():
    record = {
        "ma_thu_tuc": "KHH.0002",
        "ten_thu_tuc": "Thủ tục có số liệu sai",
        "cach_thuc_thuc_hien": (
            "Hình thức nộpThời gianPhí, lệ phíMô tả"
            "Trực tiếp123456789 Ngày99999999999999999999 Việt Nam Đồng"
        ),
    }
    channel = save_procedure(record)[0].channels.get()
    assert (channel.time_value, channel.time_text) == (None, "123456789 Ngày")
    assert (channel.fee_vnd, channel.fee_text) == (None, "99999999999999999999 Việt Nam Đồng")


def test_current_version_after_an_import_is_the_imported_version(imported):
    for procedure in Procedure.objects.all():
        assert current_version(procedure).number == 1
    assert ProcedureVersion.objects.count() == SAMPLE_CODES
