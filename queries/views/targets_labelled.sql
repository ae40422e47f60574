-- Every target with its indicator, region and document names: the table to start exploring from.
with targets as (select * from main.targets),
indicators as (select * from main.indicators),
regions as (select * from main.regions_labelled),
documents as (select * from main.documents),
units as (select * from main.units),
comparators as (select * from main.comparator_labels),
joined as (
    select
        t.target_id,
        t.region_id,
        r.region_name_zh,
        r.region_name_en,
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
        t.char_end,
        r.region_label,
        coalesce(u.symbol, t.unit) as unit_symbol,
        -- '≥ 12 个', '< 11 分钟', '3–5 %': a range is written low–high, without its comparator
        trim(
            case
                when t.value_high is not null and t.comparator in ('range', '=') then ''
                else coalesce(c.symbol, t.comparator) || ' '
            end
            || format('{:g}', t.value)
            || case when t.value_high is not null then '–' || format('{:g}', t.value_high) else '' end
            || ' ' || coalesce(u.symbol, t.unit, '')
        ) as target_text,
        coalesce(cast(t.target_year as VARCHAR), '年份未定 / no year') as year_label,
        -- The year is not written with the target: taken from the document's horizon, or none.
        -- year_basis is 'kind:surface (level)'; a basis of another shape counts as inferred.
        regexp_extract(t.year_basis, '^([a-z_]+)(:.*)?( \([\pL\pN_]+\))?$', 1)
            in ('', 'document_horizon', 'none') as year_inferred
    from targets t
    join regions r using (region_id)
    join documents d using (doc_id)
    left join indicators i using (indicator_code)
    left join units u on u.unit = t.unit
    left join comparators c on c.comparator = t.comparator
),
final as (
    select
        *,
        -- '≥ 12 个 (2025)'; '(2027*)' when the year is inferred; an aspirational target (力争 …)
        -- says so, a committed one needs no word
        target_text || ' (' || year_label || case when year_inferred then '*' else '' end || ')'
            || case when commitment = 'aspirational' then ' 力争' else '' end as target_label
    from joined
)
select * from final
-- Document order: the same rows in the same order on every run (the joins alone give none).
order by doc_id, char_start, target_id
