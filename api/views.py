"""The account's API tokens page and the API's documentation page, both in the site's layout."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api.forms import TokenForm
from api.selectors import tokens_for_user
from api.services import create_token, revoke_token
from permissions.refusal import ActionRefused


@login_required
def tokens(request):
    """List one's tokens and create one; a new key is shown on this answer only, never again."""
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, key = create_token(actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            for reason in refusal.reasons:
                messages.error(request, reason)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "key": key,
        "tokens": tokens_for_user(request.user),
        "lifetime_days": settings.API_TOKEN_LIFETIME_DAYS,
    }
    response = render(request, "api/tokens.html", context)
    # The page that shows a key once must not be kept by a cache or the browser's history.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(tokens_for_user(request.user), pk=pk)
    revoke_token(token, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")


@login_required
def docs(request):
    """The API's reference, drawn by Swagger UI from the schema; its scripts are files of the site (CSP)."""
    return render(request, "api/docs.html")
