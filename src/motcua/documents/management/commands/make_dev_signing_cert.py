"""Development signing keys: a local CA and one PKCS#12 file per active unit under
MOTCUA_SIGNING_DIR (var/signing). Running it again only adds what is missing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.documents import devcert
from motcua.documents.signers.pkcs12 import PASSPHRASE_FILE, unit_key_path
from motcua.org.models import Unit


class Command(BaseCommand):
    help = (
        "Tạo CA thử nghiệm và chứng thư ký số cho từng đơn vị trong MOTCUA_SIGNING_DIR "
        "(chỉ dùng cho phát triển, thử nghiệm)."
    )

    def handle(self, *args, **options):
        directory = Path(settings.MOTCUA_SIGNING_DIR)
        province = settings.MOTCUA_PROVINCE_NAME
        authority, made = devcert.load_or_make_authority(
            directory, f"CA thử nghiệm MotCua tỉnh {province}"
        )
        passphrase = self._passphrase(directory)
        count = 0
        for unit in Unit.objects.filter(is_active=True).order_by("pk"):
            path = unit_key_path(unit)
            if path.exists():
                continue
            organisation = f"{unit.name} tỉnh {province}"
            devcert.write_private(
                path, devcert.unit_pkcs12(authority, unit.name, organisation, passphrase)
            )
            count += 1
        ca = directory / devcert.CA_CERT_FILE
        state = "tạo mới" if made else "dùng"
        self.stdout.write(f"Ký số thử nghiệm: {state} CA {ca}; {count} chứng thư đơn vị mới.")

    @staticmethod
    def _passphrase(directory: Path) -> bytes:
        """MOTCUA_SIGNING_PASSPHRASE, else a random one kept beside the keys."""
        if settings.MOTCUA_SIGNING_PASSPHRASE:
            return settings.MOTCUA_SIGNING_PASSPHRASE.encode()
        kept = directory / PASSPHRASE_FILE
        if not kept.exists():
            devcert.write_private(kept, devcert.new_passphrase().encode())
        return kept.read_text().strip().encode()
