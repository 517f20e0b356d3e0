"""A speaker as a page mentions them: the whole name the first time, a short form after.

An anonymous speaker's name is the article's description of them ("a former Marine officer who
worked with special operations in Afghanistan"); repeated beside every quote it buries the quotes.
So a page names each speaker in full once, and after that by the description's first words, as a
link to the speaker's page (one tap to the whole description) with the whole name as its title.
"""

from django import template
from django.utils.html import format_html

register = template.Library()

SHORT_WORDS = 6  # words kept in the short form
LONG_WORDS = 9  # names of more words than this are shortened after their first mention


def short_name(name):
    """The first words of a long description and "…"; a short name as it is."""
    words = name.split()
    if len(words) <= LONG_WORDS:
        return name
    return " ".join(words[:SHORT_WORDS]).rstrip(",;:") + "…"


def _mentioned(context):
    """The speakers this rendering has named so far.

    Kept in the render context's outermost layer, which every included template shares, so the
    set lasts exactly one page.
    """
    return context.render_context.dicts[0].setdefault("speakers_mentioned", set())


@register.simple_tag(takes_context=True)
def speaker_link(context, speaker):
    """A link to ``speaker``'s page named in full on the first mention in the page, shortened after."""
    mentioned = _mentioned(context)
    short = short_name(speaker.name) if speaker.pk in mentioned else speaker.name
    mentioned.add(speaker.pk)
    if short == speaker.name:
        return format_html('<a href="{}">{}</a>', speaker.get_absolute_url(), speaker.name)
    return format_html(
        '<a class="speaker-short" href="{}" title="{}">{}</a>', speaker.get_absolute_url(), speaker.name, short
    )
