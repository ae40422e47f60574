-- Each coded regional target against the national line: the national value for the nearest target year at or after the target's (else the latest before), the difference in the indicator's canonical unit, and a verdict from the indicator's better direction.
with targets as (select * from main.targets where indicator_code is not null),
indicators as (select indicator_code, name_zh, name_en, unit, better from main.indicators),
units as (select unit, symbol from main.units),
comparators as (select comparator, symbol from main.comparator_labels),
national as (
    select *
    from main.reference_targets
    where level = 'national' and indicator_code is not null and target_type <> 'baseline'
),

regional as (
    select
        t.*,
        i.better,
        -- The bound a range commits to: its weaker end (the lower bound when higher is better).
        case when i.better = 'lower' then coalesce(t.value_high, t.value) else t.value end
            as regional_bound
    from targets t
    join indicators i using (indicator_code)
),

-- National rows a target can be compared with: a level with a value, for the same scope and
-- period, and a regional target that is a level (or a stock) for the whole region.
comparable as (
    select
        t.target_id,
        t.target_year as regional_year,
        t.better,
        n.*,
        case when t.better = 'lower' then coalesce(n.value_high, n.value) else n.value end
            as national_bound
    from regional t
    join national n
        on n.indicator_code = t.indicator_code
        and n.target_type = 'level'
        and n.value is not null
        and t.target_type in ('level', 'stock')
        and t.per_unit is null
        and coalesce(n.scope, '') = coalesce(t.scope, '')
        and coalesce(n.period, '') = coalesce(t.period, '')
),

-- Year order: the nearest at or after the regional year, then the latest before, then undated
-- rows; within one year, the most demanding national value (two documents may set one year).
ranked as (
    select
        *,
        case
            when target_year is null then 'undated'
            when target_year >= regional_year then 'at_or_after'
            else 'before'
        end as year_relation,
        row_number() over (
            partition by target_id
            order by
                case
                    when target_year is null then 3
                    when target_year >= regional_year then 1
                    else 2
                end,
                abs(target_year - regional_year),
                case when better = 'lower' then national_bound else -national_bound end,
                line
        ) as pick,
        count(*) over (partition by target_id, target_year) as n_at_year
    from comparable
),

chosen as (select * from ranked where pick = 1),

-- Why a target whose indicator has national rows has none to compare with: the nearest national
-- level, else the nearest row of another type.
others as (
    select
        t.target_id,
        case
            when t.target_type not in ('level', 'stock')
                then 'the regional target is a ' || t.target_type || ', the national ones levels'
            when t.per_unit is not null
                then 'the regional target is per ' || t.per_unit || ', the national one for the whole country'
            when n.target_type in ('change', 'relative_change')
                then 'the national target is a change (' || n.value_as_stated || '), the regional one a level'
            when n.target_type = 'qualitative'
                then 'the national target is qualitative (' || n.wording || ')'
            when coalesce(n.scope, '') <> coalesce(t.scope, '')
                then 'different scope (national: ' || coalesce(n.scope, 'all') || ', regional: '
                    || coalesce(t.scope, 'all') || ')'
            when coalesce(n.period, '') <> coalesce(t.period, '')
                then 'different period (national: ' || coalesce(n.period, 'by the year')
                    || ', regional: ' || coalesce(t.period, 'by the year') || ')'
            else 'the national target states no value'
        end as why,
        row_number() over (
            partition by t.target_id
            order by
                n.target_type <> 'level',
                abs(coalesce(n.target_year, 9999) - coalesce(t.target_year, 0)),
                n.line
        ) as pick
    from regional t
    join national n using (indicator_code)
),

judged as (
    select
        t.target_id,
        t.region_id,
        t.doc_id,
        t.indicator_code,
        i.name_zh as indicator_name_zh,
        i.name_en as indicator_name_en,
        i.better,
        t.target_type,
        t.scope,
        t.per_unit,
        t.period,
        t.comparator,
        t.value,
        t.value_high,
        t.unit,
        t.target_year,
        t.quote,
        c.reference_id,
        c.comparator as national_comparator,
        c.value as national_value,
        c.value_high as national_value_high,
        c.target_year as national_year,
        c.year_relation as national_year_relation,
        c.target_year - t.target_year as years_apart,
        c.n_at_year as n_national_at_year,
        -- Both bounds are in the indicator's canonical unit: the difference needs no conversion;
        -- rounded to 12 significant digits like every conversion (4.7, not 4.700000000000003).
        round(t.regional_bound - c.national_bound, 9) as difference,
        case
            when o.target_id is null then 'no national reference'
            when c.target_id is null or i.better = 'neutral' or t.target_year is null
                then 'not comparable'
            when abs(t.regional_bound - c.national_bound) < 1e-9 then 'equal'
            when (i.better = 'higher') = (t.regional_bound > c.national_bound)
                then 'more ambitious'
            else 'less ambitious'
        end as verdict,
        case
            when o.target_id is null
                then 'no national target for this indicator in the reference list'
            when c.target_id is null then o.why
            when i.better = 'neutral' then 'the indicator has no better direction'
            when t.target_year is null then 'the regional target states no year'
            when c.year_relation = 'undated' then 'the national figure states no year'
            when c.target_year = t.target_year then 'national target for the same year'
            when c.year_relation = 'at_or_after'
                then 'nearest national target after the regional year: ' || c.target_year
            else 'no national target at or after the regional year; latest before: ' || c.target_year
        end as why,
        c.source_doc as national_source_doc,
        c.source_url as national_source_url,
        c.quote as national_quote,
        -- '≥ 4.5 /千人': the national target written as targets_labelled.target_text writes a
        -- regional one (symbol, value or low–high range, unit symbol)
        case when c.value is not null then trim(
            case
                when c.value_high is not null and c.comparator in ('range', '=') then ''
                else coalesce(k.symbol, c.comparator) || ' '
            end
            || format('{:g}', c.value)
            || case when c.value_high is not null then '–' || format('{:g}', c.value_high) else '' end
            || ' ' || coalesce(u.symbol, c.unit, '')
        ) end as national_text
    from regional t
    join indicators i using (indicator_code)
    left join chosen c using (target_id)
    left join units u on u.unit = c.unit
    left join comparators k on k.comparator = c.comparator
    left join (select * from others where pick = 1) o using (target_id)
),

-- A difference only where the verdict compares like with like.
final as (
    select
        * replace (
            case when verdict in ('more ambitious', 'equal', 'less ambitious') then difference end
                as difference
        ),
        -- '≥ 4.5 /千人 (2025)': the national target and its year, as a table or a chart's
        -- reference line labels it
        national_text || ' (' || coalesce(cast(national_year as VARCHAR), '年份未定 / no year')
            || ')' as national_label
    from judged
)

select * from final order by indicator_code, region_id, target_year, target_id
