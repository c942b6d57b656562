delete from staging.versions
where page_id in (select page_id from rejected_pages where load_id = $load_id and reason = 'duplicate')
