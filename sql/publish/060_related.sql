insert into related_news
select r.*
from staging.related as r
where r.page_id in (select page_id from staging.versions)
