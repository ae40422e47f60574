-- National reference values of indicators, for the reference rule of a comparison chart: levels
-- with a value, their year, scope and source. Filter: $indicators (empty list = all).
with reference as (select * from reference_targets),
units as (select * from units),

chosen as (
    select *
    from reference
    where level = 'national'
      and target_type = 'level'
      and value is not null
      and indicator_code is not null
      and (len($indicators::VARCHAR[]) = 0 or list_contains($indicators::VARCHAR[], indicator_code))
),

final as (
    select
        c.reference_id,
        c.indicator_code,
        c.scope,
        c.comparator,
        c.value,
        c.value_high,
        c.unit,
        c.target_year,
        c.period,
        c.source_doc,
        c.source_url,
        c.quote,
        -- e.g. '全国 4.5 /千人 (2025)': the label of the rule
        '全国 ' || format('{:g}', c.value)
        || case when c.value_high is not null then '–' || format('{:g}', c.value_high) else '' end
        || ' ' || coalesce(u.symbol, c.unit)
        || ' (' || coalesce(cast(c.target_year as VARCHAR), '—') || ')' as national_label
    from chosen as c
    left join units as u on u.unit = c.unit
)

select * from final order by indicator_code, scope nulls first, target_year nulls last, reference_id
