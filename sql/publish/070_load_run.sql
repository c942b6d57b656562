insert into load_runs
select
    s.load_id,
    s.mode,
    s.run_id,
    s.started_at,
    now() as finished_at,
    s.files_seen,
    s.files_read,
    s.pages_seen,
    s.pages_new,
    s.pages_processed,
    $inserted as articles_inserted,
    $updated as articles_updated,
    $versions_added as versions_added,
    (select count(*) from rejected_pages where load_id = $load_id) as pages_rejected,
    'succeeded' as status,
    null as error
from staging.load_state as s
where s.load_id = $load_id
