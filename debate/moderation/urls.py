from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    # Moderators' workspace
    path("moderate/", views.dashboard, name="dashboard"),
    path("moderate/queue/", views.queue, name="queue"),
    path("moderate/proposals/<int:pk>/", views.proposal_review, name="proposal"),
    path("moderate/flags/<int:pk>/", views.flag_review, name="flag"),
    path("moderate/arguments/merge/", views.argument_merge, name="argument_merge"),
    path("moderate/speakers/merge/", views.speaker_merge, name="speaker_merge"),
    path("moderate/arguments/<int:pk>/move/", views.argument_move, name="argument_move"),
    path("moderate/sources/<int:pk>/evidence/", views.attach_evidence, name="attach_evidence"),
    path("moderate/lookup/<str:kind>/", views.lookup, name="lookup"),
    path("moderate/<str:kind>/", views.content_list, name="list"),
    path("moderate/<str:kind>/new/", views.content_create, name="create"),
    path("moderate/<str:kind>/<int:pk>/edit/", views.content_edit, name="edit"),
    path("moderate/<str:kind>/<int:pk>/status/", views.content_status, name="status"),
    path("moderate/<str:kind>/<int:pk>/history/", views.content_history, name="history"),
    path("moderate/<str:kind>/<int:pk>/history/<int:history_id>/revert/", views.content_revert, name="revert"),
    # Students' proposals and flags
    path("propose/positions/<int:position_pk>/", views.propose_argument, name="propose_argument"),
    path("propose/arguments/<int:pk>/reply/", views.propose_reply, name="propose_reply"),
    path("propose/arguments/<int:pk>/evidence/", views.propose_evidence, name="propose_evidence"),
    path("flag/arguments/<int:pk>/", views.flag_argument, name="flag_argument"),
    path("flag/evidence/<int:pk>/", views.flag_evidence, name="flag_evidence"),
    path("me/contributions/", views.my_contributions, name="my_contributions"),
]
