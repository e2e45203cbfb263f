import pytest
from weasyprint import HTML

from motcua.documents import devcert
from tests.processing.conftest import _fast_passwords, desk, leader, specialist, unit  # noqa: F401

PASSPHRASE = "mật-khẩu-thử"


@pytest.fixture(scope="session")
def authority():
    """The test session's province CA (EC P-256: made in milliseconds)."""
    return devcert.make_authority("CA thử nghiệm tỉnh Khánh Hòa")


@pytest.fixture
def signing_dir(settings, tmp_path, authority):
    """Keys of this test: the CA's certificate and a PKCS#12 file per unit, made on demand
    with `signing_dir.key_for(unit)`."""
    directory = tmp_path / "signing"
    directory.mkdir()
    (directory / devcert.CA_CERT_FILE).write_bytes(authority.pem())
    settings.MOTCUA_SIGNING_DIR = directory
    settings.MOTCUA_SIGNING_PKCS12 = ""
    settings.MOTCUA_SIGNING_CA = ""
    settings.MOTCUA_SIGNING_PASSPHRASE = PASSPHRASE

    class Keys:
        path = directory

        def key_for(self, unit, by=authority):  # noqa: F811 (a unit, not the fixture)
            data = devcert.unit_pkcs12(
                by, unit.name, f"{unit.name} tỉnh Khánh Hòa", PASSPHRASE.encode()
            )
            (directory / f"{unit.identifier}.p12").write_bytes(data)

    return Keys()


@pytest.fixture
def keys(signing_dir, unit):  # noqa: F811 (the fixture imported above)
    signing_dir.key_for(unit)
    return signing_dir


@pytest.fixture(scope="session")
def result_pdf():
    """A one-page result with Vietnamese text, as a specialist would upload it."""
    html = '<p style="font-family: Liberation Serif">Giấy phép: Nguyễn Văn Ánh, Đắk Lắk</p>'
    return HTML(string=html).write_pdf()
