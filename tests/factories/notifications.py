import factory

from notifications.enums import WEBHOOK_KINDS, DeliveryMode, EventKind
from notifications.models import Notification, WebhookEndpoint
from notifications.webhooks import new_secret
from tests.factories.accounts import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = EventKind.STUDY_SUBMITTED
    text = factory.Sequence(lambda n: f"“École de Production n°{n}” has submitted its opportunity study.")
    mode = DeliveryMode.IN_APP


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    """An endpoint on a public address, an IP literal so that no test asks the DNS."""

    class Meta:
        model = WebhookEndpoint

    owner = factory.SubFactory(UserFactory, is_national_coordinator=True)
    url = factory.Sequence(lambda n: f"https://93.184.215.14/tremplin/{n}")
    kinds = factory.LazyFunction(lambda: [kind for kind, _label in WEBHOOK_KINDS])
    secret = factory.LazyFunction(new_secret)
