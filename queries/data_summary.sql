-- One row: what the loaded extract holds (for the landing page and the data page).
select
    (select count(*) from client_flows) as trajectories,
    (select count(distinct client_id) from client_flows) as clients,
    (select count(*) from providers) as providers,
    (select min(start_date) from client_flows) as first_date,
    (
        select max(d) from (
            select max(start_date) as d from client_flows
            union all select max(end_date) from client_flows
            union all select max(request_date) from client_flows
        )
    ) as last_date
