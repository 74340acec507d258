"""Links made from one reversed URL are the URLs ``reverse`` gives, for any pk."""

import pytest
from django.urls import reverse

from accounts.links import url_for_pk


@pytest.mark.parametrize("pk", [1, 7, 42, 987654321, 10**12])
def test_a_link_for_a_pk_is_the_reversed_url(pk):
    assert url_for_pk("workflow:study-detail")(pk) == reverse("workflow:study-detail", args=[pk])
    assert url_for_pk("notifications:open")(pk) == reverse("notifications:open", args=[pk])
    assert url_for_pk("juries:agenda-remove", 10)(pk) == reverse("juries:agenda-remove", args=[10, pk])
