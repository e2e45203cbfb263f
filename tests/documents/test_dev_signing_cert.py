"""`make_dev_signing_cert`: a local CA and a PKCS#12 file per unit, which the signing
provider opens and whose certificate chains to the CA; running it again adds only what is
missing."""

import pytest
from cryptography import x509
from django.core.management import call_command

from motcua.documents.signers.registry import provider
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_makes_a_ca_and_a_key_per_unit_once(settings, tmp_path):
    settings.MOTCUA_SIGNING_DIR = tmp_path / "signing"
    settings.MOTCUA_SIGNING_PKCS12 = ""
    settings.MOTCUA_SIGNING_PASSPHRASE = ""
    units = [UnitFactory(name="Sở Công Thương"), UnitFactory(name="Phường Nha Trang")]

    call_command("make_dev_signing_cert")

    directory = settings.MOTCUA_SIGNING_DIR
    ca = x509.load_pem_x509_certificate((directory / "ca.pem").read_bytes())
    for unit in units:
        signer = provider().signer_for(unit)
        certificate = x509.load_der_x509_certificate(signer.signing_cert.dump())
        assert certificate.issuer == ca.subject
        assert (
            certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
            == unit.name
        )
        certificate.verify_directly_issued_by(ca)
    assert (directory / "passphrase").stat().st_mode & 0o077 == 0
    assert (directory / "ca-key.pem").stat().st_mode & 0o077 == 0
    before = {path.name: path.read_bytes() for path in directory.iterdir()}

    newcomer = UnitFactory(name="Xã Cam Lâm")
    call_command("make_dev_signing_cert")

    after = {path.name: path.read_bytes() for path in directory.iterdir()}
    assert set(after) - set(before) == {f"{newcomer.identifier}.p12"}
    assert all(after[name] == content for name, content in before.items())
