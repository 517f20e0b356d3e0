from django.urls import path

from . import views

app_name = "extraction"

# Included before the moderation app's /moderate/<kind>/ addresses, which would otherwise take "articles".
urlpatterns = [
    path("moderate/articles/", views.article_list, name="articles"),
    path("moderate/articles/import/", views.import_article, name="import"),
    path("moderate/articles/<int:pk>/", views.review, name="review"),
    path("moderate/articles/<int:pk>/save/", views.save_accepted, name="save"),
    path("moderate/articles/<int:pk>/publish/", views.publish, name="publish"),
    path("moderate/articles/proposals/<int:pk>/decide/", views.decide, name="decide"),
    path("moderate/articles/proposals/<int:pk>/edit/", views.edit, name="edit"),
    path("moderate/articles/proposals/<int:pk>/accept-speaker/", views.accept_speaker, name="accept_speaker"),
    path("moderate/articles/proposals/<int:pk>/rename-speaker/", views.rename_speaker, name="rename_speaker"),
    path("moderate/articles/proposals/<int:pk>/merge-speaker/", views.merge_speaker, name="merge_speaker"),
]
