insert into rejected_pages
select s.page_id, s.source_path, s.record, s.reason, s.check_name, s.details, $load_id
from staging.rejects as s
where not exists (select 1 from rejected_pages as r where r.page_id = s.page_id)
