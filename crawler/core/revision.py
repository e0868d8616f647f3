"""Never replace good with worse: whether a re-fetched page is the stored article again, a real
correction of it, or something a reader must not be given in its place.

Sites serve their maintenance, error and login pages with status 200, a dropped connection or a
paywall cuts a page short, and a CMS fault can put another story under a known URL. Each of these
used to overwrite a good stored article. `judge` compares the new page with the stored one and
refuses those, naming the cause; everything else that differs is a correction, which the store
accepts while keeping the previous version.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from crawler.core.articlecheck import MIN_WORDS, words
from crawler.core.cluster import containment, shingles
from crawler.core.normalize import fold, new_tone_placement, normalize_line, normalize_text

Outcome = Literal["unchanged", "updated", "refused"]

#: Below this share of the stored text's length the new text is not a correction but a page
#: that lost its body (an editor who cuts half of a story writes a new one).
COLLAPSE = 0.5
#: A new text that is the stored text's beginning and keeps less than this share of its words
#: was cut (paywall, dropped connection); editors correct words and add paragraphs, and rarely
#: delete the last quarter of a story.
TRUNCATED = 0.75
#: Words a cut page may add after the stored beginning: a half word, an ellipsis, a "read more"
#: or "log in to continue" line.
TAIL = 12
#: ... and the beginning it keeps must be this long before it tells anything.
MIN_PREFIX = 8
#: Share of the shorter title's meaningful words found in the other below which the titles
#: differ; with texts that also differ (shingle containment below TEXT_FLOOR) the page is another
#: story, not this one reworded. A title that shares no word at all is another story whatever the
#: text: a new headline keeps at least its subject's name (the province, the congress).
TITLE_DIFFERS = 0.5
TEXT_FLOOR = 0.5

#: Words too common to say what a title is about (folded).
_STOP = frozenset(
    "va cua cac nhung mot trong voi la tai ve cho duoc da se co khong nay do tu "
    "the a an of to in on for and at by".split()
)

#: What status pages say, by anomaly kind. Matched on whole words of the folded text, and only
#: when the page has less text than an article (a story about road maintenance says "bảo trì").
MARKERS: dict[str, tuple[str, ...]] = {
    "maintenance": (
        "bảo trì",
        "đang nâng cấp",
        "nâng cấp hệ thống",
        "tạm ngừng hoạt động",
        "quay lại sau",
        "maintenance",
        "503 service",
        "service unavailable",
        "temporarily unavailable",
    ),
    "error_page": (
        "không tìm thấy",
        "không tồn tại",
        "bài viết đã bị xóa",
        "lỗi 404",
        "404",
        "page not found",
        "not found",
        "đã xảy ra lỗi",
        "có lỗi xảy ra",
        "internal server error",
        "bad gateway",
        "an error occurred",
    ),
    "login_wall": (
        "đăng nhập để",
        "vui lòng đăng nhập",
        "bạn cần đăng nhập",
        "đăng ký để đọc",
        "đăng ký tài khoản để",
        "please log in",
        "log in to",
        "sign in to",
        "subscribe to read",
        "login required",
    ),
}


def _compile(phrase: str) -> re.Pattern[str]:
    """A phrase as whole words of folded text: "404" is not in "14045", "maintenance" is."""
    return re.compile(r"(?<!\w)" + re.escape(fold(phrase)) + r"(?!\w)")


_PATTERNS = [
    (kind, phrase, _compile(phrase)) for kind, phrases in MARKERS.items() for phrase in phrases
]

_KIND_TEXT = {
    "maintenance": "maintenance page",
    "error_page": "error page",
    "login_wall": "login wall",
}

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Judgement:
    """What the store does with a re-fetched page, and the one line the log and history keep."""

    outcome: Outcome
    kind: str = ""
    reason: str = ""


def _s(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key)
    return value if isinstance(value, str) else ""


def _scan(folded: str) -> tuple[str, str] | None:
    for kind, phrase, pattern in _PATTERNS:
        if pattern.search(folded):
            return kind, phrase
    return None


def find_marker(title: str, text: str) -> tuple[str, str] | None:
    """(anomaly kind, marker) when the page reads as a status page, else None.

    Only a page with less text than an article is read so: a real story may mention
    maintenance or a login, a status page has nothing else to say."""
    if words(text) >= MIN_WORDS:
        return None
    return _scan(fold(title + "\n" + text))


def maintenance_marker(title: str, text: str) -> str | None:
    """The marker that makes the gate refuse a page of a stored URL, for its log line."""
    found = find_marker(title, text)
    return found[1] if found else None


def _key(value: str) -> str:
    """Equal for two prints of one text: spacing, NFC/NFD and tone placement aside, while a
    corrected tone mark ("Bác" -> "Bắc") still counts as a change."""
    return new_tone_placement(normalize_text(value))


def _same(stored: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    return all(_key(_s(stored, k)) == _key(_s(new, k)) for k in ("title", "summary", "text"))


def _marker(stored: Mapping[str, Any], new: Mapping[str, Any]) -> Judgement | None:
    found = find_marker(_s(new, "title"), _s(new, "text"))
    if found is None:
        return None
    kind, phrase = found
    # the stored article saying the same words is no evidence (a brief about road maintenance)
    if _compile(phrase).search(fold(_s(stored, "title") + "\n" + _s(stored, "text"))):
        return None
    n = words(_s(new, "text"))
    return Judgement("refused", kind, f"{_KIND_TEXT[kind]}: “{phrase}” with {n} words of text")


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _truncated(stored: Mapping[str, Any], new: Mapping[str, Any]) -> Judgement | None:
    old_words = _WORD.findall(fold(_s(stored, "text")))
    new_words = _WORD.findall(fold(_s(new, "text")))
    p = _common_prefix(old_words, new_words)
    if p < MIN_PREFIX or p < len(new_words) - TAIL or len(new_words) >= TRUNCATED * len(old_words):
        return None
    tail = " ".join(new_words[p:])
    wall = _scan(tail)
    if wall and wall[0] == "login_wall":
        return Judgement(
            "refused", "login_wall", f"login wall: “{wall[1]}” after the first {p} words"
        )
    return Judgement(
        "refused", "truncated", f"text cut to its first {p} of the stored {len(old_words)} words"
    )


def _collapsed(stored: Mapping[str, Any], new: Mapping[str, Any]) -> Judgement | None:
    old, now = len(_key(_s(stored, "text"))), len(_key(_s(new, "text")))
    if old == 0 or now >= COLLAPSE * old:
        return None
    share = round(100 * now / old)
    return Judgement(
        "refused",
        "text_collapse",
        f"text collapsed to {share}% of the stored {old:,} characters",
    )


def _title_words(title: str) -> set[str]:
    return {w for w in _WORD.findall(fold(title)) if w not in _STOP}


def title_overlap(a: str, b: str) -> float:
    """Share of the shorter title's meaningful words found in the other, diacritics folded."""
    wa, wb = _title_words(a), _title_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _unrelated(stored: Mapping[str, Any], new: Mapping[str, Any]) -> Judgement | None:
    old_title, new_title = _s(stored, "title"), _s(new, "title")
    if not _title_words(old_title):
        return None  # nothing stored to compare with
    if not _title_words(new_title):
        return Judgement("refused", "unrelated_title", "the new page has no title")
    if title_overlap(old_title, new_title) >= TITLE_DIFFERS:
        return None
    shared = len(_title_words(old_title) & _title_words(new_title))
    if shared:
        old_sh = shingles(_s(stored, "summary"), _s(stored, "text"))
        new_sh = shingles(_s(new, "summary"), _s(new, "text"))
        if containment(old_sh, new_sh) >= TEXT_FLOOR:
            return None  # the title reworded over the same story
    return Judgement(
        "refused",
        "unrelated_title",
        f"title “{normalize_line(new_title)}” shares {shared} words with the stored "
        f"“{normalize_line(old_title)}”",
    )


def _changes(stored: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    parts = []
    if _key(_s(stored, "title")) != _key(_s(new, "title")):
        parts.append("title reworded")
    if _key(_s(stored, "summary")) != _key(_s(new, "summary")):
        parts.append("summary changed")
    old, now = _key(_s(stored, "text")), _key(_s(new, "text"))
    if old != now:
        parts.append(f"text changed ({len(old):,} -> {len(now):,} characters)")
    return ", ".join(parts)


def judge(stored: Mapping[str, Any], new: Mapping[str, Any]) -> Judgement:
    """Unchanged, a correction to accept, or a page to refuse, checked from the most specific
    cause to the least: a status page, a cut text, a collapsed text, another story."""
    if _same(stored, new):
        return Judgement("unchanged")
    for check in (_marker, _truncated, _collapsed, _unrelated):
        verdict = check(stored, new)
        if verdict is not None:
            return verdict
    return Judgement("updated", "", _changes(stored, new))
