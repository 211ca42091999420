-- Pre-aggregation (aggregates.py): the rows of complaints_received.sql and
-- complaints_handled_in_time_pct.sql for every period and stored grouping in one pass. Complaints
-- are counted, not people, so their counts add up: per group and month first, then per period
-- (a period is a run of whole months, so a date lies in it exactly when its month does). Like
-- the two query files, a group gets a row only where it has a complaint received (or handled) in
-- the period; tests/test_aggregates.py holds the two paths equal.
with periods as (
    select
        unnest($period_codes) as period,
        unnest($period_starts) as period_start,
        unnest($period_ends) as period_end
),

-- Each complaint under its key in every stored grouping (aggregates.GROUPINGS), as
-- complaints_in_selection.sql selects it; a key with a part not given (no theme) is no group.
keyed as (
    select
        c.received_date,
        c.handled_date,
        c.record_key,
        c.handled_date <= c.received_date + 42 as in_time,
        c.outcome != $complaint_withdrawn as counts_as_handled,
        unnest([
            'region', 'municipality', 'area', 'region_provider', 'region_theme', 'provider_municipality',
            'provider_area', 'theme_municipality', 'theme_area', 'area_municipality'
        ]) as grouping,
        unnest([
            g.region_code,
            c.municipality_code,
            c.area_code,
            g.region_code || '|' || c.provider_id,
            g.region_code || '|' || c.theme,
            c.provider_id || '|' || c.municipality_code,
            c.provider_id || '|' || c.area_code,
            c.theme || '|' || c.municipality_code,
            c.theme || '|' || c.area_code,
            c.area_code || '|' || c.municipality_code
        ]) as group_key
    from complaints as c
    inner join geo_municipalities as g on g.municipality_code = c.municipality_code
    where c.municipality_code = any($scope_municipalities)
),

received_months as (
    select grouping, group_key, date_trunc('month', received_date) as month, count(*) as n, sum(record_key) as k
    from keyed
    where group_key is not null
    group by all
),

handled_months as (
    select
        grouping,
        group_key,
        date_trunc('month', handled_date) as month,
        count(*) as n,
        count(*) filter (where in_time) as in_time,
        sum(record_key) as k,
        sum(record_key) filter (where in_time) as in_time_k
    from keyed
    where group_key is not null and counts_as_handled and handled_date is not null
    group by all
),

received as (
    select p.period, m.grouping, m.group_key, sum(m.n)::bigint as n, sum(m.k) % $key_modulus as k
    from received_months as m
    inner join periods as p on m.month between p.period_start and p.period_end
    group by all
),

handled as (
    select p.period, m.grouping, m.group_key, sum(m.n)::bigint as n, sum(m.in_time)::bigint as in_time,
        sum(m.k) % $key_modulus as k, coalesce(sum(m.in_time_k), 0) % $key_modulus as in_time_k
    from handled_months as m
    inner join periods as p on m.month between p.period_start and p.period_end
    group by all
)

select
    'complaints_received' as query,
    period,
    grouping,
    group_key,
    n::double as value,
    null::double as numerator,
    null::double as denominator,
    n::double as basis,
    k as value_key,
    null as numerator_key,
    null as denominator_key
from received
union all
select
    'complaints_handled_in_time_pct',
    period,
    grouping,
    group_key,
    100.0 * in_time / nullif(n, 0),
    in_time::double,
    n::double,
    n::double,
    null,
    in_time_k,
    k
from handled
