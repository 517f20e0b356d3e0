from django.urls import path

from . import views

app_name = "arguments"

urlpatterns = [
    path("", views.debate_list, name="debate_list"),
    path("debates/<slug:slug>/", views.debate_detail, name="debate"),
    path("debates/<slug:debate_slug>/positions/<slug:slug>/", views.position_detail, name="position"),
    path("debates/<slug:debate_slug>/positions/<slug:slug>/map/", views.position_map, name="position_map"),
    path("arguments/<int:pk>/", views.argument_detail, name="argument"),
]
