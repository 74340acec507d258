"""The site's URLs plus the baseline page of the benchmarks.

The baseline renders the site's layout (``base.html``) with no data, for a signed-in user, through the same
middleware and context processors as every page: each page's time is given as a ratio to it.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

BASELINE_URL = "/bench/baseline/"


@login_required
def baseline(request):
    return render(request, "base.html", {})


urlpatterns = [path(BASELINE_URL.strip("/") + "/", baseline, name="bench-baseline"), *site_urlpatterns]
