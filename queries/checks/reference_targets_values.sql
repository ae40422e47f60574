-- Failing rows: reference targets whose value does not fit their type (a level or change without a value, a qualitative row with one, a range out of order).
select reference_id, target_type, value, value_high, wording
from main.reference_targets
where (target_type in ('level', 'change', 'relative_change') and value is null)
   or (target_type = 'qualitative' and (value is not null or wording is null))
   or (target_type = 'baseline' and baseline_value is null)
   or (value_high is not null and value_high < value)
