from django.urls import path, re_path

from . import views

app_name = "interchange"

SLUG = r"[-a-zA-Z0-9_]+"

urlpatterns = [
    re_path(
        rf"^debates/(?P<slug>{SLUG})/export/(?P<name>aif|argdown|cards-docx|cards-txt)/$",
        views.debate_export,
        name="debate",
    ),
    re_path(
        rf"^debates/(?P<debate_slug>{SLUG})/positions/(?P<slug>{SLUG})/export/(?P<name>cards-docx|cards-txt)/$",
        views.position_export,
        name="position",
    ),
    re_path(
        rf"^debates/(?P<debate_slug>{SLUG})/positions/(?P<slug>{SLUG})/brief/$", views.position_brief, name="brief"
    ),
    re_path(
        rf"^debates/(?P<debate_slug>{SLUG})/positions/(?P<slug>{SLUG})/brief/docx/$",
        views.position_brief_docx,
        name="brief_docx",
    ),
    path("moderate/import/aif/", views.import_aif_upload, name="import_aif"),
    path("moderate/import/argdown/", views.import_argdown_outline, name="import_argdown"),
]
