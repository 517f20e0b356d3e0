import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from debate.sources.models import Evidence
from debate.sources.passages import find_passage

from .factories import ARTICLE, make_evidence, make_source, make_speaker

pytestmark = pytest.mark.django_db


def test_it_saves_verbatim_evidence():
    evidence = make_evidence(quote="We will not accept it,")
    assert evidence.source.text[evidence.start : evidence.end] == "We will not accept it,"


def test_it_refuses_a_misquote_and_says_what_the_source_reads():
    source = make_source()
    start = ARTICLE.index("We will not")
    with pytest.raises(ValidationError) as error:
        Evidence.objects.create(source=source, start=start, end=start + 22, quote="We will now accept it,")
    message = str(error.value)
    assert "Not verbatim" in message and "We will not accept it," in message
    assert Evidence.objects.count() == 0


def test_it_refuses_offsets_past_the_end():
    source = make_source()
    with pytest.raises(ValidationError, match="past the end"):
        Evidence.objects.create(source=source, start=5, end=len(ARTICLE) + 10, quote="x")


def test_it_refuses_an_empty_span():
    source = make_source()
    with pytest.raises(ValidationError, match="do not mark a passage"):
        Evidence.objects.create(source=source, start=5, end=5, quote="")


def test_it_checks_quotes_again_when_evidence_is_edited():
    evidence = make_evidence()
    evidence.quote = "We will accept it"
    with pytest.raises(ValidationError):
        evidence.save()


def test_it_counts_offsets_in_code_points_after_non_ascii_text():
    source = make_source(text="Señor Pérez — “ça va” — said: “it is done.”")
    quote = "it is done."
    evidence = make_evidence(source=source, quote=quote)
    assert evidence.start == source.text.index(quote)


def test_it_normalises_windows_line_endings():
    source = make_source(text="First line.\r\nSecond line.")
    assert source.text == "First line.\nSecond line."


def test_it_freezes_a_source_that_evidence_cites():
    evidence = make_evidence()
    source = evidence.source
    source.text = source.text.replace("minister", "premier")
    with pytest.raises(ValidationError, match="frozen"):
        source.save()


def test_it_lets_an_uncited_source_be_corrected():
    source = make_source()
    source.text = "A corrected text."
    source.save()
    source.refresh_from_db()
    assert source.text == "A corrected text."


def test_it_refuses_two_evidence_rows_with_the_same_span():
    evidence = make_evidence()
    with pytest.raises((IntegrityError, ValidationError)):
        Evidence.objects.create(source=evidence.source, start=evidence.start, end=evidence.end, quote=evidence.quote)


def test_it_gives_speakers_unique_slugs():
    first = make_speaker("A former official")
    second = make_speaker("A former official")
    assert first.slug != second.slug


def test_it_refuses_an_address_that_is_not_a_web_address():
    with pytest.raises(ValidationError):
        make_source(url="javascript:alert(document.cookie)")


# A passage as the article prints it: curly quotes and apostrophes, an em dash, a non-breaking space, a line break.
PRINTED = "The governor said: “We won’t accept it — not now,\nnot\u00a0ever.” Then she left."


@pytest.mark.parametrize(
    "pasted",
    [
        "“We won’t accept it — not now,\nnot\u00a0ever.”",  # as printed
        '"We won\'t accept it - not now, not ever."',  # straight marks, a hyphen, plain spaces
        '"We won\'t accept it -- not now,  not ever."',  # two hyphens for the dash, two spaces
        '"We won\'t accept it—not now,\r\n  not ever."',  # no space round the dash, a Windows line break
        "  “We won’t accept it –\tnot now, not ever.”\n",  # an en dash, a tab, spaces around
    ],
)
def test_it_finds_a_pasted_passage_whatever_its_quote_marks_dashes_and_spacing(pasted):
    [(start, end)] = find_passage(PRINTED, pasted)
    assert PRINTED[start:end] == "“We won’t accept it — not now,\nnot\u00a0ever.”"


def test_it_finds_every_occurrence_with_the_length_each_has_in_the_article():
    text = "He said “no” twice.  Later he said\n“no”  again; ‘no’ is not “no”."
    spans = find_passage(text, 'said "no"')
    assert [text[start:end] for start, end in spans] == ["said “no”", "said\n“no”"]


def test_it_keeps_quote_marks_apart_from_letters_and_words_whole():
    text = "It’s the minister’s plan."
    assert find_passage(text, "Its the") == []
    assert find_passage(text, "minister's plan") == [(9, 24)]
    assert find_passage(text, "   ") == []


def test_it_finds_a_passage_at_the_end_of_a_long_article():
    text = ("word — “quoted”  \u00a0 " * 20_000) + "the end"
    [(start, end)] = find_passage(text, "the end")
    assert text[start:end] == "the end"
