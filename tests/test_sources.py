import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from debate.sources.models import Evidence

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
