-- One row per extract table: how many rows the loaded data holds.
select 'client_flows' as table_name, count(*) as row_count from client_flows
union all select 'providers', count(*) from providers
union all select 'population', count(*) from population
union all select 'budgets', count(*) from budgets
union all select 'lump_sums', count(*) from lump_sums
union all select 'spend', count(*) from spend
union all select 'theme_indicators', count(*) from theme_indicators
union all select 'agreements', count(*) from agreements
