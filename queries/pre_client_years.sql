-- Pre-aggregation (aggregates.py), step 1 for every grouping at once: per grouping, group, young person and year,
-- bit masks over the 12 months (bit m-1 for month m). Every period is a run of whole months
-- within one year, so distinct counts for any period follow exactly from these masks:
--   active        a trajectory is active on some day of the month
--   carry_in      a trajectory started before the month's first day is active on it
--   carry_out     a trajectory active on the month's last day goes on after it (or is open)
--   res_active    a residential trajectory is active in the month
--   new_res       a new out-of-home placement (as queries/new_out_of_home.sql) starts in the month
-- and the young person's record key (suppression.py), from which each count's cell key follows.
with flows as (
    select grouping, group_key, client_id, record_key, start_date, end_date, care_form = any($residential_forms) as residential
    from flows_by_grouping($scope_municipalities)
),

new_res as (
    select r.grouping, r.group_key, r.client_id, r.record_key, r.start_date
    from flows as r
    where r.residential
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

years as (
    select
        f.*,
        y.year,
        case when f.start_date < make_date(y.year, 1, 1) then 1 else month(f.start_date) end as m1,
        case
            when f.end_date is null or f.end_date > make_date(y.year, 12, 31) then 12 else month(f.end_date)
        end as m2,
        case when f.start_date < make_date(y.year, 1, 1) then 1 else month(f.start_date) + 1 end as in_from,
        case
            when f.end_date is null or f.end_date > make_date(y.year, 12, 31) then 12 else month(f.end_date) - 1
        end as out_to
    from flows as f
    cross join lateral (
        select unnest(generate_series(
            greatest(year(f.start_date), $first_year), least(year(coalesce(f.end_date, $last_date)), $last_year)
        )) as year
    ) as y
),

masks as (
    select
        grouping,
        group_key,
        client_id,
        record_key,
        year,
        (1 << m2) - (1 << (m1 - 1)) as active,
        case when in_from <= m2 then (1 << m2) - (1 << (in_from - 1)) else 0 end as carry_in,
        case when m1 <= out_to then (1 << out_to) - (1 << (m1 - 1)) else 0 end as carry_out,
        case when residential then (1 << m2) - (1 << (m1 - 1)) else 0 end as res_active,
        0 as new_res
    from years
    union all
    select grouping, group_key, client_id, record_key, year(start_date), 0, 0, 0, 0, 1 << (month(start_date) - 1)
    from new_res
    where year(start_date) between $first_year and $last_year
)

select
    grouping,
    group_key,
    client_id,
    any_value(record_key) as record_key,
    year,
    bit_or(active) as active,
    bit_or(carry_in) as carry_in,
    bit_or(carry_out) as carry_out,
    bit_or(res_active) as res_active,
    bit_or(new_res) as new_res
from masks
group by grouping, group_key, client_id, year
