"""The disk fills up in the middle of writing an upload, or the private storage is not there
at all (an unmounted volume): a clear message beside the slot (page) or in the API's JSON
error, no file row pointing at a missing file, no half-written file left in storage, and the
draft still takes the file once the disk is back. Django's own FileSystemStorage does the
writing; only the disk's answer is changed (ENOSPC after the first bytes)."""

import errno

import pytest
from django.core.files.storage import FileSystemStorage

from motcua.dossiers import services
from motcua.dossiers.models import DossierFile
from tests.dossiers.conftest import big_file, pdf
from tests.dossiers.test_api import bearer, submit_at_once
from tests.dossiers.test_files import post

STORAGE = "django.core.files.storage.FileSystemStorage"


class _FillsUp:
    """An upload whose writing fails with ENOSPC once its first chunk is on disk."""

    def __init__(self, content):
        self.content = content

    def chunks(self, chunk_size=None):
        yield self.content.read(4096)
        raise OSError(errno.ENOSPC, "No space left on device")


class DiskFillsUp(FileSystemStorage):
    def _save(self, name, content):
        return super()._save(name, _FillsUp(content))


@pytest.fixture
def private(tmp_path):
    return tmp_path / "private"


@pytest.fixture
def disk_full(settings, private):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.DiskFillsUp", "OPTIONS": {"location": str(private)}},
    }


@pytest.fixture
def storage_missing(settings, tmp_path):
    """The storage's folder is a plain file, as where a volume failed to mount."""
    (tmp_path / "unmounted").write_text("")
    location = tmp_path / "unmounted" / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": STORAGE, "OPTIONS": {"location": str(location)}},
    }


def disk_back(settings, private):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": STORAGE, "OPTIONS": {"location": str(private)}},
    }


def files_on_disk(private) -> list:
    return [path for path in private.rglob("*") if path.is_file()] if private.exists() else []


@pytest.fixture
def draft(applicant, world):
    return services.start_draft(applicant, world["procedure"], world["unit"])


@pytest.mark.parametrize("fault", ["disk_full", "storage_missing"])
def test_the_page_says_beside_the_slot_that_the_file_was_not_saved(
    request, fault, applicant_client, draft, world, settings, private
):
    request.getfixturevalue(fault)
    slot = world["documents"][0]

    response = post(applicant_client, draft, slot, big_file(20_000))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Chưa lưu được tệp do sự cố hệ thống" in page and f'id="slot-{slot.pk}"' in page
    assert f'href="#slot-{slot.pk}"' in page
    assert not DossierFile.objects.exists() and not files_on_disk(private)

    disk_back(settings, private)
    again = post(applicant_client, draft, slot, pdf())
    assert again.status_code in (200, 302)
    (item,) = DossierFile.objects.all()
    assert files_on_disk(private) == [private / item.file.name]


@pytest.mark.parametrize("fault", ["disk_full", "storage_missing"])
def test_the_api_answers_a_json_error_and_the_draft_takes_the_file_afterwards(
    request, fault, client, applicant, draft, world, settings, private
):
    request.getfixturevalue(fault)
    auth = bearer(applicant)
    url = f"/api/v1/dossiers/{draft.pk}/files"
    slot = world["documents"][0].pk

    refused = client.post(url, {"document": slot, "file": big_file(20_000)}, **auth)

    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"field": "file", "message": str(services.SAVE_FAILED)}]
    assert not DossierFile.objects.exists() and not files_on_disk(private)

    disk_back(settings, private)
    stored = client.post(url, {"document": slot, "file": pdf()}, **auth)
    assert stored.status_code == 201
    assert (private / DossierFile.objects.get().file.name).read_bytes().startswith(b"%PDF")


def test_a_one_request_submission_on_a_full_disk_keeps_nothing(
    disk_full, client, applicant, world, private
):
    response = submit_at_once(client, bearer(applicant), world)

    assert response.status_code == 422
    assert "sự cố hệ thống" in response.json()["errors"][0]["message"]
    assert not DossierFile.objects.exists() and not files_on_disk(private)
    assert not services.Dossier.objects.exclude(status=0).exists()
