import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.models import DossierFile
from motcua.dossiers.uploads import clean_filename

from .conftest import EXE, PDF, big_file, pdf, png, stored_files


@pytest.fixture
def draft(applicant, world):
    return services.start_draft(applicant, world["procedure"], world["unit"])


def post(client, draft, document, *files):
    url = reverse("dossiers:files", args=[draft.pk])
    return client.post(url, {"document": document.pk, "files": list(files)})


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("rong.pdf", b"", content_type="application/pdf"), "rỗng"),
        (SimpleUploadedFile("hoa-don.pdf", EXE, content_type="application/pdf"), "không đúng loại"),
        (
            SimpleUploadedFile("ghi-chu.pdf", b"chi la van ban", content_type="application/pdf"),
            "không đúng loại",
        ),
    ],
    ids=["zero-byte", "renamed-exe", "text-as-pdf"],
)
def test_refused_files_get_a_message_beside_the_slot(
    applicant_client, draft, world, tmp_path, upload, message
):
    slot = world["documents"][0]
    response = post(applicant_client, draft, slot, upload)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and f'id="slot-{slot.pk}"' in page
    assert f'href="#slot-{slot.pk}"' in page  # the error summary links to the slot
    assert not DossierFile.objects.exists() and not stored_files(tmp_path)


def test_oversized_file_is_refused(applicant_client, draft, world, settings):
    settings.MOTCUA_MAX_UPLOAD_MB = 1
    response = post(applicant_client, draft, world["documents"][0], big_file(1024 * 1024 + 1))
    assert response.status_code == 400
    assert "lớn hơn 1 MB" in response.content.decode()


def test_dossier_total_is_limited(applicant, draft, world, settings):
    settings.MOTCUA_MAX_UPLOAD_MB, settings.MOTCUA_MAX_DOSSIER_MB = 1, 2
    slot = world["documents"][0].pk
    for _ in range(2):
        services.attach_file(draft.pk, applicant, document_id=slot, upload=big_file(900_000))
    with pytest.raises(services.FileRejected, match="Tổng dung lượng hồ sơ vượt quá 2 MB"):
        services.attach_file(draft.pk, applicant, document_id=slot, upload=big_file(900_000))


def test_limits_are_shown_in_the_form(applicant_client, draft, settings):
    settings.MOTCUA_MAX_UPLOAD_MB, settings.MOTCUA_MAX_DOSSIER_MB = 7, 30
    page = applicant_client.get(reverse("dossiers:files", args=[draft.pk])).content.decode()
    assert "Mỗi tệp tối đa 7 MB; cả hồ sơ tối đa 30 MB." in page


def test_accepted_types_are_per_procedure(applicant, draft, world):
    world["procedure"].accepted_file_types = "png"
    world["procedure"].save()
    draft = services.start_draft(applicant, world["procedure"], world["unit"])
    slot = world["documents"][0].pk
    with pytest.raises(services.FileRejected, match="Chỉ nhận: PNG"):
        services.attach_file(draft.pk, applicant, document_id=slot, upload=pdf())
    assert services.attach_file(draft.pk, applicant, document_id=slot, upload=png())


def test_stored_privately_under_a_random_name_with_its_facts(applicant, draft, world):
    item = services.attach_file(
        draft.pk, applicant, document_id=world["documents"][0].pk, upload=pdf("../../Tờ khai.pdf")
    )
    assert item.original_name == "Tờ khai.pdf"
    assert "Tờ" not in item.file.name and item.file.name.startswith("dossiers/")
    assert (item.size, item.content_type, len(item.sha256)) == (len(PDF), "application/pdf", 64)
    assert default_storage.exists(item.file.name)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("C:\\Users\\an\\Giấy khai sinh.pdf", "Giấy khai sinh.pdf"),
        ("a\x00b\x1f<c>.pdf", "a_b_c_.pdf"),
        ("x" * 300 + ".docx", "x" * 115 + ".docx"),
        ("...", "tep"),
        ("Ho\u0300a.png", "Hòa.png"),
    ],
)
def test_filenames_are_sanitised(raw, clean):
    assert clean_filename(raw) == clean


def test_storage_failure_leaves_nothing_and_shows_a_message(
    applicant_client, draft, world, monkeypatch, tmp_path
):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(FileSystemStorage, "save", broken)
    response = post(applicant_client, draft, world["documents"][0], pdf())
    assert response.status_code == 400
    assert "sự cố hệ thống" in response.content.decode()
    assert not DossierFile.objects.exists()


def test_database_failure_after_storing_removes_the_file(
    applicant, draft, world, monkeypatch, tmp_path
):
    def broken(*args, **kwargs):
        raise services.DatabaseError("connection lost")

    monkeypatch.setattr(DossierFile, "save", broken)
    with pytest.raises(services.FileRejected):
        services.attach_file(
            draft.pk, applicant, document_id=world["documents"][0].pk, upload=pdf()
        )
    assert not stored_files(tmp_path)


def test_a_file_in_an_unknown_slot_is_refused(applicant, draft):
    with pytest.raises(services.FileRejected, match="không tồn tại"):
        services.attach_file(draft.pk, applicant, document_id=999_999, upload=pdf())


def test_files_cannot_change_after_submission(applicant, draft, world):
    for document in world["documents"][:2]:
        services.attach_file(draft.pk, applicant, document_id=document.pk, upload=pdf())
    services.save_draft(draft.pk, applicant, applicant={}, values={"noi_dung": "x"})
    services.submit(draft.pk, applicant)
    with pytest.raises(services.DossierError):
        services.attach_file(
            draft.pk, applicant, document_id=world["documents"][0].pk, upload=pdf()
        )


def test_shipped_proxy_config_allows_one_full_dossier(settings):
    from pathlib import Path

    config = (Path(settings.BASE_DIR) / "docs" / "nginx.conf").read_text()
    assert f"client_max_body_size {settings.MOTCUA_MAX_DOSSIER_MB + 1}m;" in config
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.MOTCUA_MAX_UPLOAD_MB * 1024 * 1024
