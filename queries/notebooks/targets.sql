-- Targets with region, document, indicator, theme and unit, plus a reader's label
-- such as '< 11 min (2025)'. Filters: $indicators (empty list = all, including targets
-- with no indicator yet), $regions (empty = all), $scope (NULL = all scopes).
with regions as (select * from regions),
documents as (select * from documents),
indicators as (select * from indicators),
themes as (select * from themes),
units as (select * from units),
per_units as (select * from per_units),
targets as (select * from targets),

chosen as (
    select *
    from targets
    where (len($indicators::VARCHAR[]) = 0 or list_contains($indicators::VARCHAR[], indicator_code))
      and (len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], region_id))
      and ($scope::VARCHAR is null or scope = $scope::VARCHAR)
),

joined as (
    select
        t.*,
        coalesce(nullif(split_part(r.aliases, ';', 1), ''), r.name_zh) || ' ' || r.name_en
            as region_label,
        d.title as doc_title,
        d.published_date,
        i.name_zh || ' / ' || i.name_en as indicator_label,
        i.better,
        i.theme_code,
        th.name_zh || ' / ' || th.name_en as theme_label,
        coalesce(u.symbol, t.unit) as unit_symbol,
        pu.name_zh || ' / ' || pu.name_en as per_unit_label,
        case t.comparator
            when '>=' then '≥' when '<=' then '≤' when 'approx' then '≈'
            when 'range' then '' else t.comparator
        end as comparator_symbol
    from chosen as t
    join regions as r using (region_id)
    join documents as d using (doc_id)
    left join indicators as i using (indicator_code)
    left join themes as th on th.theme_code = i.theme_code
    left join units as u on u.unit = t.unit
    left join per_units as pu on pu.per_unit = t.per_unit
),

final as (
    select
        *,
        -- e.g. '< 11 min (2025)', '≥ 90 % (2027)', '3–5 个 (2025)'; '(—)' when no year is given
        trim(
            comparator_symbol || ' ' || format('{:g}', value)
            || case when value_high is not null then '–' || format('{:g}', value_high) else '' end
            || ' ' || unit_symbol
        ) || ' (' || coalesce(cast(target_year as VARCHAR), '—') || ')' as target_label
    from joined
)

select * from final
order by indicator_code nulls last, scope nulls first, target_year nulls last, region_id, target_id
