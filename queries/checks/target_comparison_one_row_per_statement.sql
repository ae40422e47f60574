-- A goal restated in a document appears once in target_comparison: failing rows are statements shown twice.
select region_id, indicator_code, scope, statement_id, count(*) as n_rows
from main.target_comparison
group by all
having count(*) > 1
