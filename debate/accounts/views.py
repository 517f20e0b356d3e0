from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render

from .forms import SignupForm


def signup(request):
    if request.user.is_authenticated:
        return redirect("/")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="debate.accounts.ratelimit.RateLimitedModelBackend")
        messages.success(request, "Welcome! You can now propose arguments and flag problems.")
        return redirect("/")
    return render(request, "registration/signup.html", {"form": form})
