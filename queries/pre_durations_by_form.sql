-- Pre-aggregation (aggregates.py): queries/durations_by_care_form.sql's rows for every period and
-- the one-filter selections of a region, from the step table pre_durations (trajectories ending
-- per month, care form and number of days). The median over a run of whole months follows
-- exactly from these counts, by the same rank rule as queries/pre_periods.sql's medians.
with p as (
    select
        unnest($period_codes) as period,
        unnest($period_years) as year,
        unnest($first_months) as f,
        unnest($last_months) as l
),

counts as (
    select
        p.period, d.grouping, d.group_key, d.care_form, d.days, sum(d.trajectories)::bigint as n,
        sum(d.record_keys) as k
    from pre_durations as d
    inner join p on d.year = p.year and d.month between p.f and p.l
    where d.grouping in ('region', 'municipality', 'area', 'region_provider', 'region_theme')
    group by all
),

ranked as (
    select
        *,
        sum(n) over (partition by period, grouping, group_key, care_form order by days rows unbounded preceding)
        - n as before,
        sum(n) over (partition by period, grouping, group_key, care_form) as total
    from counts
)

select
    'durations_by_care_form' as query,
    period,
    grouping,
    group_key,
    care_form as item,
    null::varchar as item2,
    (
        min(days) filter (where floor((total - 1) / 2) < before + n)
        + min(days) filter (where ceil((total - 1) / 2) < before + n)
    ) / 2.0 as value,
    any_value(total) as numerator,
    null::double as denominator,
    null::bigint as value_key,
    sum(k) % $key_modulus as numerator_key,
    null::bigint as denominator_key
from ranked
group by period, grouping, group_key, care_form
