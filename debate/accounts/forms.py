from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm, UserChangeForm, UserCreationForm
from django.contrib.auth.models import User

from .ratelimit import is_locked_out
from .usernames import imitated_username


class LockoutMessageMixin:
    """Says why a locked-out login is refused, instead of "wrong password"."""

    def clean(self):
        if is_locked_out(self.request, self.data.get("username")):
            minutes = settings.LOGIN_LOCKOUT_SECONDS // 60
            raise forms.ValidationError(
                f"Too many failed attempts to log in. Please wait {minutes} minutes and try again.",
                code="locked_out",
            )
        return super().clean()


class LoginForm(LockoutMessageMixin, AuthenticationForm):
    pass


class AdminLoginForm(LockoutMessageMixin, AdminAuthenticationForm):
    pass


class DistinctUsernameMixin:
    """Refuses a username that looks like someone else's ("аlice" with a Cyrillic а, "ALICE")."""

    def clean_username(self):
        username = super().clean_username() if hasattr(super(), "clean_username") else self.cleaned_data.get("username")
        if username and (existing := imitated_username(username, exclude_pk=self.instance.pk)):
            raise forms.ValidationError(
                f"This username looks too much like “{existing}”, someone else's. Please choose another.",
                code="look_alike",
            )
        return username


class SignupForm(DistinctUsernameMixin, UserCreationForm):
    email = forms.EmailField(required=False, help_text="Optional: used only to reset your password.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]


class AdminUserAddForm(DistinctUsernameMixin, AdminUserCreationForm):
    pass


class AdminUserEditForm(DistinctUsernameMixin, UserChangeForm):
    pass
