from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.catalog.services import import_procedures


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục hành chính quốc gia (.jsonl, .jsonl.gz); chạy lại không trùng."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp .jsonl hoặc .jsonl.gz, mỗi dòng một thủ tục.")

    def handle(self, *args, path, **options):
        try:
            summary = import_procedures(path, report=self.stdout.write)
        except OSError as error:
            message = _("Không đọc được tệp %(path)s: %(error)s")
            raise CommandError(message % {"path": path, "error": error.strerror}) from error
        self.stdout.write(self.style.SUCCESS(summary.summary_line()))
