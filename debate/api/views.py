from rest_framework import viewsets

from debate.arguments.models import Argument, Debate, Position
from debate.sources.models import Evidence, Source, Speaker

from . import serializers


class DebateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.DebateSerializer
    queryset = Debate.objects.published().order_by("id")


class PositionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PositionSerializer
    queryset = Position.objects.readable().select_related("debate").prefetch_related("holders").order_by("id")


class ArgumentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ArgumentSerializer
    queryset = Argument.objects.readable().prefetch_related("evidence").order_by("id")


class SpeakerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SpeakerSerializer
    queryset = Speaker.objects.published().order_by("id")


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SourceSerializer
    queryset = Source.objects.published().order_by("id")


class EvidenceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.EvidenceSerializer
    queryset = Evidence.objects.visible().select_related("source").order_by("id")
