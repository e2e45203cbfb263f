"""Feedback pages: the public form, its confirmation, following by code, the public Q&A;
and the staff list and item page (answer, forward). Thin: selectors read, services write."""

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.core import ratelimit
from motcua.desk.access import staff_required
from motcua.dossiers.services import DossierError
from motcua.processing.selectors import is_province_admin

from . import selectors, services
from .forms import AnswerForm, ContactForm, FeedbackForm, ForwardForm, started_token
from .models import State, SupportContact

logger = logging.getLogger(__name__)
PAGE_SIZE = 20


def _summary(*forms) -> list[tuple[str, str]]:
    return [
        (form[name].auto_id if name in form.fields else "main", message)
        for form in forms
        for name, errors in form.errors.items()
        for message in errors
    ]


def _limited(request: HttpRequest, template: str, context: dict, scope: str) -> HttpResponse | None:
    decision = ratelimit.hit_request(request, scope)
    if decision.allowed:
        return None
    context["limited"] = True
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


def send(request: HttpRequest) -> HttpResponse:
    initial = {"started": started_token(), "procedure": request.GET.get("thu_tuc", "")[:32]}
    if request.user.is_authenticated:
        initial |= {"sender_name": request.user.get_full_name(), "sender_email": request.user.email}
    form = FeedbackForm(request.POST or None, initial=initial, user=request.user)
    context = {"form": form}
    if request.method == "POST":
        limited = _limited(request, "feedback/send.html", context, "feedback")
        if limited:
            return limited
        if form.is_valid():
            try:
                item = services.submit(
                    form.sending(), sender=request.user, uploads=request.FILES.getlist("files")
                )
            except services.FeedbackError as error:
                context["file_errors"] = error.errors.pop("files", [])
                for name, problems in error.errors.items():
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, problem)
            except DossierError as error:
                messages.error(request, error.message)
            else:
                request.session["feedback_sent"] = item.code
                return redirect("feedback:sent")
        if "started" in form.errors:  # missing or forged: the next try gets a fresh one
            form.data = form.data.copy()
            form.data["started"] = started_token()
    context["errors"] = _summary(form) + [("id_files", m) for m in context.get("file_errors", [])]
    return render(request, "feedback/send.html", context, status=400 if context["errors"] else 200)


def sent(request: HttpRequest) -> HttpResponse:
    code = request.session.get("feedback_sent")
    if not code:
        return redirect("feedback:send")
    return render(request, "feedback/sent.html", {"item": selectors.by_code(code)})


def track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("ma", "")[:20]
    context = {"code": code, "searched": bool(code)}
    status = 200
    if code:
        limited = _limited(request, "feedback/track.html", context, "lookup")
        if limited:
            return limited
        context["item"] = selectors.by_code(code)
        status = 200 if context["item"] else 404
    return render(request, "feedback/track.html", context, status=status)


def qa(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    page = Paginator(selectors.published(q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/qa.html", {"q": q, "page": page})


@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("tinh_trang", "")
    state = state if state in State.values else ""
    late = request.GET.get("tre_han") == "1"
    page = Paginator(selectors.for_staff(request.user, state=state, late=late), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(item, selectors.due_status(item)) for item in page]
    context = {
        "page": page,
        "rows": rows,
        "state": state,
        "late": late,
        "states": State.choices,
        "can_edit_contact": is_province_admin(request.user),
    }
    return render(request, "feedback/staff_list.html", context)


@staff_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.staff_item(request.user, pk)
    answer_form = AnswerForm(request.POST if request.POST.get("action") == "answer" else None)
    forward_form = ForwardForm(
        request.POST if request.POST.get("action") == "forward" else None, prefix="chuyen"
    )
    if request.method == "POST":
        done = _act(request, item, answer_form, forward_form)
        if done:
            return redirect(done)
    context = {
        "item": item,
        "due": selectors.due_status(item),
        "answer_form": answer_form,
        "forward_form": forward_form,
        "errors": _summary(answer_form, forward_form),
    }
    return render(
        request, "feedback/staff_detail.html", context, status=400 if context["errors"] else 200
    )


def _act(
    request: HttpRequest, item, answer_form: AnswerForm, forward_form: ForwardForm
) -> str | None:
    """Run the posted action; the address to go to next, or None to show the errors."""
    try:
        if answer_form.is_bound and answer_form.is_valid():
            services.answer(
                item.pk,
                actor=request.user,
                text=answer_form.cleaned_data["answer"],
                upheld=answer_form.cleaned_data["upheld"],
            )
            messages.success(request, _("Đã gửi câu trả lời cho người phản ánh."))
            return request.path
        if forward_form.is_bound and forward_form.is_valid():
            services.forward(
                item.pk,
                actor=request.user,
                to_unit=forward_form.cleaned_data["unit"],
                note=forward_form.cleaned_data["note"],
            )
            messages.success(request, _("Đã chuyển phản ánh sang đơn vị khác."))
            return "/can-bo/phan-anh/"
    except services.FeedbackError as error:
        form = answer_form if answer_form.is_bound else forward_form
        for name, problems in error.errors.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
        if not error.errors:
            form.add_error(None, error.message)
    return None


@staff_required
def staff_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    file = selectors.staff_file(request.user, pk, file_id)
    try:
        content = file.file.open("rb")
    except FileNotFoundError:
        logger.error("Feedback file %s is missing from storage", file.pk)
        raise Http404 from None
    return FileResponse(
        content, as_attachment=True, filename=file.original_name, content_type=file.content_type
    )


def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/contact.html", {"contact": SupportContact.current()})


@staff_required
def edit_contact(request: HttpRequest) -> HttpResponse:
    if not is_province_admin(request.user):
        raise Http404
    form = ContactForm(request.POST or None, instance=SupportContact.current())
    if request.method == "POST" and form.is_valid():
        services.save_contact(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Đã lưu thông tin liên hệ."))
        return redirect("feedback:contact")
    context = {"form": form, "errors": _summary(form)}
    return render(
        request, "feedback/edit_contact.html", context, status=400 if form.errors else 200
    )
