-- The agreements (agreements.parquet, an addition of issue 14) with the selection's providers
-- for $year: those for a provider as a whole (municipality_code null) where the provider works
-- in the selected municipalities' region, and those for a selected municipality. Agreements are
-- per provider, not per area or theme: a theme filter keeps that theme's and the general ones.
with munis as (
    select m.municipality_code, m.region_code
    from geo_municipalities as m
    where m.municipality_code = any($scope_municipalities)
        and ($municipalities is null or m.municipality_code = any($municipalities))
)

select a.provider_id, v.region_code, a.year, a.municipality_code, a.theme, a.item, a.value
from agreements as a
inner join providers as v on v.provider_id = a.provider_id
where a.year = $year
    and ($providers is null or a.provider_id = any($providers))
    and ($scope_providers is null or a.provider_id = any($scope_providers))
    and ($themes is null or a.theme is null or a.theme = any($themes))
    and (
        (a.municipality_code is null and exists (select 1 from munis where munis.region_code = v.region_code))
        or a.municipality_code in (select municipality_code from munis)
    )
order by a.provider_id, a.municipality_code nulls first, a.theme nulls first, a.item
