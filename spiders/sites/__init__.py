"""Site declarations: one module per site, a few lines each (see docs/adding-a-site.md)."""
