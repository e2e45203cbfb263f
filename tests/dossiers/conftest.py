import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accounts.factories import ApplicantProfileFactory, UserFactory
from tests.factories import (
    OfferingFactory,
    ProcedureChannelFactory,
    ProcedureFactory,
    RequiredDocumentFactory,
    UnitFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf(name="don.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="anh.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are made by the dozen here; the real hasher's cost is not what these tests check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    """A unit offering a procedure online (level 3) with two required documents and one
    optional, 5 working days online."""
    unit = UnitFactory(name="UBND phường Nha Trang", identifier="000.01.02.H56")
    procedure = ProcedureFactory(name="Đăng ký khai sinh")
    OfferingFactory(unit=unit, procedure=procedure, online_level=3)
    ProcedureChannelFactory(procedure=procedure)
    documents = [
        RequiredDocumentFactory(procedure=procedure, name="Tờ khai", position=1),
        RequiredDocumentFactory(procedure=procedure, name="Giấy chứng sinh", position=2),
        RequiredDocumentFactory(
            procedure=procedure, name="Giấy tờ khác", position=3, required=False
        ),
    ]
    return {"unit": unit, "procedure": procedure, "documents": documents}


@pytest.fixture
def applicant(db):
    return ApplicantProfileFactory(user=UserFactory(username="an")).user


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def big_file(size: int, name="to.pdf"):
    return SimpleUploadedFile(name, PDF + b"0" * (size - len(PDF)), content_type="application/pdf")


def stored_files(tmp_path) -> list:
    """The files in the tests' private storage (tests/conftest.py puts it under tmp_path)."""
    root = tmp_path / "private"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
