-- Shared indicators side by side: each region's targets (indicator × region × scope × year) with their quotes.
with targets as (select * from main.targets_labelled where indicator_code is not null),
sharing as (
    select indicator_code
    from targets
    group by indicator_code
    having count(distinct region_id) >= 2
),
final as (
    select
        t.indicator_code,
        t.indicator_name_zh,
        t.indicator_name_en,
        t.region_id,
        t.region_name_zh,
        t.region_name_en,
        coalesce(t.scope, 'all') as scope,
        t.comparator,
        t.value,
        t.value_high,
        t.unit,
        t.target_year,
        t.year_basis,
        t.doc_id,
        t.target_id,
        t.quote
    from targets t
    join sharing using (indicator_code)
)
select * from final order by indicator_code, scope, region_id, target_year, target_id
