"""Pages of a study's submitted versions: the list, one version as it was submitted, what changed between two.

Every version is read from its frozen content, for whoever may open the study (``versions_for_user``): another
person's study, or a number never submitted, is a 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from projects.versions import compare_contents
from workflow.selectors import studies_for_user, versions_for_user


def _numbers(request, pk):
    """The numbers and dates of the study's versions, newest first, without their contents."""
    return list(versions_for_user(request.user, pk).select_related(None).values("number", "submitted_at"))


def _asked_number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@login_required
def version_list(request, pk):
    """The versions of a study; with ``?from=&to=``, the comparison of those two."""
    start, end = _asked_number(request.GET.get("from")), _asked_number(request.GET.get("to"))
    if start and end:
        return redirect("workflow:version-compare", pk=pk, start=start, end=end)
    study = get_object_or_404(studies_for_user(request.user).select_related("project", "project__region"), pk=pk)
    versions = list(versions_for_user(request.user, pk).select_related("submitted_by").defer("content"))
    return render(request, "workflow/version_list.html", {"study": study, "versions": versions})


@login_required
def version_detail(request, pk, number):
    version = get_object_or_404(versions_for_user(request.user, pk), number=number)
    numbers = _numbers(request, pk)
    context = {
        "study": version.study,
        "version": version,
        "numbers": numbers,
        "latest": numbers[0]["number"],
    }
    return render(request, "workflow/version_detail.html", context)


@login_required
def version_compare(request, pk, start, end):
    versions = {
        version.number: version for version in versions_for_user(request.user, pk).filter(number__in=[start, end])
    }
    if start not in versions or end not in versions:
        raise Http404
    before, after = versions[start], versions[end]
    context = {
        "study": after.study,
        "before": before,
        "after": after,
        "comparison": compare_contents(before.content, after.content),
        "numbers": _numbers(request, pk),
    }
    return render(request, "workflow/version_compare.html", context)
