"""Keys in PKCS#12 files: MOTCUA_SIGNING_PKCS12 for every unit when set, else one file per
unit, MOTCUA_SIGNING_DIR/<unit identifier>.p12. The passphrase comes from the environment
(MOTCUA_SIGNING_PASSPHRASE); a development directory made by make_dev_signing_cert keeps its
own random one in MOTCUA_SIGNING_DIR/passphrase when the environment has none."""

from pathlib import Path

from django.conf import settings
from pyhanko.sign.signers import Signer, SimpleSigner

from motcua.org.models import Unit

from .base import SigningProvider, SigningUnavailable

PASSPHRASE_FILE = "passphrase"


def unit_key_path(unit: Unit) -> Path:
    return Path(settings.MOTCUA_SIGNING_DIR) / f"{unit.identifier}.p12"


def passphrase() -> bytes | None:
    if settings.MOTCUA_SIGNING_PASSPHRASE:
        return settings.MOTCUA_SIGNING_PASSPHRASE.encode()
    kept = Path(settings.MOTCUA_SIGNING_DIR) / PASSPHRASE_FILE
    return kept.read_text().strip().encode() if kept.exists() else None


class Pkcs12Provider(SigningProvider):
    def signer_for(self, unit: Unit) -> Signer:
        path = Path(settings.MOTCUA_SIGNING_PKCS12 or unit_key_path(unit))
        if not path.is_file():
            raise SigningUnavailable(f"no PKCS#12 file {path}")
        signer = SimpleSigner.load_pkcs12(str(path), passphrase=passphrase())
        if signer is None:  # pyHanko logs the reason and returns None
            raise SigningUnavailable(f"cannot open {path} (passphrase?)")
        return signer
