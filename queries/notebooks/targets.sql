-- Targets with region, document, indicator, theme and unit, with the labels of view
-- targets_labelled (target_text '< 11 min', target_label '< 11 min (2025)', region_label), the
-- comparator's legend words, and the national line view target_vs_national chose for the target.
-- Filters: $indicators (empty list = all, including targets with no indicator yet), $regions
-- (empty = all), $scope (NULL = all scopes).
with targets as (select * from targets),
labelled as (select * from targets_labelled),
comparators as (select * from comparator_labels),
national as (select * from target_vs_national),
indicators as (select * from indicators),
themes as (select * from themes),
per_units as (select * from per_units),

chosen as (
    select *
    from targets
    where (len($indicators::VARCHAR[]) = 0 or list_contains($indicators::VARCHAR[], indicator_code))
      and (len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], region_id))
      and ($scope::VARCHAR is null or scope = $scope::VARCHAR)
),

final as (
    select
        t.*,
        l.region_label,
        l.doc_title,
        l.published_date,
        i.name_zh || ' / ' || i.name_en as indicator_label,
        i.better,
        i.theme_code,
        th.name_zh || ' / ' || th.name_en as theme_label,
        l.unit_symbol,
        pu.name_zh || ' / ' || pu.name_en as per_unit_label,
        l.target_text,
        l.year_label,
        l.year_inferred,
        l.target_label,
        c.comparator_text,
        c.strict,
        -- the national line a chart draws: the national target the view chose for this target
        n.national_value,
        n.national_year,
        n.national_text,
        n.national_label
    from chosen as t
    join labelled as l using (target_id)
    left join comparators as c on c.comparator = t.comparator
    left join national as n using (target_id)
    left join indicators as i on i.indicator_code = t.indicator_code
    left join themes as th on th.theme_code = i.theme_code
    left join per_units as pu on pu.per_unit = t.per_unit
)

select * from final
order by indicator_code nulls last, scope nulls first, target_year nulls last, region_id, target_id
