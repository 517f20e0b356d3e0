from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("debates", views.DebateViewSet, basename="debate")
router.register("positions", views.PositionViewSet, basename="position")
router.register("arguments", views.ArgumentViewSet, basename="argument")
router.register("speakers", views.SpeakerViewSet, basename="speaker")
router.register("sources", views.SourceViewSet, basename="source")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("flags", views.FlagViewSet, basename="flag")

app_name = "api"

urlpatterns = [
    path("auth/token/", views.obtain_token, name="token"),
    path("auth/logout/", views.revoke_token, name="logout"),
    path("auth/logout-all/", views.revoke_all_tokens, name="logout-all"),
    # Before the router, whose arguments/<pk>/ would otherwise take "similar" for an id.
    path("arguments/similar/", views.similar_arguments, name="similar-arguments"),
    path("", include(router.urls)),
]
