import factory

from notifications.enums import DeliveryMode, EventKind
from notifications.models import Notification
from tests.factories.accounts import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = EventKind.STUDY_SUBMITTED
    text = factory.Sequence(lambda n: f"“École de Production n°{n}” has submitted its opportunity study.")
    mode = DeliveryMode.IN_APP
