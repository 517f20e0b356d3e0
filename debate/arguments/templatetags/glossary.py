"""Template filters that show a debate's background brief and mark its glossary terms (see ``background``)."""

from django import template
from django.utils.html import escape

from debate.arguments.background import sanitised_background
from debate.arguments.background import term_anchor as anchor_of

register = template.Library()


@register.filter
def background_html(text):
    """A debate's background brief as sanitised HTML."""
    return sanitised_background(text or "")


@register.filter
def gloss(text, marker):
    """Plain text, escaped, with the first use on the page of each glossary term marked."""
    if not marker:
        return escape(text)
    return marker.mark_text(text)


@register.filter
def gloss_html(html, marker):
    """Sanitised HTML with the first use on the page of each glossary term marked in its text."""
    if not marker:
        return html
    return marker.mark_html(html)


@register.filter
def term_anchor(term):
    """The id of a glossary entry on the debate page, which marked terms link to."""
    return anchor_of(term)
