"""The cache on Redis saves time only: with Redis out of reach, pages answer from the database."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, UserFactory, region

UNREACHABLE = {"default": {"BACKEND": "config.cache.ForgivingRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


@pytest.fixture
def unreachable_cache(settings):
    settings.CACHES = UNREACHABLE
    return caches["default"]


def test_every_call_answers_as_a_miss(unreachable_cache):
    cache = unreachable_cache

    assert (cache.get("k", "fallback"), cache.get_many(["k"]), cache.add("k", 1), cache.set("k", 1)) == (
        "fallback",
        {},
        False,
        None,
    )
    assert (cache.delete("k"), cache.has_key("k"), cache.touch("k"), cache.set_many({"k": 1})) == (
        False,
        False,
        False,
        [],
    )


@pytest.mark.django_db
def test_study_page_and_list_answer_from_the_database(client, unreachable_cache):
    study = OpportunityStudyFactory(project=SchoolProjectFactory(name="École du Forez", region=region("84")))
    client.force_login(UserFactory(is_national_coordinator=True))

    page = client.get(reverse("workflow:study-detail", args=[study.pk]))
    listing = client.get(reverse("workflow:study-list"))

    assert (page.status_code, listing.status_code) == (200, 200)
    assert "École du Forez" in listing.content.decode()
    assert len(list(listing.context["form"].fields["region"].choices)) == 19  # "all regions", the 18 regions
