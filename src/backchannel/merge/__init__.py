"""Merging across articles: story clusters of copies and rewrites (``stories``), and one event per
real-world event with every source (``events``)."""
