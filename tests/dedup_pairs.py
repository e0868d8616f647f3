"""Labelled pairs for "same story?": the set the clustering thresholds were chosen on.

Built from the recorded articles (hand-written and generated) with the edits outlets really make
when they republish: a new title and sapo dateline, a "Theo TTXVN" line and photo credit, a cut
last paragraph, merged paragraphs, light rewording. Negatives are the hard ones of Party news:
two events written from the same template (shared whole sentences, other names and numbers),
and a story with its follow-up (shared background paragraph, new facts).
"""

from __future__ import annotations

import itertools
import random
from functools import lru_cache

from tests.recorded._author.content import BAOCANTHO, BAOTINTUC, NHANDAN
from tests.recorded._author.model import Story

Pair = tuple[str, str, str, str, bool, str]  # summary_a, text_a, summary_b, text_b, same, kind


def _doc(s: Story) -> tuple[str, str]:
    paras = ([s.sapo] if s.sapo_in_body else []) + s.paragraphs
    return s.sapo, "\n\n".join(paras)


@lru_cache(maxsize=1)
def _generated() -> list[Story]:
    from crawler.sites import registry
    from tests.recorded._author.build import HAND_WRITTEN, generated

    out = []
    for site in registry():
        if site not in HAND_WRITTEN:
            out.extend(generated(site)[1])
    return out


def _republish(s: Story, r: random.Random) -> tuple[str, str]:
    paras = list(s.paragraphs)
    sapo = s.sapo.split(" - ", 1)[-1] if " - " in s.sapo[:12] else s.sapo
    edits = r.sample(["dateline", "source", "cut", "merge", "reword", "sapo_in_text"], 3)
    if "dateline" in edits:
        sapo = r.choice(["(Báo Nhân Dân) - ", "(ĐCSVN) - ", "(TTXVN) - ", "BBK - "]) + sapo
    if "reword" in edits:
        sapo = sapo.replace(" tổ chức ", " đã tổ chức ", 1).replace("Sáng ", "Sáng nay ", 1)
    if "cut" in edits and len(paras) > 2:
        paras = paras[:-1]
    if "merge" in edits and len(paras) > 2:
        paras = [paras[0] + " " + paras[1], *paras[2:]]
    if "source" in edits:
        paras += [
            "Ảnh: TTXVN",
            r.choice(["Theo TTXVN", "Theo Báo Nhân Dân", "Nguồn: dangcongsan.vn"]),
        ]
    summary = sapo
    if "sapo_in_text" in edits:
        paras = [sapo, *paras]
        summary = sapo
    return summary, "\n\n".join(paras)


def _follow_up(s: Story, r: random.Random) -> tuple[str, str]:
    lead = (
        "Tiếp theo hội nghị được tổ chức tuần trước, các cơ quan chức năng đã bắt đầu triển "
        "khai những nhiệm vụ được giao."
    )
    new = [
        "Đến nay, nhiều địa phương đã ban hành kế hoạch thực hiện, phân công cụ thể cho từng "
        "chi bộ và đảng viên phụ trách địa bàn dân cư.",
        "Một số đơn vị đề nghị cấp trên bổ sung kinh phí và tài liệu hướng dẫn để tổ chức học "
        "tập chuyên đề cho đảng viên ở vùng sâu, vùng xa.",
        "Dự kiến, kết quả bước đầu sẽ được báo cáo tại hội nghị Ban Chấp hành vào đầu tháng "
        "tới, cùng với đề xuất điều chỉnh một số chỉ tiêu.",
    ]
    background = r.choice(s.paragraphs)
    return lead, "\n\n".join([new[0], background, new[1], new[2]])


def pairs() -> list[Pair]:
    r = random.Random(20261121)
    hand = NHANDAN + BAOTINTUC + BAOCANTHO
    gen = _generated()
    out: list[Pair] = []
    # syndicated copies with edits: the same story
    for s in hand + gen[::2][:24]:
        a = _doc(s)
        b = _republish(s, r)
        out.append((*a, *b, True, "syndicated"))
    # the hand-written TTXVN report as Báo Cần Thơ really republished it in the recorded pages
    out.append((*_doc(BAOTINTUC[0]), *_doc(BAOCANTHO[1]), True, "syndicated"))
    # one site's URL variants: identical text
    for s in gen[1::7][:10]:
        out.append((*_doc(s), *_doc(s), True, "url-variant"))
    # same template, different events: the most alike pairs of generated articles
    scored = []
    for a, b in itertools.combinations(gen, 2):
        shared = len(set(a.paragraphs) & set(b.paragraphs))
        words = len(set(" ".join(a.paragraphs).split()) & set(" ".join(b.paragraphs).split()))
        scored.append((shared, words, a, b))
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    for _, _, a, b in scored[:24]:
        out.append((*_doc(a), *_doc(b), False, "same-template"))
    # a story and its follow-up
    for s in hand + gen[3::9][:6]:
        out.append((*_doc(s), *_follow_up(s, r), False, "follow-up"))
    return out
