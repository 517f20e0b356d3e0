from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from debate.accounts.roles import moderator_required
from debate.arguments.models import Debate, Position
from debate.core.freshness import reader_page

from .forms import AifUploadForm, ArgdownForm
from .services import AlreadyOnSite, InterchangeError, export_debate, export_position, import_aif, import_argdown


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


def _import(request, form_class, importer, template):
    """The import form; a posted file becomes a new draft debate, unless the site already has it."""
    form = form_class(request.POST or None, request.FILES or None)
    already = None
    if request.method == "POST" and form.is_valid():
        try:
            debate = importer(form.document(), copy=form.cleaned_data["copy"])
        except AlreadyOnSite as error:
            already = error.debate
        except InterchangeError as error:
            form.add_error(None, f"Nothing was imported: {error}")
        else:
            return render(request, "interchange/imported.html", {"debate": debate, "report": debate.import_report})
    status = 409 if already else 400 if form.errors else 200
    return render(request, template, {"form": form, "already": already}, status=status)


@moderator_required
def import_aif_upload(request):
    """A moderator uploads an argument map; it becomes a new draft debate."""
    return _import(request, AifUploadForm, import_aif, "interchange/import_aif.html")


@moderator_required
def import_argdown_outline(request):
    """A moderator pastes or uploads an Argdown outline; it becomes a new draft debate citing the site's sources."""
    return _import(request, ArgdownForm, import_argdown, "interchange/import_argdown.html")
