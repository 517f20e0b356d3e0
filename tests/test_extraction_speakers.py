"""Each person once on the review page: correcting, renaming and merging the speakers an import proposes."""

import re

import pytest

from debate.extraction.models import Decision, ExtractionProposal
from debate.sources.models import Evidence, Speaker

from .factories import make_evidence, make_source, make_speaker

pytestmark = pytest.mark.django_db

LANDFILL = (
    "The county board voted 4-1 on Tuesday to close the Mill Road landfill by 2027.\n"
    "“We have waited twenty years for this vote,” said Supervisor Elena Ruiz, who wrote the motion.\n"
    "Dale Harper, who runs a hauling company in the county, was not pleased. "
    "“The board has put forty drivers out of work,” Harper said.\n"
    "“The trucks will stop before my grandchildren start school,” Ruiz said.\n"
    "Elena Ruiz later told reporters that “the cleanup money is already in the budget.”"
)


@pytest.fixture
def staff(client, alice):
    client.force_login(alice)
    return client


def import_landfill(client):
    response = client.post("/moderate/articles/import/", {"text": LANDFILL, "title": "Board votes to close landfill"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ExtractionProposal.objects.filter(source__title="Board votes to close landfill")


def review_page(client, proposals):
    return client.get(f"/moderate/articles/{proposals.first().source_id}/").content.decode()


def people_section(page):
    return re.search(r'<section class="review-people".*?</section>', page, re.S).group(0)


def listed_people(page):
    return re.findall(r'<span class="person-name">([^<]*)</span>', people_section(page))


def ruiz(proposals):
    return proposals.filter(quote__startswith="We have waited").get()


def edit_fields(proposal, **changes):
    fields = {
        "quote": proposal.quote, "start": proposal.start, "end": proposal.end, "kind": proposal.kind,
        "speaker": proposal.speaker_id or "", "speaker_name": proposal.speaker_name, "role": proposal.role,
        "affiliation": proposal.affiliation,
    }  # fmt: skip
    return {**fields, **changes}


def speakers_of(proposals):
    return sorted(proposals.values_list("speaker_name", flat=True))


# One person, once ------------------------------------------------------------


def test_it_lists_a_person_named_several_ways_once(staff):
    proposals = import_landfill(staff)
    assert speakers_of(proposals) == ["Dale Harper", "Elena Ruiz", "Elena Ruiz", "Elena Ruiz"]
    page = review_page(staff, proposals)
    assert listed_people(page) == ["Elena Ruiz", "Dale Harper"]
    assert "3 quotes" in people_section(page)
    proposal_list = re.search(r'<section class="review-list".*?</section>', page, re.S).group(0)
    assert proposal_list.count("Elena Ruiz <strong>(new speaker)</strong>") == 3
    assert "Supervisor Elena Ruiz" not in proposal_list


def test_it_proposes_a_speaker_already_on_the_site_instead_of_a_new_one(staff):
    elena = make_speaker("Elena Ruiz", role="county supervisor")
    proposals = import_landfill(staff)
    assert [p.speaker for p in proposals.exclude(speaker_name="Dale Harper")] == [elena] * 3
    page = review_page(staff, proposals)
    assert "Elena Ruiz</span> (already on the site)" in page
    proposals.update(decision=Decision.ACCEPTED)
    staff.post(f"/moderate/articles/{proposals.first().source_id}/save/")
    assert Speaker.objects.filter(name__icontains="Ruiz").get() == elena
    assert elena.evidence.count() == 3


def test_it_reuses_a_speaker_on_the_site_whose_name_a_moderator_types(staff):
    elena = make_speaker("Elena Ruiz")
    harper = import_landfill(staff).get(speaker_name="Dale Harper")
    staff.post(f"/moderate/articles/proposals/{harper.pk}/edit/", edit_fields(harper, speaker_name="elena  RUIZ"))
    harper.refresh_from_db()
    assert (harper.speaker, harper.speaker_name) == (elena, "")


# Correcting all of a person's quotes --------------------------------------------


def test_it_offers_to_correct_the_other_quotes_of_the_same_speaker(staff):
    proposal = ruiz(import_landfill(staff))
    page = staff.get(f"/moderate/articles/proposals/{proposal.pk}/edit/").content.decode()
    box = re.search(r'<input type="checkbox" name="also_same_speaker"[^>]*>', page).group(0)
    assert "checked" in box
    assert "Also change the 2 other quotes attributed to “Elena Ruiz”" in page


def test_it_corrects_every_quote_of_the_speaker_when_the_box_is_ticked(staff):
    proposals = import_landfill(staff)
    proposal = ruiz(proposals)
    fields = edit_fields(proposal, speaker_name="Elena Ruiz-Marquez", also_same_speaker="on")
    response = staff.post(f"/moderate/articles/proposals/{proposal.pk}/edit/", fields)
    assert response.status_code == 302
    assert speakers_of(proposals) == ["Dale Harper", "Elena Ruiz-Marquez", "Elena Ruiz-Marquez", "Elena Ruiz-Marquez"]
    # Only the corrected one is accepted; the others keep their decision.
    assert sorted(proposals.values_list("decision", flat=True)) == ["accepted", "pending", "pending", "pending"]
    assert "changed with it" in staff.get(response["Location"]).content.decode()


def test_it_corrects_only_the_one_quote_when_the_box_is_cleared(staff):
    proposals = import_landfill(staff)
    proposal = ruiz(proposals)
    staff.post(
        f"/moderate/articles/proposals/{proposal.pk}/edit/", edit_fields(proposal, speaker_name="Elena Ruiz-Marquez")
    )
    assert speakers_of(proposals) == ["Dale Harper", "Elena Ruiz", "Elena Ruiz", "Elena Ruiz-Marquez"]


def test_it_corrects_all_to_a_speaker_already_on_the_site(staff):
    elena = make_speaker("Elena Ruiz-Marquez")
    proposals = import_landfill(staff)
    proposal = ruiz(proposals)
    fields = edit_fields(proposal, speaker=elena.pk, speaker_name="", also_same_speaker="on")
    staff.post(f"/moderate/articles/proposals/{proposal.pk}/edit/", fields)
    assert list(proposals.exclude(speaker_name="Dale Harper").values_list("speaker", flat=True)) == [elena.pk] * 3


def test_it_does_not_offer_to_correct_others_when_there_are_none(staff):
    harper = import_landfill(staff).get(speaker_name="Dale Harper")
    page = staff.get(f"/moderate/articles/proposals/{harper.pk}/edit/").content.decode()
    assert "also_same_speaker" not in page


# Renaming and merging --------------------------------------------------------------


def rename(client, proposal, name):
    return client.post(f"/moderate/articles/proposals/{proposal.pk}/rename-speaker/", {"name": name})


def merge(client, duplicate, into, **extra):
    return client.post(f"/moderate/articles/proposals/{duplicate.pk}/merge-speaker/", {"into": into, **extra})


def test_it_renames_a_proposed_speaker_on_all_their_quotes(staff):
    proposals = import_landfill(staff)
    response = rename(staff, ruiz(proposals), "Elena M. Ruiz")
    assert response.status_code == 302
    assert speakers_of(proposals) == ["Dale Harper", "Elena M. Ruiz", "Elena M. Ruiz", "Elena M. Ruiz"]
    assert listed_people(staff.get(response["Location"]).content.decode()) == ["Elena M. Ruiz", "Dale Harper"]


def test_it_merges_two_proposed_people_into_one(staff):
    proposals = import_landfill(staff)
    harper = proposals.get(speaker_name="Dale Harper")
    response = merge(staff, harper, ruiz(proposals).pk)
    assert response.status_code == 302
    assert speakers_of(proposals) == ["Elena Ruiz"] * 4
    assert set(proposals.values_list("role", flat=True)) == {ruiz(proposals).role}
    assert listed_people(review_page(staff, proposals)) == ["Elena Ruiz"]


def test_it_merges_a_proposed_person_into_a_speaker_on_the_site_whichever_way_round(staff):
    elena = make_speaker("Elena Ruiz")
    proposals = import_landfill(staff)
    harper = proposals.get(speaker_name="Dale Harper")
    assert merge(staff, ruiz(proposals), harper.pk).status_code == 302
    assert set(proposals.values_list("speaker", flat=True)) == {elena.pk}
    assert Speaker.objects.get() == elena


def test_it_merges_two_speakers_on_the_site_after_confirmation(staff):
    elena = make_speaker("Elena Ruiz")
    harper = make_speaker("Dale Harper")
    earlier = make_evidence(source=make_source(text="“We will not accept it,” Harper said.\n"), speaker=harper)
    proposals = import_landfill(staff)
    harper_proposal = proposals.get(speaker=harper)
    question = merge(staff, harper_proposal, ruiz(proposals).pk)
    assert question.status_code == 200
    page = question.content.decode()
    assert "Merge “Dale Harper” into “Elena Ruiz”?" in page and "1 piece of evidence" in page
    assert Speaker.objects.count() == 2  # nothing merged before the moderator confirms

    assert merge(staff, harper_proposal, ruiz(proposals).pk, confirm="on").status_code == 302
    assert list(Speaker.objects.all()) == [elena]
    earlier.refresh_from_db()
    assert earlier.speaker == elena
    assert set(proposals.values_list("speaker", flat=True)) == {elena.pk}


def test_it_sends_a_speaker_on_the_site_to_its_own_page_to_be_renamed(staff):
    elena = make_speaker("Elena Ruiz")
    proposals = import_landfill(staff)
    page = review_page(staff, proposals)
    assert f'href="/moderate/speakers/{elena.pk}/edit/"' in people_section(page)
    response = rename(staff, ruiz(proposals), "Someone Else")
    assert response.status_code == 400 and "rename it on its own page" in response.content.decode()
    elena.refresh_from_db()
    assert elena.name == "Elena Ruiz"


NOT_RENAMED = "Nothing was renamed"
BAD_RENAMES = {
    "empty": ("", NOT_RENAMED),
    "blank": ("   ", NOT_RENAMED),
    "too long": ("E" * 301, NOT_RENAMED),
    "NUL": ("Elena\x00Ruiz", "NUL character"),  # refused before any view, like everywhere on the site
}
BAD_MERGES = {"not a number": "abc", "missing": "", "unknown": "999999", "negative": "-1", "huge": "9" * 40}


@pytest.mark.parametrize("name, message", BAD_RENAMES.values(), ids=list(BAD_RENAMES))
def test_it_refuses_a_bad_new_name_and_changes_nothing(staff, name, message):
    proposals = import_landfill(staff)
    before = speakers_of(proposals)
    response = rename(staff, ruiz(proposals), name)
    assert response.status_code == 400 and message in response.content.decode()
    assert speakers_of(proposals) == before


@pytest.mark.parametrize("into", BAD_MERGES.values(), ids=list(BAD_MERGES))
def test_it_refuses_a_bad_merge_and_changes_nothing(staff, into):
    proposals = import_landfill(staff)
    before = speakers_of(proposals)
    response = merge(staff, ruiz(proposals), into)
    assert response.status_code == 400 and "Nothing was merged" in response.content.decode()
    assert speakers_of(proposals) == before


def test_it_refuses_to_merge_a_person_with_themselves_or_with_another_article(staff):
    proposals = import_landfill(staff)
    other = make_source(text="“We will not accept it,” Harper said.\n")
    elsewhere = ExtractionProposal.objects.create(
        source=other, start=1, end=23, quote=other.text[1:23], speaker_name="Harper"
    )
    same_person = proposals.filter(speaker_name="Elena Ruiz").exclude(pk=ruiz(proposals).pk).first()
    for into in (same_person.pk, elsewhere.pk):
        response = merge(staff, ruiz(proposals), into)
        assert response.status_code == 400
    assert speakers_of(proposals) == ["Dale Harper", "Elena Ruiz", "Elena Ruiz", "Elena Ruiz"]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "student"])
def test_it_lets_only_moderators_rename_or_merge(client, staff, bob, who):
    proposals = import_landfill(staff)
    client.logout()
    if who == "student":
        client.force_login(bob)
    assert rename(client, ruiz(proposals), "Someone").status_code in (302, 403)
    assert merge(client, ruiz(proposals), proposals.get(speaker_name="Dale Harper").pk).status_code in (302, 403)
    assert speakers_of(proposals) == ["Dale Harper", "Elena Ruiz", "Elena Ruiz", "Elena Ruiz"]
