"""The person's own account page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import FormOfAddressForm
from accounts.services import set_form_of_address


@login_required
def my_account(request):
    form = FormOfAddressForm(request.POST or None, initial={"form_of_address": request.user.form_of_address})
    if request.method == "POST" and form.is_valid():
        set_form_of_address(request.user, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your choice is saved."))
        return redirect("accounts:my-account")
    return render(request, "accounts/my_account.html", {"form": form})
