from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.desk.access import staff_required
from motcua.dossiers.selectors import officer_dossiers

from . import selectors, services
from .forms import PreferenceForm
from .models import Delivery


@login_required
def preferences(request):
    """The applicant's channels and language (shown on the profile page, saved here)."""
    form = PreferenceForm(request.POST or None, instance=selectors.preference_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.save_preference(request.user, form.cleaned_data)
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("accounts:profile")
    return render(request, "notifications/preferences.html", {"form": form})


@staff_required
@require_POST
def resend(request, pk: int):
    """ "Gửi lại" on the staff dossier page: only for a dossier the officer may see (else 404)."""
    delivery = get_object_or_404(Delivery.objects.only("pk", "dossier_id"), pk=pk)
    if (
        not delivery.dossier_id
        or not officer_dossiers(request.user).filter(pk=delivery.dossier_id).exists()
    ):
        raise Http404
    services.resend(delivery.pk)
    messages.success(request, _("Đã đưa thông báo vào hàng đợi gửi lại."))
    return redirect("desk:detail", pk=delivery.dossier_id)
