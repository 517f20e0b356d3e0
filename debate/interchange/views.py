from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from debate.accounts.roles import moderator_required
from debate.arguments.models import Debate, Position
from debate.core.freshness import reader_page

from .forms import AifUploadForm
from .services import InterchangeError, export_debate, export_position, import_aif


def _download(export):
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename)
    return response


@require_safe
@reader_page(readable=lambda request, slug, name: Debate.objects.published().filter(slug=slug))
def debate_export(request, slug, name):
    """A published debate, as readers see it, in one of the export formats; drafts are 404."""
    return _download(export_debate(get_object_or_404(Debate.objects.published(), slug=slug), name))


@require_safe
@reader_page(
    readable=lambda request, debate_slug, slug, name: Position.objects.readable().filter(
        debate__slug=debate_slug, slug=slug
    )
)
def position_export(request, debate_slug, slug, name):
    """The evidence cards of one published position."""
    position = get_object_or_404(
        Position.objects.readable().select_related("debate"), debate__slug=debate_slug, slug=slug
    )
    return _download(export_position(position, name))


@moderator_required
def import_aif_upload(request):
    """A moderator uploads an argument map; it becomes a new debate (a draft unless our export says otherwise)."""
    form = AifUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            debate = import_aif(form.cleaned_data["file"].read())
        except InterchangeError as error:
            form.add_error("file", f"Nothing was imported: {error}")
        else:
            return render(request, "interchange/imported.html", {"debate": debate, "report": debate.import_report})
    status = 400 if form.errors else 200
    return render(request, "interchange/import_aif.html", {"form": form}, status=status)
