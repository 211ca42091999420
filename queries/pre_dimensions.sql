-- Pre-aggregation (aggregates.py): queries/flows_by_dimension.sql's rows for every period, the
-- four dimensions and the one-filter selections of a region (the region; a municipality, area,
-- provider or theme in it) in one pass. Per selection key, dimension value, young person and
-- year, bit masks of the months (bit m-1 for month m) with care, with a start, with an end; a
-- period is a run of whole months within a year, so each distinct count follows exactly.
with flows as (
    select
        f.client_id,
        f.record_key,
        f.care_form,
        coalesce(f.referrer, 'onbekend') as referrer,
        f.birth_year,
        f.provider_id,
        f.start_date,
        f.end_date,
        g.region_code,
        f.municipality_code,
        f.area_code,
        f.theme
    from client_flows as f
    inner join geo_municipalities as g on g.municipality_code = f.municipality_code
    where f.municipality_code = any($scope_municipalities)
        and f.start_date <= $last_date
        and (f.end_date is null or f.end_date >= make_date($first_year, 1, 1))
),

years as (
    select
        f.*,
        y.year,
        case when f.start_date < make_date(y.year, 1, 1) then 1 else month(f.start_date) end as m1,
        case
            when f.end_date is null or f.end_date > make_date(y.year, 12, 31) then 12 else month(f.end_date)
        end as m2,
        count(*) over (partition by f.client_id, y.year) as trajectories
    from flows as f
    cross join lateral (
        select unnest(generate_series(
            greatest(year(f.start_date), $first_year), least(year(coalesce(f.end_date, $last_date)), $last_year)
        )) as year
    ) as y
),

selections as (
    select
        client_id,
        record_key,
        year,
        trajectories,
        (1 << m2) - (1 << (m1 - 1)) as active,
        case when year(start_date) = year then 1 << (month(start_date) - 1) else 0 end as starts,
        case when year(end_date) = year then 1 << (month(end_date) - 1) else 0 end as ends,
        [
            {'dimension': 'care_form', 'value': care_form},
            {'dimension': 'referrer', 'value': referrer},
            {'dimension': 'age_group', 'value': case
                when year - birth_year < 6 then '0-5'
                when year - birth_year < 12 then '6-11'
                when year - birth_year < 18 then '12-17'
                else '18+'
            end},
            {'dimension': 'provider', 'value': provider_id}
        ] as dimensions,
        unnest([
            {'grouping': 'region', 'group_key': region_code},
            {'grouping': 'municipality', 'group_key': municipality_code},
            {'grouping': 'area', 'group_key': area_code},
            {'grouping': 'region_provider', 'group_key': region_code || '|' || provider_id},
            {'grouping': 'region_theme', 'group_key': region_code || '|' || theme}
        ]) as sel
    from years
),

-- Each selection row once per dimension (two unnests in one list would be zipped, not crossed).
masks as (
    select client_id, record_key, year, trajectories, active, starts, ends, sel, unnest(dimensions) as d
    from selections
),

-- A young person with one trajectory in the year is one row per selection and dimension already;
-- only the others are merged (the distinct count), which spares most of the grouping.
people as (
    select
        sel.grouping as grouping,
        sel.group_key as group_key,
        d.dimension as dimension,
        d.value as dimension_value,
        year,
        record_key,
        active,
        starts,
        ends
    from masks
    where sel.group_key is not null and trajectories = 1
    union all
    select
        sel.grouping,
        sel.group_key,
        d.dimension,
        d.value,
        year,
        any_value(record_key),
        bit_or(active),
        bit_or(starts),
        bit_or(ends)
    from masks
    where sel.group_key is not null and trajectories > 1
    group by sel.grouping, sel.group_key, d.dimension, d.value, client_id, year
),

periods as (
    select
        unnest($period_codes) as period,
        unnest($period_years) as year,
        unnest($first_months) as f,
        unnest($last_months) as l
),

-- Young people with the same masks count alike: count them per mask combination first, so the
-- join with the periods runs over distinct masks, not over every young person.
combos as (
    select
        grouping, group_key, dimension, dimension_value, year, active, starts, ends,
        count(*) as clients, sum(record_key) as record_keys
    from people
    group by all
)

select
    'flows_by_dimension:' || c.dimension as query,
    p.period,
    c.grouping,
    c.group_key,
    c.dimension_value as item,
    null::varchar as item2,
    sum(c.clients) as value,
    coalesce(sum(c.clients) filter (where c.starts & ((1 << p.l) - (1 << (p.f - 1))) != 0), 0) as numerator,
    coalesce(sum(c.clients) filter (where c.ends & ((1 << p.l) - (1 << (p.f - 1))) != 0), 0) as denominator,
    sum(c.record_keys) % $key_modulus as value_key,
    coalesce(sum(c.record_keys) filter (where c.starts & ((1 << p.l) - (1 << (p.f - 1))) != 0), 0) % $key_modulus
        as numerator_key,
    coalesce(sum(c.record_keys) filter (where c.ends & ((1 << p.l) - (1 << (p.f - 1))) != 0), 0) % $key_modulus
        as denominator_key
from combos as c
inner join periods as p on p.year = c.year
where c.active & ((1 << p.l) - (1 << (p.f - 1))) != 0
group by all
