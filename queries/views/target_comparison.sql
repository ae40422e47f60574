-- Shared indicators side by side, one row per statement (restatements left out): compare rows only where scope, target_type, per_unit and period agree.
with statements as (
    -- One row per goal: the first statement in document order; restatements are counted.
    select
        t.*,
        -- indicator_code is the same for every target of a statement (checks/statement_one_indicator):
        -- partitioned by it too, a query's filter on the indicator is applied before the window.
        count(*) over (partition by t.indicator_code, t.statement_id) as n_times_stated
    from main.targets_labelled t
    where t.indicator_code is not null
),
primary_statements as (select * from statements where is_primary),
sharing as (
    select indicator_code
    from primary_statements
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
        t.target_type,
        coalesce(t.per_unit, 'total') as per_unit,
        coalesce(t.period, 'by_target_year') as period,
        t.commitment,
        t.comparator,
        t.value,
        t.value_high,
        t.unit,
        t.target_year,
        t.year_basis,
        t.baseline_value,
        t.baseline_year,
        t.binding,
        t.n_times_stated,
        t.doc_id,
        t.statement_id,
        t.target_id,
        t.quote
    from primary_statements t
    join sharing using (indicator_code)
)
select * from final
order by indicator_code, scope, target_type, per_unit, period, region_id, target_year, target_id
