-- Regional targets against the national line (view target_vs_national) with reader's labels, for
-- the profile table and the reference rules in charts. Filters: $regions and $indicators (empty
-- list = all). Only targets whose indicator has a national reference.
with rows as (select * from target_vs_national),
regions as (select * from regions),
units as (select * from units),

chosen as (
    select *
    from rows
    where verdict <> 'no national reference'
      and (len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], region_id))
      and (len($indicators::VARCHAR[]) = 0 or list_contains($indicators::VARCHAR[], indicator_code))
),

final as (
    select
        c.*,
        coalesce(nullif(split_part(r.aliases, ';', 1), ''), r.name_zh) || ' ' || r.name_en
            as region_label,
        coalesce(u.symbol, c.unit) as unit_symbol,
        -- e.g. '≥ 5.5 /千人 (2027)': the regional target as the profile table shows it
        trim(
            case c.comparator
                when '>=' then '≥' when '<=' then '≤' when 'approx' then '≈'
                when 'range' then '' else c.comparator
            end
            || ' ' || format('{:g}', c.value)
            || case when c.value_high is not null then '–' || format('{:g}', c.value_high) else '' end
            || ' ' || coalesce(u.symbol, c.unit)
        ) || ' (' || coalesce(cast(c.target_year as VARCHAR), '—') || ')' as target_label,
        -- e.g. '4.5 /千人 (2025)': the national value as a chart's reference rule is labelled
        case when c.national_value is null then null else
            format('{:g}', c.national_value)
            || case when c.national_value_high is not null
                then '–' || format('{:g}', c.national_value_high) else '' end
            || ' ' || coalesce(u.symbol, c.unit)
            || ' (' || coalesce(cast(c.national_year as VARCHAR), '—') || ')'
        end as national_label
    from chosen as c
    join regions as r using (region_id)
    left join units as u on u.unit = c.unit
)

select * from final order by region_id, indicator_code, target_year, target_id
