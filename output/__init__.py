"""Feed building; generated files go to output/public/ (git-ignored)."""
