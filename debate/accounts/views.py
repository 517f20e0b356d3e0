from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render

from .forms import SignupForm
from .ratelimit import allow_password_reset, allow_signup

TOO_MANY_SIGNUPS = "Too many accounts have been created from your network in the last hour. Please try again later."
TOO_MANY_RESETS = "Too many password reset requests. Please wait {minutes} minutes and try again."


def signup(request):
    if request.user.is_authenticated:
        return redirect("/")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow_signup(request):
            form.add_error(None, TOO_MANY_SIGNUPS)
            return render(request, "registration/signup.html", {"form": form}, status=429)
        user = form.save()
        login(request, user, backend="debate.accounts.ratelimit.RateLimitedModelBackend")
        messages.success(request, "Welcome! You can now propose arguments and flag problems.")
        return redirect("/")
    return render(request, "registration/signup.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, throttled per e-mail address and per client address; a throttled request sends nothing."""

    def form_valid(self, form):
        if not allow_password_reset(self.request, form.cleaned_data["email"]):
            form.add_error(None, TOO_MANY_RESETS.format(minutes=settings.THROTTLE_WINDOW_SECONDS // 60))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
