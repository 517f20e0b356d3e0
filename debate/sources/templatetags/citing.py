from django import template

from debate.sources.citations import citation_list, source_citations

register = template.Library()


@register.filter
def citations(source):
    """``[(style name, text)]`` for a source already on hand: no query, built once per source."""
    return citation_list(source_citations(source))
