"""The demo's electronic results: the trade-promotion notice's result is the acknowledgement
made from the built-in template, signed at approval (level 4, no upload needed)."""

from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.core.text import fold
from motcua.documents.models import GeneratedResult, ResultTemplate

from .catalogue import PROMOTION_NOTICE


def load_result_templates() -> str:
    """Idempotent; nothing to do before the catalogue has the procedure."""
    procedure = (
        Procedure.objects.filter(search_text__contains=fold(PROMOTION_NOTICE["ten_thu_tuc"]))
        .order_by("code")
        .first()
    )
    if procedure is None:
        return ""
    _template, created = ResultTemplate.objects.get_or_create(
        procedure=procedure, defaults={"template": GeneratedResult.PROMOTION_NOTICE}
    )
    if not created:
        return ""
    return _("Kết quả điện tử: “%(name)s” dùng mẫu kết quả tạo sẵn.") % {"name": procedure.name}
