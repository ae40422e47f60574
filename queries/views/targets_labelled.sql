-- Every target with its indicator, region and document names: the table to start exploring from.
with targets as (select * from main.targets),
indicators as (select * from main.indicators),
regions as (select * from main.regions),
documents as (select * from main.documents),
final as (
    select
        t.target_id,
        t.region_id,
        r.name_zh as region_name_zh,
        r.name_en as region_name_en,
        t.doc_id,
        d.title as doc_title,
        d.published_date,
        t.indicator_code,
        i.name_zh as indicator_name_zh,
        i.name_en as indicator_name_en,
        i.better,
        t.comparator,
        t.value,
        t.value_high,
        t.unit,
        t.value_as_stated,
        t.unit_as_stated,
        t.target_year,
        t.year_basis,
        t.period,
        t.scope,
        t.target_type,
        t.per_unit,
        t.per_unit_as_stated,
        t.commitment,
        t.statement_id,
        t.is_primary,
        t.baseline_value,
        t.baseline_year,
        t.binding,
        t.quote,
        t.char_start,
        t.char_end
    from targets t
    join regions r using (region_id)
    join documents d using (doc_id)
    left join indicators i using (indicator_code)
)
select * from final
-- Document order: the same rows in the same order on every run (the joins alone give none).
order by doc_id, char_start, target_id
