"""One table from an action name (as posted by the desk pages and the API) to the service
that performs it, with the posted fields parsed. Views and the API both call `perform`."""

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier

from . import services
from .selectors import pending_apology

Payload = dict


def _text(data: Payload, name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()


def _lines(data: Payload, name: str) -> list[str]:
    value = data.get(name) or []
    items = value.splitlines() if isinstance(value, str) else [str(item) for item in value]
    return [item.strip() for item in items if item.strip()]


def _money(data: Payload, name: str) -> int:
    raw = _text(data, name).replace(".", "").replace(" ", "").replace("đ", "") or "0"
    if not raw.isdecimal():
        raise services.InvalidInput(_("Số tiền phải là số đồng, ví dụ 50.000."))
    return int(raw)


def _moment(data: Payload, name: str) -> datetime:
    raw = _text(data, name)
    for pattern in ("%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(raw, pattern)
        except ValueError:
            continue
        if pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            parsed = parsed.replace(hour=17)
        return timezone.make_aware(parsed)
    raise services.InvalidInput(_("Ngày hẹn mới không hợp lệ (dd/mm/yyyy giờ:phút)."))


def _for_applicant(data: Payload) -> bool:
    """Whether the officer addressed the note to the applicant (internal by default)."""
    value = data.get("note_for_applicant")
    return value is True or str(value).lower() in ("1", "true", "on")


def _version(data: Payload) -> int | None:
    raw = _text(data, "version")
    return int(raw) if raw.isdecimal() else None


def _with_reason(service: Callable) -> Callable:
    """An action that needs a reason; it may come as `reason` or as `note`."""
    return lambda pk, actor, data: service(
        pk,
        actor=actor,
        reason=_text(data, "reason") or _text(data, "note"),
        expected_version=_version(data),
    )


def _complete_step(pk, actor, data):
    return services.complete_step(
        pk,
        actor=actor,
        note=_text(data, "note"),
        expected_version=_version(data),
        note_for_applicant=_for_applicant(data),
    )


def _approve_apology(pk, actor, data):
    apology = pending_apology(pk)
    if apology is None:
        raise services.InvalidInput(_("Hồ sơ không có phiếu xin lỗi chờ duyệt."))
    services.approve_apology(apology.pk, actor=actor)


ACTIONS: dict[str, Callable] = {
    "receive": lambda pk, actor, data: services.receive(
        pk,
        actor=actor,
        note=_text(data, "note"),
        expected_version=_version(data),
        note_for_applicant=_for_applicant(data),
    ),
    "forward": _complete_step,
    "approve": _complete_step,
    "finish": _complete_step,
    "complete_step": _complete_step,
    "return_step": _with_reason(services.return_step),
    "request_supplement": lambda pk, actor, data: services.request_supplement(
        pk,
        actor=actor,
        missing=_lines(data, "missing"),
        reason=_text(data, "reason"),
        note=_text(data, "note"),
        expected_version=_version(data),
        note_for_applicant=_for_applicant(data),
    ),
    "request_financial": lambda pk, actor, data: services.request_financial_obligation(
        pk, actor=actor, note=_text(data, "note"), expected_version=_version(data)
    ),
    "resume": lambda pk, actor, data: services.resume(
        pk,
        actor=actor,
        note=_text(data, "note"),
        expected_version=_version(data),
        note_for_applicant=_for_applicant(data),
    ),
    "refuse": _with_reason(services.refuse),
    "stop": _with_reason(services.stop),
    "withdraw": _with_reason(services.withdraw),
    "return_result": lambda pk, actor, data: services.return_result(
        pk,
        actor=actor,
        received_by_name=_text(data, "received_by_name"),
        fee_vnd=_money(data, "fee_vnd"),
        receipt_number=_text(data, "receipt_number"),
        note=_text(data, "note"),
        expected_version=_version(data),
        note_for_applicant=_for_applicant(data),
    ),
    "send_by_post": lambda pk, actor, data: services.send_by_post(
        pk,
        actor=actor,
        tracking_number=_text(data, "tracking_number"),
        expected_version=_version(data),
    ),
    "draft_apology": lambda pk, actor, data: services.draft_apology(
        pk,
        actor=actor,
        reason=_text(data, "reason"),
        new_appointment_at=_moment(data, "new_appointment_at"),
    ),
    "approve_apology": _approve_apology,
}


def perform(action: str, dossier_id: int, *, actor, data: Payload) -> Dossier:
    """Run `action` on the dossier; raises services' DossierError subclasses (with a
    Vietnamese message) for anything refused, InvalidInput for an unknown action."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise services.InvalidInput(_("Thao tác không hợp lệ: %(action)s.") % {"action": action})
    handler(dossier_id, actor, data)
    return Dossier.objects.select_related("unit", "procedure").get(pk=dossier_id)
