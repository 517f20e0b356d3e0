import random

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from debate.arguments.models import Argument, Debate
from debate.seed import prose
from debate.seed.generator import generate_debate, plan_thread_tree
from debate.sources.models import Evidence

pytestmark = pytest.mark.django_db


def generate(**kwargs):
    options = {"arguments": 300, "depth": 12, "speakers": 8, "sources": 3, "seed": 5, "positions": 3}
    return generate_debate(**{**options, **kwargs})


def shape(debate):
    """Everything a reader would see of a generated debate, without its ids and slugs."""
    arguments = Argument.objects.filter(position__debate=debate).select_related("position", "parent").order_by("id")
    evidence = Evidence.objects.filter(arguments__position__debate=debate).distinct()
    return [
        [(a.position.order, a.depth, a.stance, a.text, a.parent.text if a.parent else None) for a in arguments],
        sorted(evidence.values_list("source__title", "source__text", "quote", "start", "kind", "speaker__name")),
    ]


def test_it_builds_the_same_debate_from_the_same_seed():
    first = generate(slug="first")
    second = generate(slug="second")
    assert shape(first.debate) == shape(second.debate)
    assert shape(generate(slug="third", seed=6).debate) != shape(first.debate)


@pytest.mark.parametrize("depth", [1, 2, 12, 300])
def test_it_makes_the_longest_chain_exactly_depth_levels(depth):
    made = generate(depth=depth)
    arguments = Argument.objects.filter(position__debate=made.debate)
    assert arguments.count() == 300
    assert max(arguments.values_list("depth", flat=True)) == depth - 1
    chain = [made.deepest_argument, *Argument.objects.ancestors_of(made.deepest_argument)]
    assert len(chain) == depth
    if depth == 1:
        assert not arguments.exclude(parent=None).exists()


def test_it_sets_derived_fields_exactly_as_clean_would():
    made = generate()
    for argument in Argument.objects.filter(position__debate=made.debate).select_related("parent"):
        stored = (argument.depth, argument.position_stance, argument.is_visible, argument.slug)
        argument.slug = ""
        argument.clean()
        assert (argument.depth, argument.position_stance, argument.is_visible, argument.slug) == stored
        assert argument.created_at and argument.updated_at


def test_it_anchors_every_excerpt_verbatim_and_cites_each_one():
    made = generate()
    evidence = Evidence.objects.filter(arguments__position__debate=made.debate).distinct().select_related("source")
    assert evidence.count() == made.counts["evidence"] == 60  # arguments / 5: more than 10 per source
    assert {item.kind for item in evidence} == {"quote", "paraphrase", "fact"}
    for item in evidence:
        assert item.source.text[item.start : item.end] == item.quote
        assert "“" not in item.quote and "”" not in item.quote
    assert Argument.objects.filter(position__debate=made.debate, evidence__isnull=False).exists()


def test_it_rolls_everything_back_when_an_excerpt_is_not_verbatim(monkeypatch):
    article = prose.Prose.article

    def misquoting_article(self, speakers, excerpt_count):
        text, excerpts = article(self, speakers, excerpt_count)
        excerpts[-1].quote = excerpts[-1].quote.upper()
        return text, excerpts

    monkeypatch.setattr(prose.Prose, "article", misquoting_article)
    debates = Debate.objects.count()
    with pytest.raises(ValidationError, match="Not verbatim"):
        generate()
    assert Debate.objects.count() == debates
    assert not Argument.objects.exists() and not Evidence.objects.exists()


def test_it_plans_replies_only_under_arguments_that_leave_room():
    nodes = plan_thread_tree(random.Random(1), 500, 5, spine=False)
    assert max(node.level for node in nodes) <= 4
    assert all(node.parent is None or node.parent < index for index, node in enumerate(nodes))


def test_it_prints_what_it_made_and_where(capsys):
    call_command("generate_debate", "--arguments", "40", "--depth", "5", "--seed", "3", "--slug", "printed")
    out = capsys.readouterr().out
    assert "40 arguments (longest chain 5 levels)" in out
    deepest = Argument.objects.filter(position__debate__slug="printed").order_by("-depth").first()
    assert f"Deepest argument: {deepest.get_absolute_url()}" in out
    assert "Biggest position: /debates/printed/positions/" in out
