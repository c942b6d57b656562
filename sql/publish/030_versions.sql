insert into article_versions by name
select *, null::integer as version, $load_id as load_id
from staging.versions
