"""Search text processing: tokens and stems, shared by the indexer and the query side."""
