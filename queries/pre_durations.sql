-- Pre-aggregation (aggregates.py), step for every grouping at once: how many trajectories ending
-- in each month lasted how many days (queries/trajectory_days_median.sql). A median over whole
-- months follows exactly from these counts, as the waiting time's does (pre_waits.sql). Kept per
-- care form too, for the durations per care form (pre_durations_by_form.sql).
with flows as (
    select grouping, group_key, care_form, start_date, end_date, record_key
    from flows_by_grouping($scope_municipalities)
)

select
    grouping,
    group_key,
    care_form,
    year(end_date) as year,
    month(end_date) as month,
    date_diff('day', start_date, end_date) + 1 as days,
    count(*) as trajectories,
    sum(record_key) % $key_modulus as record_keys
from flows
where end_date is not null
    and year(end_date) between $first_year and $last_year
group by all
