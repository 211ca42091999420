-- The money rule per provider and municipality: the municipality's part of the provider's lump
-- sum for $year and the spending on that municipality's young people from 1 January to
-- $period_end. Money is per municipality, so an area selection covers its whole municipalities.
with munis as (
    select distinct municipality_code
    from cells_in_selection($scope_municipalities, $municipalities, $areas, 'none')
),

parts as (
    select provider_id, municipality_code, sum(amount_eur) as lump_sum_eur
    from lump_sums
    where year = $year
        and municipality_code in (select municipality_code from munis)
        and ($providers is null or provider_id = any($providers))
        and ($scope_providers is null or provider_id = any($scope_providers))
    group by provider_id, municipality_code
),

spent as (
    select provider_id, municipality_code, sum(amount_eur) as spend_eur
    from spend
    where month between $year_start and $period_end
        and municipality_code in (select municipality_code from munis)
        and ($providers is null or provider_id = any($providers))
        and ($scope_providers is null or provider_id = any($scope_providers))
    group by provider_id, municipality_code
)

select
    provider_id,
    municipality_code,
    p.lump_sum_eur,
    s.spend_eur
from parts as p
full outer join spent as s using (provider_id, municipality_code)
order by provider_id, municipality_code
