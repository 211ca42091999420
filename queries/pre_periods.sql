-- Pre-aggregation (aggregates.py), step 4 for every grouping at once: the rows every flow query would
-- return for every period, from the tables of steps 1-3. A period is a run of whole months
-- ($first_months..$last_months) within one year. Each block below restates one query's result
-- columns (value, numerator, denominator, basis) and, like it, has a row only for groups where
-- that query finds something; tests/test_aggregates.py holds the two paths equal. The cell keys
-- (value_key, numerator_key, denominator_key: suppression.py) are sums of the same rows' record keys.
with periods as (
    select
        unnest($period_codes) as period,
        unnest($period_years) as year,
        unnest($first_months) as f,
        unnest($last_months) as l
),

p as (
    select
        *,
        (1 << l) - (1 << (f - 1)) as months,
        1 << (f - 1) as first_bit,
        1 << (l - 1) as last_bit,
        dense_rank() over (order by period) as pi
    from periods
),

-- Young people with the same masks count alike: count them per mask combination first, so the
-- join with the periods runs over distinct masks, not over every young person.
combos as (
    select
        grouping, group_key, year, active, carry_in, carry_out, res_active, new_res,
        count(*) as clients, sum(record_key) as record_keys
    from pre_client_years
    group by all
),

people as (
    select
        p.period,
        c.grouping,
        c.group_key,
        coalesce(sum(c.clients) filter (where c.active & p.months != 0), 0) as in_care,
        coalesce(sum(c.clients) filter (where c.active & p.months != 0 and c.carry_in & p.first_bit = 0), 0) as inflow,
        coalesce(sum(c.clients) filter (where c.active & p.months != 0 and c.carry_out & p.last_bit = 0), 0) as outflow,
        coalesce(sum(c.clients) filter (where c.res_active & p.months != 0), 0) as out_of_home,
        coalesce(sum(c.clients) filter (where c.new_res & p.months != 0), 0) as new_res_clients,
        sum(c.record_keys) filter (where c.active & p.months != 0) % $key_modulus as in_care_key,
        sum(c.record_keys) filter (where c.active & p.months != 0 and c.carry_in & p.first_bit = 0) % $key_modulus
            as inflow_key,
        sum(c.record_keys) filter (where c.active & p.months != 0 and c.carry_out & p.last_bit = 0) % $key_modulus
            as outflow_key,
        sum(c.record_keys) filter (where c.res_active & p.months != 0) % $key_modulus as out_of_home_key
    from combos as c
    inner join p on c.year = p.year
    group by all
),

sums as (
    select
        p.period,
        m.grouping,
        m.group_key,
        sum(m.res_days)::bigint as res_days,
        sum(m.imminent)::bigint as imminent,
        sum(m.imminent_intensive)::bigint as imminent_intensive,
        sum(m.new_res)::bigint as new_res,
        sum(m.ended)::bigint as ended,
        sum(m.early)::bigint as early,
        sum(m.goal_known)::bigint as goal_known,
        sum(m.goal_attained)::bigint as goal_attained,
        sum(m.planned)::bigint as planned,
        sum(m.planned_no_new)::bigint as planned_no_new,
        sum(m.handovers)::bigint as handovers,
        sum(m.handovers_continued)::bigint as handovers_continued,
        -- a count at a date: the period's last month's, not a sum
        sum(m.waiting) filter (where m.month = p.l)::bigint as waiting,
        sum(m.imminent_key) % $key_modulus as imminent_key,
        sum(m.imminent_intensive_key) % $key_modulus as imminent_intensive_key,
        sum(m.new_res_key) % $key_modulus as new_res_key,
        sum(m.ended_key) % $key_modulus as ended_key,
        sum(m.early_key) % $key_modulus as early_key,
        sum(m.goal_known_key) % $key_modulus as goal_known_key,
        sum(m.goal_attained_key) % $key_modulus as goal_attained_key,
        sum(m.planned_key) % $key_modulus as planned_key,
        sum(m.planned_no_new_key) % $key_modulus as planned_no_new_key,
        sum(m.handovers_key) % $key_modulus as handovers_key,
        sum(m.handovers_continued_key) % $key_modulus as handovers_continued_key,
        sum(m.waiting_key) filter (where m.month = p.l) % $key_modulus as waiting_key
    from pre_months as m
    inner join p on m.year = p.year and m.month between p.f and p.l
    group by all
),

-- Medians from counts per number of days: waiting days (pre_waits) and trajectory durations
-- (pre_durations), each its own measure (0 and 1). The window below sorts millions of rows at
-- scale; it partitions by numbers (the period's and the group's), not by strings, which on the
-- sample takes a quarter less time. Groups and periods are numbered by their order, not by the
-- order rows arrive in, so a number means the same wherever its CTE is read.
groups as (
    select grouping, group_key, dense_rank() over (order by grouping, group_key) as gid
    from (select grouping, group_key from pre_waits union select grouping, group_key from pre_durations)
),

counts as (
    select g.gid, 0 as measure, w.year, w.month, w.wait_days as days, w.trajectories as n, w.record_keys as k
    from pre_waits as w inner join groups as g using (grouping, group_key)
    union all
    select g.gid, 1, d.year, d.month, d.days, sum(d.trajectories), sum(d.record_keys)
    from pre_durations as d inner join groups as g using (grouping, group_key)
    group by all
),

waits as (
    select p.pi, c.measure, c.gid, c.days, sum(c.n)::bigint as n, sum(c.k) as k
    from counts as c
    inner join p on c.year = p.year and c.month between p.f and p.l
    group by all
),

ranked as (
    select
        *,
        sum(n) over (partition by pi, measure, gid order by days rows unbounded preceding) - n as before,
        sum(n) over (partition by pi, measure, gid) as total
    from waits
),

by_number as (
    select
        pi,
        measure,
        gid,
        any_value(total) as total,
        sum(k) % $key_modulus as total_key,
        (
            min(days) filter (where floor((total - 1) / 2) < before + n)
            + min(days) filter (where ceil((total - 1) / 2) < before + n)
        ) / 2.0 as median
    from ranked
    group by pi, measure, gid
),

medians as (
    select p.period, case m.measure when 0 then 'wait' else 'duration' end as measure, g.grouping, g.group_key,
        m.total, m.total_key, m.median
    from by_number as m
    inner join p using (pi)
    inner join groups as g using (gid)
)

select 'young_people_in_care' as query, period, grouping, group_key, in_care as value, null as numerator,
    null as denominator, in_care as basis, in_care_key as value_key, null as numerator_key, null as denominator_key
from people where in_care > 0
union all
select 'inflow', period, grouping, group_key, inflow, null, null, inflow, inflow_key, null, null
from people where inflow > 0
union all
select 'outflow', period, grouping, group_key, outflow, null, null, outflow, outflow_key, null, null
from people where outflow > 0
union all
select 'out_of_home', period, grouping, group_key, out_of_home, null, null, out_of_home, out_of_home_key, null, null
from people where out_of_home > 0
union all
select 'residential_days', s.period, s.grouping, s.group_key, s.res_days, null, null, p.out_of_home,
    p.out_of_home_key, null, null
from sums as s inner join people as p using (period, grouping, group_key) where p.out_of_home > 0
union all
select 'new_out_of_home', s.period, s.grouping, s.group_key, s.new_res, null, null, p.new_res_clients,
    s.new_res_key, null, null
from sums as s inner join people as p using (period, grouping, group_key) where s.new_res > 0
union all
select 'intensive_at_imminent_pct', period, grouping, group_key, 100.0 * imminent_intensive / imminent,
    imminent_intensive, imminent, imminent, null, imminent_intensive_key, imminent_key
from sums where imminent > 0
union all
select 'early_termination_pct', period, grouping, group_key, 100.0 * early / ended, early, ended, ended,
    null, early_key, ended_key
from sums where ended > 0
union all
select 'goal_attainment_pct', period, grouping, group_key, 100.0 * goal_attained / goal_known, goal_attained, goal_known,
    goal_known, null, goal_attained_key, goal_known_key
from sums where goal_known > 0
union all
select 'no_new_care_within_year_pct', period, grouping, group_key, 100.0 * planned_no_new / planned, planned_no_new,
    planned, planned, null, planned_no_new_key, planned_key
from sums where planned > 0
union all
select 'waiting_days_median', period, grouping, group_key, median, null, total, total, null, null, total_key
from medians where measure = 'wait' and total > 0
union all
select 'trajectory_days_median', period, grouping, group_key, median, null, total, total, null, null, total_key
from medians where measure = 'duration' and total > 0
union all
select 'continuity_at_handover_pct', period, grouping, group_key, 100.0 * handovers_continued / handovers,
    handovers_continued, handovers, handovers, null, handovers_continued_key, handovers_key
from sums where handovers > 0
union all
select 'waiting_list', period, grouping, group_key, waiting, null, null, waiting, waiting_key, null, null
from sums where waiting > 0
