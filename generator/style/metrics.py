"""GB/T 9704-2012 figures in Word units (twips = 1/20 pt; half-points for type)."""

MM = 1440 / 25.4  # twips per millimetre


def mm(value: float) -> int:
    return round(value * MM)


# 号 -> points
SIZE = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
        "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9}

BODY_PT = 16                 # 3号
TITLE_PT = 22                # 2号
PAGE_NUMBER_PT = 14          # 4号
TABLE_PT = 12                # 小4: dense tables stay legible on A4 landscape
LINE_TWIPS = 579             # exact 28.95 pt: 22 lines fit the 225 mm text block
CHAR_TWIPS = BODY_PT * 20    # one 3号 character: indents are written in twips, not chars
# 28 characters of 16 pt are 448 pt, the block is 442.2 pt wide: tighten by 0.25 pt.
BODY_CHAR_SPACING = -5

# Margins of a portrait A4 page (天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm).
TOP, LEFT, RIGHT, BOTTOM = 2098, 1587, 1474, 1984

PAPER = {  # (width, height) in twips, portrait
    "A4": (11906, 16838),
    "A3": (16838, 23811),
    "A2": (23811, 33676),
    "A1": (33676, 47679),
}

# Wall posters (手册化, task 8): type is as large as the text allows on one sheet,
# between a floor that stays readable at arm's length on the wall and a ceiling
# beyond which the sheet looks empty. Margins grow with the sheet.
POSTER_MARGIN_MM = {"A4": 15, "A3": 18, "A2": 25, "A1": 35}
POSTER_MIN_PT = {"A4": 10.5, "A3": 12, "A2": 14, "A1": 16}   # 五号, 小四, 四号, 三号
POSTER_MAX_PT = {"A4": 30, "A3": 42, "A2": 60, "A1": 84}
POSTER_LINE = 1.3            # exact line height as a multiple of the type size
POSTER_TITLE_RATIO = 2.0     # title size relative to the items' size, at most
POSTER_FILL = 0.94           # share of the text block the estimate may use (renderers differ)
POSTER_COLUMN_MIN_EM = 24    # long lists go into two columns, but never narrower than this
POSTER_COLUMN_GAP_EM = 2

# Handbooks (手册化): the cover title is larger than a document title.
COVER_TITLE_PT = 36          # 小初
FORM_ROW_TWIPS = 567         # 10 mm rows in blank record forms: room to write by hand
