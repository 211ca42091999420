-- Pre-aggregation (aggregates.py), step 3 for every grouping at once: how many trajectories starting in
-- each month waited how many days (queries/waiting_days_median.sql). A median over whole months
-- follows exactly from these counts.
with flows as (
    select
        sel.grouping,
        sel.group_key,
        request_date,
        start_date
    from (
        select
            f.*,
            unnest([
                {'grouping': 'region', 'group_key': g.region_code},
                {'grouping': 'municipality', 'group_key': f.municipality_code},
                {'grouping': 'area', 'group_key': f.area_code},
                {'grouping': 'region_provider', 'group_key': g.region_code || '|' || f.provider_id},
                {'grouping': 'region_theme', 'group_key': g.region_code || '|' || f.theme},
                {'grouping': 'provider_municipality', 'group_key': f.provider_id || '|' || f.municipality_code},
                {'grouping': 'provider_area', 'group_key': f.provider_id || '|' || f.area_code},
                {'grouping': 'theme_municipality', 'group_key': f.theme || '|' || f.municipality_code},
                {'grouping': 'theme_area', 'group_key': f.theme || '|' || f.area_code},
                {'grouping': 'area_municipality', 'group_key': f.area_code || '|' || f.municipality_code}
            ]) as sel
        from client_flows as f
        inner join geo_municipalities as g on g.municipality_code = f.municipality_code
        where f.municipality_code = any($scope_municipalities)
    )
    where sel.group_key is not null
)

select
    grouping,
    group_key,
    year(start_date) as year,
    month(start_date) as month,
    date_diff('day', request_date, start_date) as wait_days,
    count(*) as trajectories
from flows
where request_date is not null
    and year(start_date) between $first_year and $last_year
group by all
