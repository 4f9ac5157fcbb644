"""One width estimate for the poster layout and the 署名/成文日期 placement
(style/text_width.py)."""
from generator.style import build, letterhead, poster
from generator.style.text_width import em_width, printed_width


def test_one_estimate_serves_posters_signatures_and_letterheads():
    for text in ("2025年12月10日", "某市工业和信息化局", "0434-3200000 12350", "“三管三必须”"):
        assert poster.text_em(text) == build._text_width_chars(text) == em_width(text)
        assert build._printed_width(text) == letterhead._printed_width(text) == printed_width(text)


def test_digits_print_half_a_character_plus_the_gap_to_chinese():
    # 4 + 2 + 2 digits at ½, 年月日 at 1, and five changes between Chinese and digits.
    assert em_width("2025年12月10日") == 7.0
    assert abs(printed_width("2025年12月10日") - (7.0 + 5 * 0.18)) < 1e-9
