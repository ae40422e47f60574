-- Failing rows: reference targets no catalog indicator fits (add the indicator or a wording to indicators.yaml).
select reference_id, file, line, indicator_as_stated
from main.reference_targets
where indicator_code is null
