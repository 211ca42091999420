-- Pre-aggregation (aggregates.py), step 2 for every grouping at once: per grouping, group, year and month, the
-- additive measures of the flow indicators (sums over whole months add up to any period):
-- residential days (queries/residential_days.sql), trajectories starting in the month
-- (intensive_at_imminent_pct, new_out_of_home) and ending in it (early_termination_pct,
-- goal_attainment_pct, no_new_care_within_year_pct), handovers ending in it
-- (continuity_at_handover_pct, queries/handovers.sql) and requests waiting at its last day
-- (waiting_list: the period's figure is its last month's). Beside each count, <count>_key: the sum of
-- its rows' record keys modulo $key_modulus, from which a period's cell key follows (suppression.py).
with flows as (
    select * exclude (region_code), care_form = any($residential_forms) as residential
    from flows_by_grouping($scope_municipalities)
),

residential_months as (
    select
        grouping,
        group_key,
        start_date,
        end_date,
        unnest(generate_series(
            date_trunc('month', greatest(start_date, make_date($first_year, 1, 1))),
            date_trunc('month', least(coalesce(end_date, $last_date), $last_date)),
            interval 1 month
        ))::date as month_start
    from flows
    where residential
        and start_date <= $last_date
        and (end_date is null or end_date >= make_date($first_year, 1, 1))
),

days as (
    select
        grouping,
        group_key,
        year(month_start) as year,
        month(month_start) as month,
        sum(
            date_diff(
                'day', greatest(start_date, month_start), least(coalesce(end_date, last_day(month_start)), last_day(month_start))
            ) + 1
        ) as res_days
    from residential_months
    group by all
),

new_res as (
    select r.grouping, r.group_key, r.start_date, r.record_key
    from flows as r
    where r.residential
        and r.start_date >= make_date($first_year, 1, 1)
        and not exists (
            select 1
            from flows as p
            where p.residential
                and p.client_id = r.client_id
                and p.grouping = r.grouping
                and p.group_key = r.group_key
                and p.start_date <= r.start_date - 1
                and (p.end_date is null or p.end_date >= r.start_date - 1)
        )
),

starts as (
    select
        grouping,
        group_key,
        year(start_date) as year,
        month(start_date) as month,
        count(*) filter (where imminent_out_of_home) as imminent,
        count(*) filter (where imminent_out_of_home and intensive and not residential) as imminent_intensive,
        sum(record_key) filter (where imminent_out_of_home) % $key_modulus as imminent_key,
        sum(record_key) filter (where imminent_out_of_home and intensive and not residential) % $key_modulus
            as imminent_intensive_key
    from flows
    where start_date >= make_date($first_year, 1, 1)
    group by all
),

new_starts as (
    select
        grouping,
        group_key,
        year(start_date) as year,
        month(start_date) as month,
        count(*) as new_res,
        sum(record_key) % $key_modulus as new_res_key
    from new_res
    group by all
),

-- Whether a planned end was followed by no new care within a year does not depend on the
-- grouping: decided once per trajectory, before the groupings multiply the rows by ten.
no_new_care as (
    select
        e.trajectory_id,
        not exists (
            select 1
            from client_flows as n
            where n.client_id = e.client_id
                and n.municipality_code = any($scope_municipalities)
                and n.start_date > e.end_date
                and n.start_date <= e.end_date + 365
        ) as no_new_care
    from client_flows as e
    where e.end_reason = $planned_end_reason
        and e.end_date >= make_date($first_year, 1, 1)
        and e.municipality_code = any($scope_municipalities)
),

planned_ends as (
    select e.grouping, e.group_key, e.end_date, e.record_key, o.no_new_care
    from flows as e
    inner join no_new_care as o using (trajectory_id)
),

ends as (
    select
        grouping,
        group_key,
        year(end_date) as year,
        month(end_date) as month,
        count(*) as ended,
        count(*) filter (where end_reason = any($early_end_reasons)) as early,
        count(*) filter (where goal_attained is not null) as goal_known,
        count(*) filter (where goal_attained) as goal_attained,
        sum(record_key) % $key_modulus as ended_key,
        sum(record_key) filter (where end_reason = any($early_end_reasons)) % $key_modulus as early_key,
        sum(record_key) filter (where goal_attained is not null) % $key_modulus as goal_known_key,
        sum(record_key) filter (where goal_attained) % $key_modulus as goal_attained_key
    from flows
    where end_date >= make_date($first_year, 1, 1)
    group by all
),

handover_ends as (
    select
        f.grouping,
        f.group_key,
        year(f.end_date) as year,
        month(f.end_date) as month,
        count(*) as handovers,
        count(*) filter (where h.continued) as handovers_continued,
        sum(f.record_key) % $key_modulus as handovers_key,
        sum(f.record_key) filter (where h.continued) % $key_modulus as handovers_continued_key
    from flows as f
    inner join handovers($planned_end_reason) as h on h.trajectory_id = f.trajectory_id
    where h.handover and f.end_date >= make_date($first_year, 1, 1)
    group by all
),

-- A request waits at a month's last day when it was made on or before it and started after it:
-- the months from the request's to the one before the start's.
waiting as (
    select
        grouping,
        group_key,
        year(month_start) as year,
        month(month_start) as month,
        count(*) as waiting,
        sum(record_key) % $key_modulus as waiting_key
    from (
        select
            grouping,
            group_key,
            record_key,
            unnest(generate_series(
                date_trunc('month', greatest(request_date, make_date($first_year, 1, 1))),
                date_trunc('month', start_date) - interval 1 month,
                interval 1 month
            ))::date as month_start
        from flows
        where request_date is not null and date_trunc('month', request_date) < date_trunc('month', start_date)
    )
    group by all
),

planned as (
    select
        grouping,
        group_key,
        year(end_date) as year,
        month(end_date) as month,
        count(*) as planned,
        count(*) filter (where no_new_care) as planned_no_new,
        sum(record_key) % $key_modulus as planned_key,
        sum(record_key) filter (where no_new_care) % $key_modulus as planned_no_new_key
    from planned_ends
    group by all
)

select
    grouping,
    group_key,
    year,
    month,
    coalesce(sum(res_days), 0) as res_days,
    coalesce(sum(imminent), 0) as imminent,
    coalesce(sum(imminent_intensive), 0) as imminent_intensive,
    coalesce(sum(new_res), 0) as new_res,
    coalesce(sum(ended), 0) as ended,
    coalesce(sum(early), 0) as early,
    coalesce(sum(goal_known), 0) as goal_known,
    coalesce(sum(goal_attained), 0) as goal_attained,
    coalesce(sum(planned), 0) as planned,
    coalesce(sum(planned_no_new), 0) as planned_no_new,
    coalesce(sum(handovers), 0) as handovers,
    coalesce(sum(handovers_continued), 0) as handovers_continued,
    coalesce(sum(waiting), 0) as waiting,
    coalesce(sum(imminent_key), 0) % $key_modulus as imminent_key,
    coalesce(sum(imminent_intensive_key), 0) % $key_modulus as imminent_intensive_key,
    coalesce(sum(new_res_key), 0) % $key_modulus as new_res_key,
    coalesce(sum(ended_key), 0) % $key_modulus as ended_key,
    coalesce(sum(early_key), 0) % $key_modulus as early_key,
    coalesce(sum(goal_known_key), 0) % $key_modulus as goal_known_key,
    coalesce(sum(goal_attained_key), 0) % $key_modulus as goal_attained_key,
    coalesce(sum(planned_key), 0) % $key_modulus as planned_key,
    coalesce(sum(planned_no_new_key), 0) % $key_modulus as planned_no_new_key,
    coalesce(sum(handovers_key), 0) % $key_modulus as handovers_key,
    coalesce(sum(handovers_continued_key), 0) % $key_modulus as handovers_continued_key,
    coalesce(sum(waiting_key), 0) % $key_modulus as waiting_key
from (
    select grouping, group_key, year, month, res_days, null as imminent, null as imminent_intensive, null as new_res,
        null as ended, null as early, null as goal_known, null as goal_attained, null as planned, null as planned_no_new
    from days
    union all by name
    select * from starts
    union all by name
    select * from new_starts
    union all by name
    select * from ends
    union all by name
    select * from planned
    union all by name
    select * from handover_ends
    union all by name
    select * from waiting
)
where year between $first_year and $last_year
group by grouping, group_key, year, month
