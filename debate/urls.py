from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from debate.core import views as core_views

urlpatterns = [
    path("", include("debate.arguments.urls")),
    path("", include("debate.interchange.urls")),
    path("", include("debate.sources.urls")),
    path("search/", include("debate.search.urls")),
    path("accounts/", include("debate.accounts.urls")),
    path("", include("debate.extraction.urls")),
    path("", include("debate.moderation.builder_urls")),
    path("", include("debate.moderation.urls")),
    path("api/v1/", include("debate.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (Content-Security-Policy).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("baseline/", core_views.baseline, name="baseline"),
    path("favicon.ico", core_views.favicon, name="favicon"),
]

handler400 = "debate.core.views.bad_request"
handler403 = "debate.core.views.permission_denied"
handler404 = "debate.core.views.page_not_found"
handler500 = "debate.core.views.server_error"
