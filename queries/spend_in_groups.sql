-- Table macro, created once when the runner opens the data: per group of the selection the
-- spending from from_date to to_date on its municipalities' young people (0 for a group without
-- spending rows: a sum over no rows), and whether the group holds whole municipalities (spend is
-- per municipality, so part of one, an Amsterdam area, has none). Grouped by provider, every
-- provider of the selection's regions gets a row.
create or replace macro spend_in_groups(
    scope_municipalities, municipalities, areas, group_by, providers, scope_providers, from_date, to_date
) as table
with cells as (
    select distinct region_code, group_key, municipality_code, whole_municipality
    from cells_in_selection(scope_municipalities, municipalities, areas, group_by)
    where group_by != 'theme'
),

groups as (
    select group_key, bool_and(whole_municipality) as whole
    from cells
    where group_by != 'provider'
    group by group_key
    union all
    select p.provider_id, (select bool_and(whole_municipality) from cells)
    from providers as p
    where group_by = 'provider'
        and p.region_code in (select region_code from cells)
        and (providers is null or p.provider_id = any(providers))
        and (scope_providers is null or p.provider_id = any(scope_providers))
),

months as (
    select
        case when group_by = 'provider' then s.provider_id else c.group_key end as group_key,
        s.amount_eur
    from cells as c
    inner join spend as s on s.municipality_code = c.municipality_code
    where s.month between from_date and to_date
        and (providers is null or s.provider_id = any(providers))
        and (scope_providers is null or s.provider_id = any(scope_providers))
)

select g.group_key, g.whole, coalesce(sum(m.amount_eur), 0) as amount_eur
from groups as g
left join months as m on m.group_key is not distinct from g.group_key
group by g.group_key, g.whole
