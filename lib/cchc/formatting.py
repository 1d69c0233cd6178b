"""vi-VN formatting of figures as the reference report writes them, built on Babel.

Babel's ``vi_VN`` locale groups thousands with ``.`` and writes the decimal
comma: ``10.593``; ``94,35%``; ``6.313.329.686 đồng``. Dates are
``dd/mm/yyyy``.

Rounding rule (display only; data keep full precision): a value is rounded
half away from zero on its shortest decimal representation, so
``94.346289…`` shows as ``94,35`` and ``2.675`` as ``2,68`` (not the
binary-float ``2,67``). Empty values (``None``, NaN, NaT) show as
:data:`PLACEHOLDER` (an en dash).

>>> fmt_int(10593), fmt_pct(94.3462), fmt_money(6313329686), fmt_count2(5)
('10.593', '94,35%', '6.313.329.686 đồng', '05')
"""

from __future__ import annotations

import datetime as dt
import decimal
import math

from babel.numbers import format_decimal

LOCALE = "vi_VN"
#: What an empty value shows as.
PLACEHOLDER = "–"
#: Units written as percentages / money.
PERCENT_UNITS = ("%",)
MONEY_UNITS = ("đồng",)


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(value != value)  # NaN-like scalars (numpy)
    except (TypeError, ValueError):
        return False


def _decimal(value) -> decimal.Decimal:
    """The shortest decimal representation of a number (``repr`` of the float)."""
    if isinstance(value, decimal.Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return decimal.Decimal(value)
    return decimal.Decimal(repr(float(value)))


def _pattern(decimals: int, trim: bool) -> str:
    if decimals <= 0:
        return "#,##0"
    return "#,##0." + ("#" if trim else "0") * decimals


def _format(value, decimals: int, trim: bool) -> str:
    number = _decimal(value)
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_UP
        text = format_decimal(number, format=_pattern(decimals, trim), locale=LOCALE)
    if text.startswith("-") and set(text[1:]) <= set("0,."):
        text = text[1:]  # "-0" after rounding is just "0"
    return text


def fmt_int(value) -> str:
    """A whole number with ``.`` thousands groups: ``fmt_int(10593) -> '10.593'``."""
    if _missing(value):
        return PLACEHOLDER
    return _format(value, 0, trim=True)


def fmt_number(value, decimals: int = 2, trim: bool = True) -> str:
    """A number with at most ``decimals`` decimals (decimal comma): ``fmt_number(2.5, 1) -> '2,5'``.

    Trailing zeros are dropped (``fmt_number(1.20, 2) -> '1,2'``, ``fmt_number(7.0) -> '7'``);
    ``trim=False`` keeps exactly ``decimals`` decimals (``'1,20'``).
    """
    if _missing(value):
        return PLACEHOLDER
    return _format(value, decimals, trim)


def fmt_pct(value, decimals: int = 2) -> str:
    """A rate already in percent: ``fmt_pct(94.3462) -> '94,35%'``.

    At most ``decimals`` decimals, trailing zeros dropped: ``0 -> '0%'``,
    ``100 -> '100%'``, ``fmt_pct(92.857, 0) -> '93%'``.
    """
    if _missing(value):
        return PLACEHOLDER
    return _format(value, decimals, trim=True) + "%"


def fmt_money(value) -> str:
    """An amount in đồng: ``fmt_money(6313329686) -> '6.313.329.686 đồng'``."""
    if _missing(value):
        return PLACEHOLDER
    return _format(value, 0, trim=True) + " đồng"


def fmt_date(value) -> str:
    """``dd/mm/yyyy`` for a date, datetime or pandas Timestamp."""
    if _missing(value):
        return PLACEHOLDER
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def fmt_count2(value) -> str:
    """A count as prose writes it, with a leading zero under 10: ``5 -> '05'``, ``12 -> '12'``.

    (``05 nhiệm vụ``, ``05/09 đơn vị``.) Zero stays ``0``.
    """
    if _missing(value):
        return PLACEHOLDER
    text = fmt_int(value)
    number = float(value)
    if 0 < abs(number) < 9.5:
        text = ("-" if number < 0 else "") + "0" + text.lstrip("-")
    return text


def fmt_change(delta, is_rate: bool = False, decimals: int = 2) -> str:
    """A change between periods: ``▲ 12``, ``▼ 3,5 điểm %``, ``không đổi``.

    Rates change in percentage points (``điểm %``), shown with at most
    ``decimals`` decimals; counts as whole numbers when whole. A change that
    rounds to zero is ``không đổi``; an empty one is :data:`PLACEHOLDER`.
    """
    if _missing(delta):
        return PLACEHOLDER
    delta = float(delta)
    size = abs(delta)
    text = _format(size, decimals, trim=True)
    if text == "0":
        return "không đổi"
    arrow = "▲" if delta > 0 else "▼"
    return f"{arrow} {text} điểm %" if is_rate else f"{arrow} {text}"


def fmt_value(value, unit: str | None, decimals: int = 2) -> str:
    """A figure in its catalogue unit: ``%`` → :func:`fmt_pct`, ``đồng`` → :func:`fmt_money`,
    whole numbers → :func:`fmt_int`, others → :func:`fmt_number` (trailing zeros dropped).

    The unit word itself is not appended (except for money).

    >>> fmt_value(566.0, "hồ sơ"), fmt_value(94.3462, "%"), fmt_value(float("nan"), "%")
    ('566', '94,35%', '–')
    """
    if _missing(value):
        return PLACEHOLDER
    if unit in PERCENT_UNITS:
        return fmt_pct(value, decimals)
    if unit in MONEY_UNITS:
        return fmt_money(value)
    if float(value).is_integer():
        return fmt_int(value)
    return fmt_number(value, decimals, trim=True)


# --------------------------------------------------------------------------- sorting

#: The Vietnamese alphabet: letters with a breve, circumflex, horn or stroke are letters
#: of their own, sorted right after their base letter (a ă â b c d đ e ê … o ô ơ … u ư …).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
#: Tone marks, compared only when the letters are equal: none, huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_SHAPES = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn


def _letters(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    import unicodedata

    primary: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", str(text)).casefold():
        parts = unicodedata.normalize("NFD", ch)
        tone = next((_TONES[m] for m in parts[1:] if m in _TONES), 0)
        shaped = unicodedata.normalize("NFC", parts[0] + "".join(m for m in parts[1:] if m in _SHAPES))
        if shaped in _LETTER_RANK:
            primary.append(100 + _LETTER_RANK[shaped])
        elif shaped.isdigit():
            primary.append(50 + int(shaped) if shaped.isascii() else 60)
        elif shaped.isspace():
            primary.append(1)
        elif shaped.isalnum():
            primary.append(200 + ord(shaped))
        else:
            primary.append(2 + min(ord(shaped), 40))
        tones.append(tone)
    return tuple(primary), tuple(tones)


def vi_sort_key(text) -> tuple:
    """A key sorting text in Vietnamese alphabetical order (for every list a user sees).

    Letters follow the Vietnamese alphabet (``a ă â b c d đ e ê … o ô ơ … u ư``),
    case is ignored, and tone marks only break ties (no tone, huyền, sắc,
    hỏi, ngã, nặng). Empty values, then labels starting with punctuation such as
    ``(Chưa xác định)``, sort last.

    >>> sorted(["xây dựng", "đầu tư", "đất đai", "Giáo dục", "dân tộc"], key=vi_sort_key)
    ['dân tộc', 'đất đai', 'đầu tư', 'Giáo dục', 'xây dựng']
    """
    if _missing(text) or str(text).strip() == "":
        return (2, (), (), "")
    text = str(text).strip()
    primary, tones = _letters(text)
    return (0 if text[0].isalnum() else 1, primary, tones, text)
