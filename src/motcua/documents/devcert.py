"""A development certificate authority and one signing certificate per unit, made with
`cryptography` (EC P-256: fast, and accepted by every PDF reader). For development, the demo
and tests only: a province signs with certificates from a licensed CA."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

CA_KEY_FILE, CA_CERT_FILE = "ca-key.pem", "ca.pem"


@dataclass(frozen=True)
class Authority:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def _usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def make_authority(name: str, *, years: int = 10) -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(name, name)
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(key, certificate)


def unit_pkcs12(
    authority: Authority, unit_name: str, organisation: str, passphrase: bytes
) -> bytes:
    """A PKCS#12 file with a new key and its certificate for `unit_name`, issued by
    `authority` (chain included), encrypted with `passphrase`."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    issuer_key = authority.key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(unit_name, organisation))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signing=True), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key), False)
        .sign(authority.key, hashes.SHA256())
    )
    encryption = serialization.BestAvailableEncryption(passphrase)
    return pkcs12.serialize_key_and_certificates(
        unit_name.encode(), key, certificate, [authority.certificate], encryption
    )


def load_or_make_authority(directory: Path, name: str) -> tuple[Authority, bool]:
    """The development CA kept in `directory`, made there the first time (True)."""
    key_path, cert_path = directory / CA_KEY_FILE, directory / CA_CERT_FILE
    if key_path.exists() and cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return Authority(key, x509.load_pem_x509_certificate(cert_path.read_bytes())), False
    authority = make_authority(name)
    directory.mkdir(parents=True, exist_ok=True)
    key_bytes = authority.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_private(key_path, key_bytes)
    cert_path.write_bytes(authority.pem())
    return authority, True


def write_private(path: Path, data: bytes) -> None:
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_bytes(data)


def new_passphrase() -> str:
    return secrets.token_urlsafe(24)
