-- Pre-aggregation (aggregates.py): the rows of the money and population queries (budget_eur,
-- lump_sum_eur, spend_eur, budget_utilisation_pct, lump_sum_utilisation_pct,
-- forecast_year_end_eur, population) for every period and stored grouping in one pass. Each
-- stored group is a set of municipalities (whole, or part of one: an Amsterdam area), for a
-- provider's groups only that provider's money. Each block restates one query file's columns
-- and, like it, which groups get a row; tests/test_aggregates.py holds the two paths equal.
with periods as (
    select
        unnest($period_codes) as period,
        unnest($period_years) as year,
        unnest($period_starts) as period_start,
        unnest($period_ends) as period_end,
        unnest($last_months) as months
),

p as (
    select *, make_date(year, 1, 1) as year_start from periods
),

-- (grouping, group_key, provider or null, municipality, whole municipality in the group)
geo_groups as (
    select 'region' as grp, region_code as group_key, municipality_code, true as whole
    from geo_municipalities
    union all
    select 'municipality', municipality_code, municipality_code, true from geo_municipalities
    union all
    select 'area', area_code, municipality_code, n_areas = 1 from geo_cells
),

groups as (
    select grp, group_key, null::varchar as provider_id, municipality_code, whole
    from geo_groups
    where municipality_code = any($scope_municipalities)
    union all
    select 'region_provider', m.region_code || '|' || v.provider_id, v.provider_id, m.municipality_code, true
    from providers as v
    inner join geo_municipalities as m on m.region_code = v.region_code
    where m.municipality_code = any($scope_municipalities)
    union all
    select 'provider_municipality', v.provider_id || '|' || m.municipality_code, v.provider_id, m.municipality_code,
        true
    from providers as v
    inner join geo_municipalities as m on m.region_code = v.region_code
    where m.municipality_code = any($scope_municipalities)
    union all
    select 'provider_area', v.provider_id || '|' || c.area_code, v.provider_id, c.municipality_code, c.n_areas = 1
    from providers as v
    inner join geo_cells as c on c.region_code = v.region_code
    where c.municipality_code = any($scope_municipalities)
),

group_whole as (
    select grp, group_key, bool_and(whole) as whole from groups group by all
),

-- Spending per group and month (all providers for a geography, one provider for its groups).
spend_months as (
    select g.grp, g.group_key, s.month, sum(s.amount_eur) as amount
    from groups as g
    inner join spend as s
        on s.municipality_code = g.municipality_code and (g.provider_id is null or s.provider_id = g.provider_id)
    group by all
),

spent as (
    select
        p.period,
        w.grp,
        w.group_key,
        w.whole,
        sum(m.amount) filter (where m.month between p.period_start and p.period_end) as in_period,
        sum(m.amount) filter (where m.month between p.year_start and p.period_end) as to_date
    from group_whole as w
    cross join p
    left join spend_months as m
        on m.grp = w.grp and m.group_key = w.group_key and m.month between p.year_start and p.period_end
    group by all
),

lump as (
    select g.grp, g.group_key, l.year, bool_and(g.whole) as whole, sum(l.amount_eur) as amount
    from groups as g
    inner join lump_sums as l
        on l.municipality_code = g.municipality_code and (g.provider_id is null or l.provider_id = g.provider_id)
    group by all
),

-- The budget in force at each period's end, as budget_eur.sql.
budget_rows as (
    select municipality_code, year, budget_eur, coalesce(valid_from, make_date(year, 1, 1)) as applies_from
    from (select * from budgets union all by name select null::date as valid_from where false)
),

in_force as (
    select p.period, r.municipality_code, r.applies_from, sum(r.budget_eur) as budget_eur
    from p
    inner join budget_rows as r on r.year = p.year and r.applies_from <= p.period_end
    group by p.period, r.municipality_code, r.applies_from
    qualify r.applies_from = max(r.applies_from) over (partition by p.period, r.municipality_code)
),

budget as (
    select g.grp, g.group_key, p.period, case when bool_and(g.whole) then sum(b.budget_eur) end as amount
    from geo_groups as g
    cross join p
    left join in_force as b on b.municipality_code = g.municipality_code and b.period = p.period
    where g.municipality_code = any($scope_municipalities)
    group by all
),

population_cells as (
    select
        g.grp,
        g.group_key,
        g.municipality_code,
        c.area_code,
        p.period,
        p.year,
        case
            when g.grp = 'area' then case when c.n_areas = 1 then m.population_0_17 else a.population_0_17 end
            else m.population_0_17
        end as population
    from geo_groups as g
    inner join geo_cells as c
        on c.municipality_code = g.municipality_code and (g.grp != 'area' or c.area_code = g.group_key)
    cross join p
    left join population as a
        on a.municipality_code = c.municipality_code and a.area_code = c.area_code and a.year = p.year
    left join population as m on m.municipality_code = c.municipality_code and m.area_code is null and m.year = p.year
    where g.municipality_code = any($scope_municipalities)
),

-- An area's own rows (area_code set), stored under any of its municipalities (queries/population.sql).
own_population as (
    select area_code, year, sum(population_0_17) as population
    from population
    where area_code is not null
    group by area_code, year
),

area_sizes as (
    select area_code, count(*) as n_municipalities from geo_cells group by area_code
),

population_munis as (
    select
        grp,
        group_key,
        municipality_code,
        period,
        any_value(population) as population
    from population_cells
    where grp != 'area'
    group by grp, group_key, municipality_code, period
    union all
    select
        c.grp,
        c.group_key,
        null,
        c.period,
        case
            when count(*) = any_value(s.n_municipalities) and any_value(o.population) is not null
                then any_value(o.population)
            when bool_and(c.population is not null) then sum(c.population)
        end
    from population_cells as c
    inner join area_sizes as s on s.area_code = c.area_code
    left join own_population as o on o.area_code = c.area_code and o.year = c.year
    where c.grp = 'area'
    group by c.grp, c.group_key, c.period
)

select 'spend_eur' as query, period, grp as grouping, group_key,
    case when whole then coalesce(in_period, 0) end as value, null::double as numerator,
    null::double as denominator, null::double as basis
from spent
union all
select 'forecast_year_end_eur', s.period, s.grp, s.group_key,
    case when s.whole then coalesce(s.to_date, 0) * 12.0 / p.months end, coalesce(s.to_date, 0), p.months, null
from spent as s inner join p using (period)
union all
select 'lump_sum_eur', p.period, l.grp, l.group_key, case when l.whole then l.amount end, null, null, null
from lump as l inner join p using (year)
union all
select 'lump_sum_utilisation_pct', p.period, l.grp, l.group_key,
    case when l.whole then 100.0 * coalesce(s.to_date, 0) / nullif(l.amount, 0) end,
    case when l.whole then coalesce(s.to_date, 0) end,
    case when l.whole then l.amount end,
    null
from lump as l
inner join p using (year)
inner join spent as s on s.period = p.period and s.grp = l.grp and s.group_key = l.group_key
union all
select 'budget_eur', period, grp, group_key, amount, null, null, null from budget
union all
select 'budget_utilisation_pct', b.period, b.grp, b.group_key,
    100.0 * coalesce(s.to_date, 0) / nullif(b.amount, 0), coalesce(s.to_date, 0), b.amount, null
from budget as b
inner join spent as s using (period, grp, group_key)
union all
select 'population', period, grp, group_key,
    case when bool_and(population is not null) then sum(population) end, null, null, null
from population_munis
group by grp, group_key, period
