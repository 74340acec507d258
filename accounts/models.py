from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.enums import FormOfAddress


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with an email address.

    Federation-wide roles are flags here. Being a holder comes from a project's team, and being a
    regional coordinator from membership of a regional network (both in ``projects``), so that
    ``accounts`` stays at the bottom of the layers.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=[("fr", _("French")), ("en", _("English"))], default="fr"
    )
    form_of_address = models.CharField(
        _("form of address"),
        max_length=16,
        choices=FormOfAddress.choices,
        default=FormOfAddress.UNSPECIFIED,
        blank=True,
        help_text=_("Optional: how role labels speak of you, where the language makes them agree."),
    )
    is_national_coordinator = models.BooleanField(_("national coordinator (FNEP)"), default=False)
    is_bank_expert = models.BooleanField(_("bank expert"), default=False)
    is_jury_member = models.BooleanField(_("jury member"), default=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email
