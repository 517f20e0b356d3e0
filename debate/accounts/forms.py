from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.models import User

from .ratelimit import is_locked_out


class LoginForm(AuthenticationForm):
    def clean(self):
        if is_locked_out(self.request, self.data.get("username")):
            minutes = settings.LOGIN_LOCKOUT_SECONDS // 60
            raise forms.ValidationError(
                f"Too many failed attempts to log in. Please wait {minutes} minutes and try again.",
                code="locked_out",
            )
        return super().clean()


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=False, help_text="Optional: used only to reset your password.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]
