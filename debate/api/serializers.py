from rest_framework import serializers

from debate.arguments.models import Argument, Debate, Position
from debate.sources.models import Evidence, Source, Speaker


class HtmlUrlMixin(serializers.Serializer):
    """Every object carries the absolute address of its page on the site."""

    html_url = serializers.SerializerMethodField()

    def get_html_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class DebateSerializer(HtmlUrlMixin, serializers.ModelSerializer):
    class Meta:
        model = Debate
        fields = ["id", "slug", "motion", "summary", "status", "version", "html_url"]


class PositionSerializer(HtmlUrlMixin, serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "debate", "slug", "title", "summary", "holders", "status", "version", "html_url"]


class ArgumentSerializer(HtmlUrlMixin, serializers.ModelSerializer):
    class Meta:
        model = Argument
        fields = [
            "id",
            "position",
            "parent",
            "stance",
            "position_stance",
            "depth",
            "text",
            "speaker",
            "evidence",
            "slug",
            "status",
            "version",
            "html_url",
        ]


class SpeakerSerializer(HtmlUrlMixin, serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "slug", "role", "affiliation", "is_anonymous", "status", "version", "html_url"]


class SourceSerializer(HtmlUrlMixin, serializers.ModelSerializer):
    date = serializers.DateField(source="published_on", allow_null=True, required=False)

    class Meta:
        model = Source
        fields = [
            "id",
            "slug",
            "title",
            "publication",
            "byline",
            "date",
            "url",
            "text",
            "status",
            "version",
            "html_url",
        ]


class EvidenceSerializer(HtmlUrlMixin, serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "source", "speaker", "start", "end", "quote", "kind", "version", "html_url"]
