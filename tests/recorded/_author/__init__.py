"""Authoring of the recorded pages: family page templates + article content -> WARC.

The pages are our own, written to mirror the structure of real pages of each CMS family (see
../../../docs/recorded-pages.md): navigation, breadcrumbs, share bars, related-article boxes,
captions, comments, footers — everything the extractor must leave out.
"""
