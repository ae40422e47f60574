-- Pairs of regions' statements on a shared indicator that cannot be compared as they stand, and why (type, per-unit vs total, annual vs whole-period quota, scope, target years more than 5 apart).
with statements as (select * from main.target_comparison),
pairs as (
    select
        a.indicator_code,
        a.indicator_name_zh,
        a.indicator_name_en,
        a.region_id as region_a,
        b.region_id as region_b,
        a.statement_id as statement_a,
        b.statement_id as statement_b,
        a.value as value_a,
        b.value as value_b,
        a.unit,
        a.target_type as target_type_a,
        b.target_type as target_type_b,
        a.per_unit as per_unit_a,
        b.per_unit as per_unit_b,
        a.period as period_a,
        b.period as period_b,
        a.scope as scope_a,
        b.scope as scope_b,
        a.target_year as target_year_a,
        b.target_year as target_year_b,
        a.target_type <> b.target_type as type_differs,
        a.per_unit <> b.per_unit as per_unit_differs,
        -- 'annual' is a quota per year, 'span:N' one over N years, 'by_target_year' one by the
        -- target year: an annual quota never compares with a whole-period one, and additions
        -- (increments) only over periods of the same kind.
        a.period <> b.period
            and (a.period = 'annual' or b.period = 'annual'
                 or (a.target_type = 'increment' and b.target_type = 'increment')) as period_differs,
        a.scope <> b.scope as scope_differs,
        -- More than one five-year plan apart: the targets belong to different planning rounds.
        coalesce(abs(a.target_year - b.target_year) > 5, false) as years_apart
    from statements a
    join statements b
        on a.indicator_code = b.indicator_code and a.region_id < b.region_id
),
final as (
    select
        *,
        concat_ws(
            '; ',
            case when type_differs then 'target_type ' || target_type_a || ' vs ' || target_type_b end,
            case when per_unit_differs then 'per_unit ' || per_unit_a || ' vs ' || per_unit_b end,
            case when period_differs then 'period ' || period_a || ' vs ' || period_b end,
            case when scope_differs then 'scope ' || scope_a || ' vs ' || scope_b end,
            case when years_apart then 'target years ' || target_year_a || ' vs ' || target_year_b || ' more than 5 apart' end
        ) as reasons
    from pairs
    where type_differs or per_unit_differs or period_differs or scope_differs or years_apart
)
select * from final
order by indicator_code, region_a, region_b, statement_a, statement_b
