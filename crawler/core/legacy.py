"""Legacy Vietnamese encodings still found on old Party portals: TCVN3 (ABC) and VNI text that
a browser shows correctly only with the .VnTime / VNI-Times fonts, so a page decoded as
Latin-1 reads "§¶ng" for "Đảng". Detected, then converted to Unicode NFC.

Conversion only happens when the result reads as Vietnamese (common words appear that were not
there before), so French or other Latin-1 text is never touched.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (TCVN 5712:1993, VN3) byte -> letter, by the standard's layout: each vowel row is
# base, grave, acute, hook, tilde, dot; uppercase with tone marks had no code points in VN3.
_TCVN3_ROWS = {
    "aàáảãạ": "a\xb5\xb8\xb6\xb7\xb9",
    "ăằắẳẵặ": "\xa8\xbb\xbe\xbc\xbd\xc6",
    "âầấẩẫậ": "\xa9\xc7\xca\xc8\xc9\xcb",
    "eèéẻẽẹ": "e\xcc\xd0\xce\xcf\xd1",
    "êềếểễệ": "\xaa\xd2\xd5\xd3\xd4\xd6",
    "iìíỉĩị": "i\xd7\xdd\xd8\xdc\xde",
    "oòóỏõọ": "o\xdf\xe3\xe1\xe2\xe4",
    "ôồốổỗộ": "\xab\xe5\xe8\xe6\xe7\xe9",
    "ơờớởỡợ": "\xac\xea\xed\xeb\xec\xee",
    "uùúủũụ": "u\xef\xf3\xf1\xf2\xf4",
    "ưừứửữự": "\xad\xf5\xf8\xf6\xf7\xf9",
    "yỳýỷỹỵ": "y\xfa\xfd\xfb\xfc\xfe",
}
TCVN3: dict[str, str] = {
    "\xae": "đ",
    "\xa1": "Ă",
    "\xa2": "Â",
    "\xa7": "Đ",
    "\xa3": "Ê",
    "\xa4": "Ô",
    "\xa5": "Ơ",
    "\xa6": "Ư",
}
for _uni, _tc in _TCVN3_ROWS.items():
    for _u, _t in zip(_uni, _tc, strict=True):
        if _t != _u:
            TCVN3[_t] = _u

# VNI Windows: a base letter followed by a mark character (Latin-1 glyphs of the VNI fonts).
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_TONES_UP = {"Ù": "\u0301", "Ø": "\u0300", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323"}
# after a/A: circumflex (â) or breve (ê) with tones; after e/o: circumflex with tones
_VNI_HAT = {
    "â": ("\u0302", ""),
    "á": ("\u0302", "\u0301"),
    "à": ("\u0302", "\u0300"),
    "å": ("\u0302", "\u0309"),
    "ã": ("\u0302", "\u0303"),
    "ä": ("\u0302", "\u0323"),
}
_VNI_BREVE = {
    "ê": ("\u0306", ""),
    "é": ("\u0306", "\u0301"),
    "è": ("\u0306", "\u0300"),
    "ú": ("\u0306", "\u0309"),
    "ü": ("\u0306", "\u0303"),
    "ë": ("\u0306", "\u0323"),
}
_VNI_SINGLE = {
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "ñ": "đ",
    "Ñ": "Đ",
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
    "Í": "Í",
    "Ì": "Ì",
    "Æ": "Ỉ",
    "Ó": "Ĩ",
    "Ò": "Ị",
    "Î": "Ỵ",
}


def _vni_pair(m: re.Match[str]) -> str:
    base, mark = m.group(1), m.group(2)
    up = base.isupper()
    low = mark.lower()
    if base.lower() == "a" and low in _VNI_BREVE:  # the two mark sets do not overlap
        mod, tone = _VNI_BREVE[low]
        return unicodedata.normalize("NFC", base + mod + tone)
    if base.lower() in "aeo" and low in _VNI_HAT:
        mod, tone = _VNI_HAT[low]
        return unicodedata.normalize("NFC", base + mod + tone)
    tones = _VNI_TONES_UP if up and mark in _VNI_TONES_UP else _VNI_TONES
    if mark in tones:
        b = _VNI_SINGLE.get(base, base)
        return unicodedata.normalize("NFC", b + tones[mark])
    return m.group(0)


_VNI_PAIR = re.compile(r"([aAeEoOuUyYôÔöÖ])([ùøûõïÙØÛÕÏâáàåãäêéèúüëÂÁÀÅÃÄÊÉÈÚÜË])")
_VNI_LONE = re.compile("[" + "".join(_VNI_SINGLE) + "]")

_COMMON = re.compile(
    r"\b(của|và|các|được|những|trong|người|đảng|nhân|dân|tỉnh|đồng|chí|ủy|hội|nghị|việt|nam|"
    r"với|cho|này|không|đã|có|là|một|công|tác|xây|dựng)\b",
    re.I,
)
_VIET_UNICODE = re.compile("[\u1ea0-\u1ef9ơưăđĐƠƯĂ]")


def from_tcvn3(text: str) -> str:
    """TCVN3 is one byte per letter: a table lookup undoes it (used only once `detect` agrees)."""
    return "".join(TCVN3.get(c, c) for c in text)


def from_vni(text: str) -> str:
    """VNI writes a letter as base plus mark characters: pairs first, then the lone letters."""
    out = _VNI_PAIR.sub(_vni_pair, text)
    return _VNI_LONE.sub(lambda m: _VNI_SINGLE[m.group(0)], out)


def _reads_vietnamese(before: str, after: str) -> bool:
    gained = len(_COMMON.findall(after)) - len(_COMMON.findall(before))
    return gained >= 2 and gained >= len(after.split()) // 12


def detect(text: str) -> str | None:
    """'tcvn3', 'vni' or None; text that already holds Vietnamese Unicode letters is None."""
    if not text or _VIET_UNICODE.search(text):
        return None
    if sum(1 for c in text if c in TCVN3) >= 2 and _reads_vietnamese(text, from_tcvn3(text)):
        return "tcvn3"
    if _VNI_PAIR.search(text) and _reads_vietnamese(text, from_vni(text)):
        return "vni"
    return None


def repair(text: str) -> str:
    """Legacy-encoded Vietnamese -> Unicode NFC; anything else comes back unchanged."""
    kind = detect(text)
    if kind == "tcvn3":
        return unicodedata.normalize("NFC", from_tcvn3(text))
    if kind == "vni":
        return unicodedata.normalize("NFC", from_vni(text))
    return text
