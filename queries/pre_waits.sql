-- Pre-aggregation (aggregates.py), step 3 for one grouping: how many trajectories starting in
-- each month waited how many days (queries/waiting_days_median.sql). A median over whole months
-- follows exactly from these counts.
select
    group_key,
    year(start_date) as year,
    month(start_date) as month,
    date_diff('day', request_date, start_date) as wait_days,
    count(*) as trajectories
from flows_in_selection($scope_municipalities, null, null, null, null, null, $group_by)
where group_key is not null
    and request_date is not null
    and year(start_date) between $first_year and $last_year
group by all
