from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from api import views, viewsets

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("regions", viewsets.RegionViewSet, basename="region")
router.register("networks", viewsets.NetworkViewSet, basename="network")
router.register("projects", viewsets.ProjectViewSet, basename="project")
router.register("studies", viewsets.StudyViewSet, basename="study")
router.register("financing-reviews", viewsets.FinancingReviewViewSet, basename="financing-review")
router.register("fundings", viewsets.FundingViewSet, basename="funding")
router.register("openings", viewsets.OpeningViewSet, basename="opening")
router.register("jury-sessions", viewsets.SessionViewSet, basename="session")
router.register("agenda-entries", viewsets.AgendaEntryViewSet, basename="agenda-entry")
router.register("scorecards", viewsets.ScorecardViewSet, basename="scorecard")
router.register("decisions", viewsets.DecisionViewSet, basename="decision")
router.register("notifications", viewsets.NotificationViewSet, basename="notification")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    # The schema holds no data: partners' tools read it before they hold a token.
    path("api/v1/schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path("api/v1/docs/", views.docs, name="docs"),
    re_path(r"^api/", viewsets.UnknownAddressView.as_view(), name="unknown"),
    path("account/api-tokens/", views.tokens, name="tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
