import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", "secret-password-1")

    @factory.post_generation
    def coordinates(self, create, regions, **kwargs):
        """``UserFactory(coordinates=[region])`` makes the user a coordinator of those regions' networks."""
        for region in regions or ():
            region.network.coordinators.add(self)
        if regions or create:
            self.save()
