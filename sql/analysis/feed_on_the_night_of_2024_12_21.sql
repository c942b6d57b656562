-- What the live feeds said on the night of 21 to 22 December 2024, Kyiv time.
select published_at_local, outlet, section, title
from feed_timeline
where published_at >= timestamptz '2024-12-21 18:00:00+02'
  and published_at < timestamptz '2024-12-22 09:00:00+02'
order by published_at
