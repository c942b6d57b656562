-- How many articles each outlet published per day, busiest days first.
select outlet, day, articles
from articles_per_outlet_day
order by articles desc, day desc, outlet
