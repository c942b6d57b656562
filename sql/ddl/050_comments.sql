-- Column descriptions: the one source. DuckDB keeps them (duckdb_columns().comment) and
-- the Dagster assets show them in their column schema. Run on every writer open, so an
-- edited description reaches the warehouse with the next load.

comment on column raw_pages.page_id is 'sha256 of the record''s bytes: the same bytes are one page';
comment on column raw_pages.source_path is 'the landing file, relative to the landing folder';
comment on column raw_pages.record is '0-based index inside a container (JSON Lines, WARC); null for a single-page file';
comment on column raw_pages.url is 'the record''s URL (sidecar, JSON field or WARC header), if known';
comment on column raw_pages.fetched_at is 'when the crawler fetched the page (UTC), if known';
comment on column raw_pages.source is 'where url and fetched_at came from (sidecar, JSON record, WARC header)';
comment on column raw_pages.format is 'container format: html, text, jsonl, warc';
comment on column raw_pages.media is 'media type of the record''s bytes';
comment on column raw_pages.encoding is 'character set the bytes were decoded with';
comment on column raw_pages.http_status is 'HTTP status the crawler got, if known';
comment on column raw_pages.ingest_error is 'why the record could not be read (''<code>: <message>''), else null';
comment on column raw_pages.byte_size is 'size of the record''s bytes';
comment on column raw_pages.load_id is 'the load that first stored this page';
comment on column raw_pages.fetched_at_text is 'a fetch time the record gave but that could not be read (''not a date''), as given; else null';

comment on column landing_files.source_path is 'the landing file, relative to the landing folder';
comment on column landing_files.byte_size is 'file size when read: a file whose size, mtime, ctime and inode are unchanged is not read again';
comment on column landing_files.mtime_ns is 'file modification time (ns since the epoch) when read';
comment on column landing_files.ctime_ns is 'file status-change time (ns since the epoch) when read; null for files read before it was kept';
comment on column landing_files.inode is 'file inode when read (a file replaced by another changes it); null for files read before it was kept';
comment on column landing_files.records is 'records read from the file';
comment on column landing_files.load_id is 'the load that read it last';

comment on column articles.article_id is 'the article''s key, from its canonical URL';
comment on column articles.url is 'the article''s URL as given';
comment on column articles.outlet is 'the publishing outlet';
comment on column articles.title is 'headline';
comment on column articles.published_at is 'when it was published (UTC)';
comment on column articles.published_at_local is 'publication time as the outlet wrote it, with its offset';
comment on column articles.updated_at is 'when it was last updated (UTC)';
comment on column articles.updated_at_local is 'update time as the outlet wrote it, with its offset';
comment on column articles.language is 'ISO 639-1 code of the text';
comment on column articles.read_time_min is 'reading time in minutes, as the page states it';
comment on column articles.word_count is 'words of the body as wc -w counts them (a CJK or Thai character is one word)';
comment on column articles.body is 'clean text, paragraphs separated by one blank line';
comment on column articles.image_caption is 'caption of the lead image';
comment on column articles.image_credit is 'credit of the lead image';
comment on column articles.page_id is 'the raw page of this (latest) version';
comment on column articles.version is 'number of this version, from 1 by fetch time';
comment on column articles.versions is 'how many distinct versions of the article are stored';
comment on column articles.fetched_at is 'when this version was fetched (UTC)';
comment on column articles.field_sources is 'which part of the page gave each field (jsonld, meta, visible, text, url)';
comment on column articles.load_id is 'the load that published this version';

comment on column article_versions.article_id is 'the article''s key, from its canonical URL';
comment on column article_versions.version is 'number of this version, from 1 by fetch time';
comment on column article_versions.page_id is 'the raw page of this version';
comment on column article_versions.fetched_at is 'when this version was fetched (UTC)';
comment on column article_versions.url is 'the article''s URL as given';
comment on column article_versions.outlet is 'the publishing outlet';
comment on column article_versions.title is 'headline';
comment on column article_versions.body is 'clean text, paragraphs separated by one blank line';
comment on column article_versions.published_at is 'when it was published (UTC)';
comment on column article_versions.published_at_local is 'publication time as the outlet wrote it, with its offset';
comment on column article_versions.updated_at is 'when it was last updated (UTC)';
comment on column article_versions.updated_at_local is 'update time as the outlet wrote it, with its offset';
comment on column article_versions.language is 'ISO 639-1 code of the text';
comment on column article_versions.read_time_min is 'reading time in minutes, as the page states it';
comment on column article_versions.word_count is 'words of the body as wc -w counts them (a CJK or Thai character is one word)';
comment on column article_versions.image_caption is 'caption of the lead image';
comment on column article_versions.image_credit is 'credit of the lead image';
comment on column article_versions.authors is 'the byline''s authors in order: name and kind (person, desk, organization)';
comment on column article_versions.field_sources is 'which part of the page gave each field (jsonld, meta, visible, text, url)';
comment on column article_versions.content_hash is 'hash of the extracted content: the same content is not a new version';
comment on column article_versions.load_id is 'the load that added this version';
comment on column article_versions.time_zone is 'IANA zone its wall-clock times were read in (field_sources.time_zone says from what); null before a reparse for versions loaded before the column';

comment on column authors.author_id is 'first 16 hex digits of md5(lower(name) + U+001F + kind)';
comment on column authors.name is 'the author''s name as the byline gives it';
comment on column authors.kind is 'person, desk or organization';

comment on column article_authors.article_id is 'the article (its latest version)';
comment on column article_authors.author_id is 'the author (authors.author_id)';
comment on column article_authors.position is 'byline order, from 1';

comment on column related_news.page_id is 'the raw page the item was shown on';
comment on column related_news.article_id is 'the article of that page';
comment on column related_news.position is 'order on the page, from 1';
comment on column related_news.section is 'the heading of the block the item was in (e.g. a news feed)';
comment on column related_news.time_text is 'the item''s time as shown (e.g. ''5:15 AM'', ''2 hours ago'')';
comment on column related_news.published_at is 'time_text resolved against the page''s fetch time (UTC); null without one';
comment on column related_news.published_at_local is 'the resolved time in the outlet''s time zone, with its offset';
comment on column related_news.title is 'the item''s title';
comment on column related_news.summary is 'the item''s summary, if shown';
comment on column related_news.url is 'the item''s link';
comment on column related_news.author is 'the item''s author, if shown';

comment on column rejected_pages.page_id is 'the raw page that was not loaded';
comment on column rejected_pages.source_path is 'its landing file';
comment on column rejected_pages.record is 'its index inside a container, else null';
comment on column rejected_pages.reason is 'why, as a code (empty, not_found, quality, duplicate, ...)';
comment on column rejected_pages.check_name is 'for reason quality: every failed expectation, comma-separated';
comment on column rejected_pages.details is 'the reason in words';
comment on column rejected_pages.load_id is 'the load that rejected it';

comment on column load_runs.load_id is 'the load (the Dagster run that started it)';
comment on column load_runs.mode is 'load, reparse or backfill';
comment on column load_runs.run_id is 'the Dagster run';
comment on column load_runs.started_at is 'when the load started (UTC)';
comment on column load_runs.finished_at is 'when it published or failed (UTC)';
comment on column load_runs.files_seen is 'landing files seen';
comment on column load_runs.files_read is 'landing files read (new or changed)';
comment on column load_runs.pages_seen is 'records read';
comment on column load_runs.pages_new is 'records not stored before';
comment on column load_runs.pages_processed is 'raw pages parsed by this load';
comment on column load_runs.articles_inserted is 'articles new to the warehouse';
comment on column load_runs.articles_updated is 'articles given a newer version';
comment on column load_runs.versions_added is 'article versions added';
comment on column load_runs.pages_rejected is 'pages rejected by this load';
comment on column load_runs.status is 'succeeded or failed';
comment on column load_runs.error is 'why the load failed, if it did';

comment on column search_docs.article_id is 'the indexed article';
comment on column search_docs.page_id is 'the version that was indexed';
comment on column search_docs.language is 'the language its words were stemmed for';
comment on column search_docs.doc_len is 'terms in the article (BM25 length)';

comment on column search_state.key is 'what is kept (sorted_rows: search_terms rows in term order after the last sort)';
comment on column search_state.value is 'its value';

comment on column search_terms.term is 'a stemmed word of the title or body';
comment on column search_terms.article_id is 'the article it occurs in';
comment on column search_terms.tf is 'how often it occurs there';
comment on column search_terms.doc_len is 'terms in the article (BM25 length)';
comment on column search_terms.language is 'the language it was stemmed for';

comment on table outlets is 'one row per host (lower-case, no www.): its one display name and time zone, and where each came from';
comment on column outlets.host is 'the host, lower-case, without www.';
comment on column outlets.name is 'the display name every article of the host carries';
comment on column outlets.name_source is 'override, profile, page, majority or domain';
comment on column outlets.time_zone is 'IANA time zone wall times of the host are read in; null: each page is read in the zone its own evidence gives (field_sources.time_zone), else UTC';
comment on column outlets.zone_source is 'override, profile, learned, page (the zone most of its pages were read in by their own evidence), tld or none';
comment on column outlets.first_seen is 'fetch time of the host''s first page';
comment on column outlets.last_seen is 'fetch time of the host''s last page';
comment on column outlets.pages is 'article versions of the host';
comment on column outlets.load_id is 'the load that last rebuilt the row';
