from django.urls import path

from . import builder_views

app_name = "builder"

# Included before the moderation app's /moderate/<kind>/ addresses, which would otherwise take "build".
urlpatterns = [
    path("moderate/build/", builder_views.build_new, name="new"),
    path("moderate/build/<int:pk>/", builder_views.build, name="build"),
    path("moderate/build/<int:pk>/publish/", builder_views.publish, name="publish"),
]
