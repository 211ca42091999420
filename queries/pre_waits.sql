-- Pre-aggregation (aggregates.py), step 3 for every grouping at once: how many trajectories starting in
-- each month waited how many days (queries/waiting_days_median.sql). A median over whole months
-- follows exactly from these counts.
with flows as (
    select grouping, group_key, request_date, start_date, record_key
    from flows_by_grouping($scope_municipalities)
)

select
    grouping,
    group_key,
    year(start_date) as year,
    month(start_date) as month,
    date_diff('day', request_date, start_date) as wait_days,
    count(*) as trajectories,
    sum(record_key) % $key_modulus as record_keys
from flows
where request_date is not null
    and year(start_date) between $first_year and $last_year
group by all
