"""The JSON API: the same content and the same rules as the pages."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Case, IntegerField, Prefetch, ProtectedError, When
from drf_spectacular.utils import extend_schema
from rest_framework import filters, mixins, status, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action, api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from debate.accounts import services as accounts
from debate.accounts.ratelimit import is_locked_out
from debate.accounts.roles import is_moderator
from debate.accounts.tokens import TokenAuthentication
from debate.arguments import similarity
from debate.arguments.models import Argument, Debate, Position
from debate.core.freshness import ConditionalReadsMixin
from debate.core.hostile_input import is_whole_number
from debate.core.models import EditConflict, ObjectGone
from debate.moderation import services as moderation
from debate.moderation.models import Flag, Proposal
from debate.search.services import ranked_ids
from debate.sources.models import Evidence, Source, Speaker

from . import serializers
from .permissions import IsAuthenticatedStudent, IsModeratorOrReadOnly

MAX_ID = 2**63 - 1  # the largest id a database column holds


def as_api_error(error, field="non_field_errors"):
    """A model's ValidationError as a 400 with a message per field."""
    return drf_serializers.ValidationError(getattr(error, "message_dict", {field: error.messages}))


class StrictQueryMixin:
    """Refuse query parameters the endpoint does not know, rather than silently ignoring a typo."""

    common_params = {"page", "format"}

    def known_params(self):
        return self.common_params

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.known_params())
        if unknown:
            raise drf_serializers.ValidationError({"query": [f"Unknown query parameter: {name}" for name in unknown]})
        page = request.query_params.get("page")
        if page is not None and not (is_whole_number(page) or page == "last"):
            raise drf_serializers.ValidationError({"page": ['A page is a positive whole number, or "last".']})


class ContentViewSet(ConditionalReadsMixin, StrictQueryMixin, viewsets.ModelViewSet):
    """Readers see published content; moderators see and curate everything.

    Query parameters named in ``filters_map`` filter the list; ``q`` ranks it by full-text
    relevance; ``ordering`` sorts it. A filter given as ``(lookup, readable)`` takes the id of
    something else: for readers it matches only what ``readable()`` holds, so naming a draft
    answers exactly as naming an id that does not exist.
    """

    permission_classes = [IsModeratorOrReadOnly]
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["id", "updated_at"]
    ordering = ["id"]
    filters_map = {}
    search_kind = None

    def known_params(self):
        return self.common_params | {"ordering", "q"} | set(self.filters_map)

    @classmethod
    def reader_query(cls):
        return tuple(sorted(cls().known_params()))

    @classmethod
    def reader_readable(cls, request, pk=None, **kwargs):
        """A 304 only for what would be a 200: known parameters, and an object a reader may open."""
        if set(request.GET) - set(cls.reader_query()):
            return False
        if pk is None:
            return None
        try:
            return cls().readable().filter(pk=pk)
        except (ValueError, TypeError, DjangoValidationError):
            return False

    def readable(self):
        raise NotImplementedError

    def everything(self):
        return self.readable().model.objects.all()

    def get_queryset(self):
        moderator = is_moderator(self.request.user)
        queryset = self.everything() if moderator else self.readable()
        for param, spec in self.filters_map.items():
            value = self.request.query_params.get(param)
            if value in (None, ""):
                continue
            lookup, readable = spec if isinstance(spec, tuple) else (spec, None)
            try:
                # Every filter takes an id, a choice or a boolean, all ASCII: "٣" is not the id 3 here.
                if not value.isascii() or (is_whole_number(value) and int(value) > MAX_ID):
                    raise ValueError(value)
                if readable is None or moderator:
                    queryset = queryset.filter(**{lookup: value})
                else:
                    queryset = queryset.filter(**{f"{lookup}__in": readable().filter(pk=value)})
            except (ValueError, TypeError, DjangoValidationError) as error:
                raise drf_serializers.ValidationError({param: [f"“{value[:40]}” is not a valid {param}."]}) from error
        return queryset

    def filter_queryset(self, queryset):
        query = self.request.query_params.get("q", "").strip()
        if query and self.search_kind:
            ids = [pk for _, pk, _ in ranked_ids(query, limit=200, kinds=(self.search_kind,))]
            rank = Case(*[When(pk=pk, then=i) for i, pk in enumerate(ids)], output_field=IntegerField())
            return queryset.filter(pk__in=ids).annotate(search_rank=rank).order_by("search_rank")
        return super().filter_queryset(queryset)

    def update(self, request, *args, **kwargs):
        try:
            return super().update(request, *args, **kwargs)
        except EditConflict as conflict:
            current = self.get_serializer(conflict.current).data
            return Response({"detail": str(conflict), "current": current}, status=status.HTTP_409_CONFLICT)
        except ObjectGone as gone:
            kept = gone.merged_into
            body = {"detail": str(gone), "current": None}
            if kept is not None:
                body["merged_into"] = {"id": kept.pk, "html_url": request.build_absolute_uri(kept.get_absolute_url())}
            return Response(body, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            raise as_api_error(error) from error

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError as error:
            raise drf_serializers.ValidationError(
                {"non_field_errors": ["Other content still refers to this; merge or retire it instead."]}
            ) from error


class DebateViewSet(ContentViewSet):
    serializer_class = serializers.DebateSerializer
    filters_map = {"status": "status"}

    def readable(self):
        return Debate.objects.published()


class PositionViewSet(ContentViewSet):
    serializer_class = serializers.PositionSerializer
    filters_map = {
        "debate": ("debate", Debate.objects.published),
        "status": "status",
        "speaker": ("holders", Speaker.objects.published),
    }

    def readable(self):
        return Position.objects.readable().prefetch_related(Prefetch("holders", queryset=Speaker.objects.published()))

    def everything(self):
        return Position.objects.prefetch_related("holders")


class ArgumentViewSet(ContentViewSet):
    serializer_class = serializers.ArgumentSerializer
    ordering_fields = ["id", "updated_at", "depth"]
    search_kind = "argument"
    filters_map = {
        "debate": ("position__debate", Debate.objects.published),
        "position": ("position", Position.objects.readable),
        "parent": ("parent", Argument.objects.readable),
        "speaker": ("speaker", Speaker.objects.published),
        "stance": "stance",
        "position_stance": "position_stance",
        "status": "status",
        "evidence_kind": "evidence__kind",
    }

    def readable(self):
        # The speaker comes along so that the serializer can leave out a draft one without a query.
        return (
            Argument.objects.readable()
            .select_related("speaker", "author")
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.visible()))
        )

    def everything(self):
        return Argument.objects.prefetch_related("evidence")

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.distinct() if self.request.query_params.get("evidence_kind") else queryset


class SpeakerViewSet(ContentViewSet):
    serializer_class = serializers.SpeakerSerializer
    search_kind = "speaker"
    ordering_fields = ["id", "name", "updated_at"]
    filters_map = {"is_anonymous": "is_anonymous", "status": "status"}

    def readable(self):
        return Speaker.objects.published()


class SourceViewSet(ContentViewSet):
    serializer_class = serializers.SourceSerializer
    filters_map = {"status": "status"}
    max_body_bytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # an article's text, as much as the import form takes

    def readable(self):
        return Source.objects.published()


class EvidenceViewSet(ContentViewSet):
    serializer_class = serializers.EvidenceSerializer
    search_kind = "evidence"
    ordering_fields = ["id", "start", "updated_at"]
    filters_map = {
        "source": ("source", Source.objects.published),
        "speaker": ("speaker", Speaker.objects.published),
        "kind": "kind",
        "argument": ("arguments", Argument.objects.readable),
    }

    def readable(self):
        return Evidence.objects.visible().select_related("source", "speaker")

    def everything(self):
        return Evidence.objects.select_related("source")


class ReviewedViewSet(
    StrictQueryMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Students send and follow their own items; moderators see all and review them."""

    permission_classes = [IsAuthenticatedStudent]
    model = None
    submit = None  # the service that files a student's item

    def get_queryset(self):
        queryset = self.model.objects.order_by("-created_at", "-id")
        if self.model is Proposal:
            queryset = queryset.prefetch_related("cited_evidence")
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return queryset.none()
        return queryset if is_moderator(self.request.user) else queryset.filter(author=self.request.user)

    def perform_create(self, serializer):
        """A student's item is filed by the same service as the pages' forms use."""
        try:
            serializer.instance = self.submit(author=self.request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_api_error(error) from error

    def _review(self, request, close):
        """Apply a review service to the item; taking the opposite decision to an earlier one answers 409."""
        if not is_moderator(request.user):
            raise PermissionDenied("Only moderators review.")
        item = self.get_object()
        review = serializers.ReviewSerializer(data=request.data)
        review.is_valid(raise_exception=True)
        try:
            close(item, request.user, review.validated_data["reason"])
        except moderation.AlreadyReviewed as reviewed:
            current = self.item_serializer(reviewed.item, context=self.get_serializer_context()).data
            return Response({"detail": str(reviewed), "current": current}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            raise as_api_error(error, field="reason") from error
        item.refresh_from_db()
        return Response(self.item_serializer(item, context=self.get_serializer_context()).data)


class ProposalViewSet(ReviewedViewSet):
    serializer_class = item_serializer = serializers.ProposalSerializer
    model = Proposal
    submit = staticmethod(moderation.proposal_submit)

    @action(detail=True, methods=["post"], serializer_class=serializers.ReviewSerializer)
    def approve(self, request, pk=None):
        return self._review(
            request,
            lambda item, user, reason: moderation.proposal_approve(proposal=item, moderator=user, reason=reason),
        )

    @action(detail=True, methods=["post"], serializer_class=serializers.ReviewSerializer)
    def reject(self, request, pk=None):
        return self._review(
            request, lambda item, user, reason: moderation.proposal_reject(proposal=item, moderator=user, reason=reason)
        )


class FlagViewSet(ReviewedViewSet):
    serializer_class = item_serializer = serializers.FlagSerializer
    model = Flag
    submit = staticmethod(moderation.flag_submit)

    @action(detail=True, methods=["post"], serializer_class=serializers.ReviewSerializer)
    def resolve(self, request, pk=None):
        return self._review(
            request, lambda item, user, reason: moderation.flag_resolve(flag=item, moderator=user, reason=reason)
        )

    @action(detail=True, methods=["post"], serializer_class=serializers.ReviewSerializer)
    def reject(self, request, pk=None):
        return self._review(
            request, lambda item, user, reason: moderation.flag_reject(flag=item, moderator=user, reason=reason)
        )


class TokenRequestSerializer(drf_serializers.Serializer):
    username = drf_serializers.CharField()
    password = drf_serializers.CharField(style={"input_type": "password"})


class TokenSerializer(drf_serializers.Serializer):
    token = drf_serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")
    expiry = drf_serializers.DateTimeField(help_text="When the token stops working.")


@extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([])
def obtain_token(request):
    """Exchange a username and password for an API token (rate-limited like every login). The token
    expires, and stops working when the password changes or the client logs out."""
    data = TokenRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    username = data.validated_data["username"]
    if is_locked_out(request, username):
        return Response(
            {"detail": "Too many failed attempts to log in. Please wait and try again."},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
    user = authenticate(request, username=username, password=data.validated_data["password"])
    if user is None:
        raise drf_serializers.ValidationError({"non_field_errors": ["Wrong username or password."]})
    token, key = accounts.issue_api_token(user=user)
    return Response(TokenSerializer({"token": key, "expiry": token.expiry}).data)


@extend_schema(request=None, responses={204: None})
@api_view(["POST"])
@authentication_classes([TokenAuthentication])
@permission_classes([IsAuthenticated])
def revoke_token(request):
    """Log out this client: the token sent with the request stops working."""
    accounts.revoke_api_token(token=request.auth)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(request=None, responses={204: None})
@api_view(["POST"])
@authentication_classes([TokenAuthentication])
@permission_classes([IsAuthenticated])
def revoke_all_tokens(request):
    """Log out every API client of this user: all their tokens stop working."""
    accounts.revoke_api_tokens(user=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    parameters=[serializers.SimilarQuerySerializer], responses={200: serializers.SimilarMatchSerializer(many=True)}
)
@api_view(["GET"])
@permission_classes([AllowAny])
def similar_arguments(request):
    """The published arguments of a position's debate most like `text`, best first (at most five), each
    with a score from 0 to 1: what a student is shown while writing, so as not to repeat an argument."""
    unknown = sorted(set(request.query_params) - {"position", "text", "format"})
    if unknown:
        raise drf_serializers.ValidationError({"query": [f"Unknown query parameter: {name}" for name in unknown]})
    query = serializers.SimilarQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    position = query.validated_data["position"]
    matches = similarity.similar_arguments(debate_id=position.debate_id, text=query.validated_data["text"])
    return Response(serializers.SimilarMatchSerializer(matches, many=True, context={"request": request}).data)
