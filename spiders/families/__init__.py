"""One base class per CMS family: selectors seen on real pages of that platform."""
