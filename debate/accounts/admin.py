from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from .forms import AdminLoginForm, AdminUserAddForm, AdminUserEditForm
from .models import ApiToken, AttemptCounter

# The admin's login says so when a login is locked out, like the site's.
admin.site.login_form = AdminLoginForm


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be looked at and revoked (deleted) here; they are issued by the API only."""

    list_display = ["token_key", "user", "created", "expiry"]
    search_fields = ["user__username", "token_key"]
    fields = readonly_fields = ["token_key", "user", "created", "expiry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AttemptCounter)
class AttemptCounterAdmin(admin.ModelAdmin):
    """Deleting a counter lifts a lockout or throttle at once."""

    list_display = ["scope", "key", "count", "expires_at"]
    list_filter = ["scope"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


@admin.register(User)
class DistinctUsernameUserAdmin(UserAdmin):
    form = AdminUserEditForm
    add_form = AdminUserAddForm
