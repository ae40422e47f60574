-- Every target of a statement (a goal and its restatements) carries the same indicator_code: target_comparison counts restatements per (indicator_code, statement_id) so that a filter on the indicator reaches the table. Failing rows are statements split across indicators.
select statement_id, count(distinct coalesce(indicator_code, '')) as n_indicators
from main.targets
group by statement_id
having count(distinct coalesce(indicator_code, '')) > 1
