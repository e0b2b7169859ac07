"""The cleaner's mechanisms, one by one, on small texts written for the test.

Each leftover rule is shown removing its kind of line AND leaving story
sentences of similar shape alone: a rule that removes story is a defect.
"""

from __future__ import annotations

from frontlines.ingest.clean import clean_text

P1 = (
    "Afghan forces retook the centre of Dand-e-Ghori district in Baghlan province on Monday, "
    "a week after it fell to the Taliban, the provincial governor said."
)
P2 = "Twelve Taliban fighters and two soldiers were killed in the operation, he added."
P3 = "The Taliban did not comment on the report."


def kept(text: str) -> list[str]:
    return clean_text(text).text.split("\n\n")


def test_plain_story_is_unchanged():
    assert kept(f"{P1}\n{P2}\n\n{P3}\n") == [P1, P2, P3]


def test_teaser_list_between_story_parts_goes_and_story_after_it_stays():
    sidebar = (
        "Latest news\nFloods in Kunar\nUpdated 3 Aug, 2021\nFloods in Kunar\n"
        "Heavy rain destroyed dozens of homes in the east.\n"
        "Polio drive resumes\n2 Aug, 2021\nPolio drive resumes\n"
        "Health teams returned to the southern districts...\n"
    )
    result = kept(f"{P1}\n\n{sidebar}\n{P2}\n{P3}\n")
    assert result == [P1, P2, P3]


def test_one_headline_and_date_above_the_story_keep_the_first_paragraph():
    result = clean_text(f"Forces retake Dand-e-Ghori\n\n12 July 2021\n\n{P1}\n\n{P2}\n")
    assert result.text.split("\n\n") == [P1, P2]
    assert result.title == "Forces retake Dand-e-Ghori"
    assert result.header_dates == ["12 July 2021"]


def test_subheads_between_paragraphs_stay():
    assert kept(f"{P1}\n\nHeavy losses\n\n{P2}\n\n{P3}") == [P1, "Heavy losses", P2, P3]


def test_caption_goes_but_a_dated_sentence_with_a_reporting_verb_stays():
    caption = "Soldiers patrol a street in Pul-e-Khumri, the capital of Baghlan province, July 11, 2021"
    reported = "Soldiers patrolled the streets of Pul-e-Khumri, officials said, July 11, 2021."
    result = kept(f"{P1}\n\n{caption}\n\n{reported}\n\n{P2}")
    assert caption not in result
    assert reported in result


def test_comment_section_ends_the_article():
    comments = (
        "Leave a comment\n"
        "This is a long comment from a reader who disagrees with the article and says so at length.\n"
        "Another reader replies that the first reader is wrong about the district, and explains why.\n"
    )
    assert kept(f"{P1}\n{P2}\n{comments}") == [P1, P2]


def test_comment_marker_before_any_story_does_not_cut_it():
    assert kept(f"Comments (3)\n\n{P1}\n\n{P2}") == [P1, P2]


def test_footnote_goes_only_when_its_marker_is_in_the_story():
    marked = P1.replace("Taliban", "Taliban*", 1)
    footnote = "* A group banned in several countries."
    assert kept(f"{marked}\n{P2}\n{footnote}") == [marked, P2]
    bullet = "* Twelve fighters were killed in the village of Sar-e-Pul."
    assert kept(f"{P1}\n{bullet}\n{P2}") == [P1, bullet, P2]


def test_hard_wrapped_prose_is_joined_and_kept():
    wrapped = (
        "Afghan forces retook the centre of Dand-e-Ghori district in\n"
        "Baghlan province on Monday, a week after it fell to the Taliban,\n"
        "the provincial governor said.\n"
    )
    assert kept(wrapped + "\n" + P2) == [P1, P2]


def test_boilerplate_phrase_inside_a_long_story_sentence_stays():
    sentence = (
        "The provincial council asked residents to make a donation of blood at the main hospital "
        "after the blast, which wounded at least 40 people near the governor's compound on Tuesday."
    )
    assert kept(f"{P1}\n\n{sentence}\n\n{P2}") == [P1, sentence, P2]


def test_web_furniture_goes():
    page = (
        "Skip to content\nHome\nShare this article\nAdvertisement\n"
        f"{P1}\n"
        "Sign up for our daily newsletter\n"
        f"{P2}\n"
        "Photo: AFP\n"
        f"{P3}\n"
        "Related Articles\nTaliban claim another district\nKunduz under pressure\n"
        "© 2021 Example News. All rights reserved.\nBack to top\n"
    )
    assert kept(page) == [P1, P2, P3]


def test_press_release_furniture_goes_and_dateline_date_is_kept_as_candidate():
    release = (
        "2021-07-S-012\nFor Immediate Release\nDownload PDF\n\n"
        "KABUL, Afghanistan (July 12, 2021)\n"
        f"{P1}\n"
    )
    result = clean_text(release)
    assert result.text == P1
    assert result.header_dates == ["KABUL, Afghanistan (July 12, 2021)"]


def test_rows_of_numbers_go():
    assert kept(f"1314, 1198, 1173, 1341\n{P1}\n{P2}") == [P1, P2]


def test_text_without_any_sentence_is_kept_rather_than_emptied():
    assert kept("Taliban seize Dand-e-Ghori district\nBaghlan province") == [
        "Taliban seize Dand-e-Ghori district",
        "Baghlan province",
    ]


def test_line_breaks_spaces_and_invisible_characters_are_normalised():
    messy = P1.replace(" ", "\u00a0", 3).replace("Afghan", "Af\u200bghan") + "\u2028" + P2
    assert kept(messy) == [P1, P2]


def test_removed_lines_carry_their_reason():
    removed = dict(clean_text(f"{P1}\n\nJoin our mailing list\n\n{P2}").removed)
    assert removed["Join our mailing list"].startswith("newsletter")


def test_live_blog_entries_with_date_stamps_keep_their_text():
    entries = (
        f"Taliban enter the city\n7 July 2021 10:32\n{P1}\n"
        f"Governor speaks\n7 July 2021 11:05\n{P2}\n"
        f"Clashes continue\n7 July 2021 12:40\n{P3}\n"
    )
    result = kept(entries)
    assert [P1, P2, P3] == [p for p in result if p in (P1, P2, P3)]


def test_dated_teasers_without_repeats_at_the_end_of_the_page_go():
    tail = (
        "Floods in Kunar\n3 Aug, 2021\nHeavy rain destroyed dozens of homes in the east.\n"
        "Polio drive resumes\n2 Aug, 2021\nHealth teams returned to the southern districts.\n"
    )
    assert kept(f"{P1}\n{P2}\n\n{tail}") == [P1, P2]


def test_a_photo_caption_above_the_story_dates_an_article_nothing_else_dates():
    from frontlines.ingest import article_from_string

    story = ("Afghan army drives out Taliban in western town\n\n"
             "Smoke rises from houses during fighting in Qala-e-Naw, the capital of Badghis province, July 7, 2021\n\n"
             "Afghan troops have taken over government buildings in a western town, officials said.\n\n"
             "On Wednesday, the Taliban entered Qala-e-Naw, the first direct assault on a provincial capital.")
    assert clean_text(story).caption_dates == ["July 7, 2021"]
    assert article_from_string(story, doc_id="caption").published == "2021-07-07"
    # ... after any dateline of the story itself
    dated = "KABUL, Afghanistan (July 9, 2021) - " + story.split("\n\n", 2)[2]
    assert article_from_string(story.replace(story.split("\n\n", 2)[2], dated), doc_id="d").published == "2021-07-09"
