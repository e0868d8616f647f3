"""Spiders: a base news spider, one class per CMS family, one small declaration per site."""
