from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from debate.accounts.roles import moderator_required
from debate.arguments.models import Debate, Position, Stance
from debate.core.freshness import reader_page
from debate.sources.citations import STYLE_NAMES, STYLES

from .brief import brief_docx, build_brief
from .forms import AifUploadForm, ArgdownForm
from .services import (
    EXPORTS,
    AlreadyOnSite,
    Export,
    InterchangeError,
    export_debate,
    export_position,
    import_aif,
    import_argdown,
)

PLAIN_TEXT = "text/plain; charset=utf-8"


def _download(export):
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename)
    return response


def _readable_position(request, debate_slug, slug):
    return Position.objects.readable().filter(debate__slug=debate_slug, slug=slug)


@require_safe
@reader_page(readable=lambda request, slug, name: Debate.objects.published().filter(slug=slug))
def debate_export(request, slug, name):
    """A published debate, as readers see it, in one of the export formats; drafts are 404."""
    return _download(export_debate(get_object_or_404(Debate.objects.published(), slug=slug), name))


@require_safe
@reader_page(readable=lambda request, debate_slug, slug, name: _readable_position(request, debate_slug, slug))
def position_export(request, debate_slug, slug, name):
    """The evidence cards of one published position."""
    position = get_object_or_404(
        Position.objects.readable().select_related("debate"), debate__slug=debate_slug, slug=slug
    )
    return _download(export_position(position, name))


def _brief_query_error(request):
    side, style = request.GET.get("side"), request.GET.get("style", "mla")
    if side is not None and side not in Stance.values:
        return "“side” must be “for” or “against”."
    if style not in STYLES:
        return f"“style” must be one of {', '.join(STYLES)}."
    return None


def _readable_brief(request, debate_slug, slug):
    return False if _brief_query_error(request) else _readable_position(request, debate_slug, slug)


def _brief(request, debate_slug, slug):
    """The brief the query asks for, or a 400 response saying what is wrong with the query."""
    error = _brief_query_error(request)
    if error:
        return None, HttpResponseBadRequest(error, content_type=PLAIN_TEXT)
    side, style = request.GET.get("side"), request.GET.get("style", "mla")
    position = get_object_or_404(
        Position.objects.readable().select_related("debate"), debate__slug=debate_slug, slug=slug
    )
    sides = [side] if side else [Stance.FOR, Stance.AGAINST]
    brief = build_brief(position, sides, style=style, absolute_url=request.build_absolute_uri)
    return (position, brief), None


@require_safe
@reader_page(query=("side", "style"), readable=_readable_brief)
def position_brief(request, debate_slug, slug):
    """A side's case (or both) as a brief to print: claims, evidence, full citations."""
    found, refusal = _brief(request, debate_slug, slug)
    if refusal:
        return refusal
    position, brief = found
    return render(
        request,
        "interchange/brief.html",
        {
            "position": position,
            "debate": position.debate,
            "brief": brief,
            "side": request.GET.get("side", ""),
            "styles": [(key, name) for key, name in STYLE_NAMES.items()],
        },
    )


@require_safe
@reader_page(query=("side", "style"), readable=_readable_brief)
def position_brief_docx(request, debate_slug, slug):
    """The same brief as a Word document."""
    found, refusal = _brief(request, debate_slug, slug)
    if refusal:
        return refusal
    position, brief = found
    side = request.GET.get("side")
    name = f"{position.debate.slug}-{position.slug}-{f'case-{side}' if side else 'brief'}.docx"
    return _download(Export(brief_docx(brief), EXPORTS["cards-docx"].content_type, name))


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
