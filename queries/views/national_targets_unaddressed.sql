-- National reference targets whose indicator no region in the store states a target for: what the regional plans leave out.
with national as (
    select * from main.reference_targets where level = 'national' and target_type <> 'baseline'
),
addressed as (
    select distinct indicator_code from main.targets where indicator_code is not null
),
indicators as (select indicator_code, name_zh, name_en from main.indicators),
final as (
    select
        n.reference_id,
        n.indicator_code,
        i.name_zh as indicator_name_zh,
        i.name_en as indicator_name_en,
        n.indicator_as_stated,
        n.scope,
        n.target_type,
        n.comparator,
        n.value,
        n.value_high,
        n.unit,
        n.wording,
        n.target_year,
        n.period,
        n.source_doc,
        n.source_url,
        n.quote
    from national n
    left join indicators i using (indicator_code)
    where n.indicator_code is null
        or n.indicator_code not in (select indicator_code from addressed)
)
select * from final order by indicator_code, target_year, reference_id
