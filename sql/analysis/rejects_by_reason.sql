-- Why pages were not loaded, per load and reason.
select l.started_at, r.reason, r.check_name, count(*) as pages, min(r.source_path) as example
from rejected_pages as r
left join load_runs as l using (load_id)
group by all
order by l.started_at desc nulls last, pages desc
