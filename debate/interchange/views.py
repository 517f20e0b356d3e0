from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from debate.arguments.models import Debate, Position
from debate.core.freshness import reader_page

from .services import export_debate, export_position


def _download(export):
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename)
    return response


@require_safe
@reader_page
def debate_export(request, slug, name):
    """A published debate, as readers see it, in one of the export formats; drafts are 404."""
    return _download(export_debate(get_object_or_404(Debate.objects.published(), slug=slug), name))


@require_safe
@reader_page
def position_export(request, debate_slug, slug, name):
    """The evidence cards of one published position."""
    position = get_object_or_404(
        Position.objects.readable().select_related("debate"), debate__slug=debate_slug, slug=slug
    )
    return _download(export_position(position, name))
