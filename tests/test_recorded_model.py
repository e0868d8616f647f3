"""The modelled recorded pages: what their expected JSON pins is what the pages show (the story
and its family's template, read by hand in tests/recorded/_author), not what the extractor
printed; and regenerating them never overwrites pages recorded from real material."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from crawler.check import load_expected
from crawler.replay import Recorded, read_warc, write_warc
from crawler.sites import get_site
from tests.conftest import RECORDED
from tests.recorded._author import build

AUTHORED = build.authored()
MODELLED = sorted(s for s in AUTHORED if build.real_material(RECORDED / s) is None)


def test_every_recorded_site_but_real_ones_is_modelled() -> None:
    """A modelled site missing here would have no model to be held to."""
    real = {s for s in AUTHORED if build.real_material(RECORDED / s)}
    assert set(MODELLED) | real == set(AUTHORED)
    assert len(MODELLED) >= 44, real  # the three hand-written and the generated sites


@pytest.mark.parametrize("site", MODELLED)
def test_expected_is_what_the_page_shows(site: str) -> None:
    pinned = load_expected(RECORDED / site / "expected.json")
    stories = AUTHORED[site][1]
    assert set(pinned) == {s.url for s in stories}
    for s in stories:
        want = build.shown(site, s)
        got = {k: pinned[s.url].get(k) for k in want}
        assert got == want, {k: (got[k], want[k]) for k in want if got[k] != want[k]}


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.mark.parametrize("site", MODELLED)
def test_pinned_body_is_the_story(site: str) -> None:
    """The body HTML only the code computes, held to the story: the sapo (where the page prints
    it in the text, or the site's rules name its element) and paragraphs in order, each photo
    as a figure with its source and caption, and nothing else."""
    pinned = load_expected(RECORDED / site / "expected.json")
    cls = get_site(site)
    sapo_known = cls is not None and cls.rules.sapo is not None
    for s in AUTHORED[site][1]:
        body = str(pinned[s.url]["body_html"])
        paras = [_text(p) for p in re.findall(r"<p>(.*?)</p>", body, re.S)]
        lead = [s.sapo] if s.sapo_in_body or sapo_known else []
        assert paras == [*lead, *s.paragraphs], s.url
        figures = re.findall(r"<figure>(.*?)</figure>", body, re.S)
        assert len(figures) == len(s.photos), s.url
        for fig, (_, photo) in zip(figures, sorted(s.photos.items()), strict=True):
            assert f'src="{html.escape(photo.src)}"' in fig, s.url
            caption = re.findall(r"<figcaption>(.*?)</figcaption>", fig, re.S)
            assert caption and photo.caption in _text(caption[0]), (s.url, fig)
        rest = re.sub(r"<figure>.*?</figure>|<p>.*?</p>|\s", "", body, flags=re.S)
        assert rest == "", (s.url, rest[:200])


def _copy_site(site: str, root: Path) -> Path:
    shutil.copytree(RECORDED / site, root / site)
    return root / site


def test_build_regenerates_modelled_pages_but_never_real_ones(tmp_path: Path) -> None:
    page = Recorded("https://baogialai.com.vn/bai-that-post1.html", 200, [], b"<html>real</html>")
    modelled = _copy_site("baolaocai", tmp_path)  # pages and expected JSON gone stale
    write_warc(modelled / "pages.warc", [page], fixed_date=build.FIXED_DATE)
    stale = json.loads((modelled / "expected.json").read_text(encoding="utf-8"))
    stale[0]["title"] = "stale"
    (modelled / "expected.json").write_text(json.dumps(stale), encoding="utf-8")
    real = tmp_path / "baogialai"
    real.mkdir()
    write_warc(real / "pages.warc", [page])  # as `partywire record` and `pack` write: dated now
    (real / "expected.json").write_text('[{"url": "pinned by hand"}]\n', encoding="utf-8")
    mixed = _copy_site("baohatinh", tmp_path)
    pages = [*read_warc(mixed / "pages.warc"), page]
    write_warc(mixed / "pages.warc", pages)  # `pack` adds a real page to modelled ones
    before = {
        p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.parent != modelled
    }

    kept = build.main(tmp_path, only=["baolaocai", "baogialai", "baohatinh"])

    assert sorted(kept) == ["baogialai", "baohatinh"]
    assert {p: p.read_bytes() for p in before} == before, "real material was overwritten"
    assert (modelled / "pages.warc").read_bytes() == (
        RECORDED / "baolaocai/pages.warc"
    ).read_bytes()
    assert json.loads((modelled / "expected.json").read_text(encoding="utf-8")) == json.loads(
        (RECORDED / "baolaocai/expected.json").read_text(encoding="utf-8")
    )


def test_real_material_is_named_with_its_date(tmp_path: Path) -> None:
    page = Recorded("https://baogialai.com.vn/bai-that-post1.html", 200, [], b"<html>real</html>")
    write_warc(tmp_path / "pages.warc", [page])
    why = build.real_material(tmp_path)
    assert why is not None and "recorded from real material" in why and str(tmp_path) in why
    (tmp_path / "pages.warc").write_bytes(b"not a warc at all")
    why = build.real_material(tmp_path)
    assert why is not None and "not a WARC file this builder wrote" in why
    assert build.real_material(RECORDED / "nhandan") is None
