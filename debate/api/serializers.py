"""API representations. Writes go through the models' own integrity rules (``clean()``), so a
misquote or a cycle is a 400 naming the field, never a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from debate.accounts.roles import is_moderator
from debate.arguments.background import sanitised_background
from debate.arguments.models import Argument, Debate, Position
from debate.core.forms import MAX_ID
from debate.core.models import (
    GLOSSARY_DEFINITION_MAX_LENGTH,
    GLOSSARY_MAX_ENTRIES,
    GLOSSARY_TERM_MAX_LENGTH,
    ObjectGone,
)
from debate.moderation.models import Flag, Proposal
from debate.sources.citations import source_citations
from debate.sources.models import Evidence, Source, Speaker


class StrictCharField(serializers.CharField):
    """JSON strings only: a number where text belongs is a client's mistake, not text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        # Measured before white space is trimmed: the schema's maxLength is about what was sent.
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class StrictSlugField(StrictCharField, serializers.SlugField):
    pass


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id is a JSON integer: neither the string "3" nor "٣", which ``int()`` would read as 3."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    """The API speaks JSON only, so every field takes exactly its JSON type."""

    serializer_related_field = StrictPrimaryKeyRelatedField

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
        models.BooleanField: StrictBooleanField,
        models.PositiveIntegerField: StrictIntegerField,
        models.IntegerField: StrictIntegerField,
    }


def valid_address(value):
    # A function rather than URLValidator itself, so the schema does not claim "format: uri"
    # for a field that may be empty.
    if value:
        URLValidator()(value)


class HtmlUrlMixin(serializers.Serializer):
    """Every object carries the absolute address of its page on the site."""

    html_url = serializers.SerializerMethodField()

    def get_html_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class ModelRulesMixin:
    """Run the model's ``clean()`` and constraints on the would-be object and report errors per field.

    Serializers using it set ``validators = []``: DRF's own unique-together check would
    demand slugs that the model derives itself.
    """

    many_to_many = ()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        fields = {k: v for k, v in attrs.items() if k not in self.many_to_many}
        if self.instance is not None:
            candidate = model._base_manager.filter(pk=self.instance.pk).first()
            if candidate is None:
                raise ObjectGone(self.instance)  # merged or deleted since the request fetched it
            for name, value in fields.items():
                setattr(candidate, name, value)
        else:
            candidate = model(**fields)
        try:
            candidate.clean()
            # Uniqueness is checked here, after clean() has filled in derived values such as slugs.
            candidate.validate_unique()
            candidate.validate_constraints()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
            ) from error
        return attrs


class VersionedMixin(serializers.Serializer):
    """Edits must say which version they start from; a stale one is answered with 409."""

    version = StrictIntegerField(required=False, help_text="The version the edit starts from; required for updates.")

    def validate_version(self, value):
        if self.instance is not None and value is None:
            raise serializers.ValidationError("Send the version you are editing.")
        return value

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": "Send the version you are editing."})
        return super().validate(attrs)

    def update(self, instance, validated_data):
        instance.version = validated_data.pop("version")
        return super().update(instance, validated_data)

    def create(self, validated_data):
        validated_data.pop("version", None)
        return super().create(validated_data)


class ReaderSpeakerMixin(serializers.Serializer):
    """Readers are not told who a draft or retired speaker is: ``speaker`` is null for them."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        moderator = request is not None and is_moderator(request.user)
        if instance.speaker_id and not moderator and instance.reader_speaker is None:
            data["speaker"] = None
        return data


class GlossaryEntrySerializer(serializers.Serializer):
    term = StrictCharField(max_length=GLOSSARY_TERM_MAX_LENGTH)
    definition = StrictCharField(max_length=GLOSSARY_DEFINITION_MAX_LENGTH)


class DebateSerializer(HtmlUrlMixin, VersionedMixin, ModelRulesMixin, StrictModelSerializer):
    exports = serializers.SerializerMethodField()
    glossary = serializers.ListField(
        child=GlossaryEntrySerializer(),
        required=False,
        max_length=GLOSSARY_MAX_ENTRIES,
        help_text="Terms a student may not know, each with a one-sentence definition; the pages mark their first use.",
    )
    background_html = serializers.SerializerMethodField(
        help_text="`background` as the pages show it: sanitised HTML (paragraphs, bold, italic, lists, links)."
    )

    class Meta:
        model = Debate
        fields = [
            "id", "slug", "motion", "summary", "background", "background_html", "glossary", "status", "version",
            "html_url", "exports",
        ]  # fmt: skip
        extra_kwargs = {
            "slug": {"required": False},
            "background": {"help_text": "The background brief as the moderators wrote it (see `background_html`)."},
        }

    def get_background_html(self, obj) -> str:
        return str(sanitised_background(obj.background))

    def validate_glossary(self, value):
        return [{"term": entry["term"], "definition": entry["definition"]} for entry in value]

    def get_exports(self, obj) -> dict[str, str]:
        from debate.interchange.services import export_urls

        request = self.context["request"]
        return {key: request.build_absolute_uri(path) for key, path in export_urls(obj).items()}


class PositionSerializer(HtmlUrlMixin, VersionedMixin, ModelRulesMixin, StrictModelSerializer):
    many_to_many = ("holders",)

    class Meta:
        model = Position
        fields = ["id", "debate", "slug", "title", "summary", "holders", "order", "status", "version", "html_url"]
        extra_kwargs = {"slug": {"required": False}, "holders": {"required": False}}
        validators = []


class ArgumentSerializer(ReaderSpeakerMixin, HtmlUrlMixin, VersionedMixin, ModelRulesMixin, StrictModelSerializer):
    many_to_many = ("evidence",)
    author = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Username of the site user who wrote it; for moderators only (null for others and for curated "
        "content). `speaker` is set only when the argument is that quoted person's own claim.",
    )

    class Meta:
        model = Argument
        fields = [
            "id", "position", "parent", "stance", "position_stance", "depth", "text", "speaker", "author",
            "evidence", "slug", "status", "version", "html_url",
        ]  # fmt: skip
        read_only_fields = ["position_stance", "depth"]
        extra_kwargs = {"slug": {"required": False}, "evidence": {"required": False}}
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not is_moderator(request.user):
            data["author"] = None  # readers are not told usernames
        return data


class SpeakerSerializer(HtmlUrlMixin, VersionedMixin, ModelRulesMixin, StrictModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "slug", "role", "affiliation", "is_anonymous", "status", "version", "html_url"]
        extra_kwargs = {"slug": {"required": False}}


class CitationsSerializer(serializers.Serializer):
    mla = serializers.CharField(read_only=True, help_text="MLA 9 works-cited entry.")
    apa = serializers.CharField(read_only=True, help_text="APA 7 reference.")
    chicago = serializers.CharField(read_only=True, help_text="Chicago notes-bibliography entry.")


class SourceSerializer(HtmlUrlMixin, VersionedMixin, ModelRulesMixin, StrictModelSerializer):
    date = serializers.DateField(source="published_on", allow_null=True, required=False)
    # A plain string in the schema: the address is often unknown (""), which is not a URI.
    url = StrictCharField(
        required=False, allow_blank=True, max_length=500, validators=[valid_address],
        help_text="The article's address, or empty when unknown.",
    )  # fmt: skip
    citations = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "id", "slug", "title", "publication", "byline", "date", "url", "text", "status", "version", "html_url",
            "citations",
        ]  # fmt: skip
        extra_kwargs = {"slug": {"required": False}}

    @extend_schema_field(CitationsSerializer)
    def get_citations(self, obj):
        """Built from the stored metadata; the same for the source and each of its excerpts."""
        return source_citations(obj)


class EvidenceSerializer(ReaderSpeakerMixin, HtmlUrlMixin, VersionedMixin, ModelRulesMixin, StrictModelSerializer):
    citations = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "source", "speaker", "start", "end", "quote", "kind", "version", "html_url", "citations"]
        validators = []

    @extend_schema_field(CitationsSerializer)
    def get_citations(self, obj):
        """An excerpt is cited by its source: a works-cited entry names the article, not the person quoted."""
        return source_citations(obj.source)


class ReaderChoicesMixin:
    """Students may only point at what readers can see: a draft stays invisible, even by id."""

    reader_querysets = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or is_moderator(request.user):
            return
        for name, queryset in self.reader_querysets.items():
            field = self.fields[name]
            target = getattr(field, "child_relation", field)
            target.queryset = queryset()


class ProposalSerializer(ReaderChoicesMixin, StrictModelSerializer):
    """A student's proposal; ``ProposalViewSet`` hands it to ``proposal_submit``, which finds the passage
    and applies the model's rules, as for the pages."""

    many_to_many = ("cited_evidence",)
    reader_querysets = {
        "position": Position.objects.readable,
        "parent": Argument.objects.readable,
        "cited_evidence": Evidence.objects.visible,
        "source": Source.objects.published,
        "speaker": Speaker.objects.published,
    }

    class Meta:
        model = Proposal
        fields = [
            "id", "kind", "position", "parent", "stance", "text", "cited_evidence", "source", "start", "end",
            "quote", "speaker", "evidence_kind", "state", "review_reason", "result", "created_at",
        ]  # fmt: skip
        read_only_fields = ["state", "review_reason", "result", "created_at"]
        extra_kwargs = {"cited_evidence": {"required": False}, "position": {"required": False}}

    def validate(self, attrs):
        if attrs.get("parent") is not None and "position" not in attrs:
            attrs["position"] = attrs["parent"].position
        if "position" not in attrs and self.instance is None:
            raise serializers.ValidationError({"position": "Name the position (or the parent argument)."})
        return super().validate(attrs)


class FlagSerializer(ReaderChoicesMixin, ModelRulesMixin, StrictModelSerializer):
    reader_querysets = {"argument": Argument.objects.readable, "evidence": Evidence.objects.visible}

    class Meta:
        model = Flag
        fields = ["id", "argument", "evidence", "reason", "comment", "state", "review_reason", "created_at"]
        read_only_fields = ["state", "review_reason", "created_at"]

    def validate(self, attrs):
        if bool(attrs.get("argument")) == bool(attrs.get("evidence")):
            raise serializers.ValidationError({"non_field_errors": ["Flag either an argument or a piece of evidence."]})
        return super().validate(attrs)


class ReviewSerializer(serializers.Serializer):
    reason = StrictCharField(
        required=False, allow_blank=True, default="", max_length=Proposal._meta.get_field("review_reason").max_length
    )


class SimilarArgumentSerializer(HtmlUrlMixin, serializers.ModelSerializer):
    class Meta:
        model = Argument
        fields = ["id", "position", "parent", "stance", "position_stance", "text", "html_url"]


class SimilarMatchSerializer(serializers.Serializer):
    argument = SimilarArgumentSerializer(help_text="A published argument of the position's debate.")
    score = serializers.FloatField(min_value=0, max_value=1, help_text="How alike the texts are, 0 to 1.")


class SimilarQuerySerializer(serializers.Serializer):
    position = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The position being written for: its debate's arguments are searched."
    )
    text = StrictCharField(max_length=2000, help_text="What the student is writing.")

    def validate_position(self, value):
        if not str(self.initial_data.get("position", "")).isascii():
            raise serializers.ValidationError("A valid integer is required.")
        try:
            return Position.objects.readable().select_related("debate").get(pk=value)
        except Position.DoesNotExist:
            raise serializers.ValidationError("No such position.") from None
