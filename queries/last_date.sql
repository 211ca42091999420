-- One row: the last date the trajectories mention (a start, an end or a request), the data's
-- "now". Apart from data_summary.sql since every engine asks it on opening, and that count of
-- distinct young people costs a scan of every client id at national scale.
select max(d) as last_date
from (
    select max(start_date) as d from client_flows
    union all select max(end_date) from client_flows
    union all select max(request_date) from client_flows
)
