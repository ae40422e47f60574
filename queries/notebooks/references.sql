-- The national line: reference targets (level 'national') for $indicators, with a value
-- (qualitative references have none), for the comparison charts' reference rule.
with reference_targets as (select * from reference_targets),
units as (select * from units),

final as (
    select
        r.indicator_code,
        r.target_type,
        r.scope,
        r.comparator,
        r.value,
        r.value_high,
        r.unit,
        coalesce(u.symbol, r.unit) as unit_symbol,
        r.target_year,
        r.source_doc,
        r.quote
    from reference_targets as r
    left join units as u on u.unit = r.unit
    where r.level = 'national'
      and r.value is not null
      and list_contains($indicators::VARCHAR[], r.indicator_code)
)

select * from final order by indicator_code, target_year
