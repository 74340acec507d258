import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from permissions.refusal import ActionRefused
from privacy.services import export_personal_data, request_erasure


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Anything to add (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


@login_required
def my_data(request):
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_erasure(user=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            messages.error(request, " ".join(refusal.reasons))
        else:
            messages.success(request, _("Your request is recorded; the federation will carry it out."))
        return redirect("privacy:my-data")
    pending = request.user.erasure_requests.filter(processed_at__isnull=True).exists()
    return render(request, "privacy/my_data.html", {"form": form, "pending": pending})


@login_required
@require_POST
def download(request):
    data = json.dumps(export_personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tremplin-my-data.json"'
    return response
