-- One row: what the loaded extract holds (for the landing page and the data page); its last
-- date is queries/last_date.sql.
select
    (select count(*) from client_flows) as trajectories,
    (select count(distinct client_id) from client_flows) as clients,
    (select count(*) from providers) as providers,
    (select min(start_date) from client_flows) as first_date
