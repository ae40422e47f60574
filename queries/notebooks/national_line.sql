-- Regional targets against the national line (view target_vs_national) with the labels of view
-- targets_labelled, for the profile table. Filters: $regions and $indicators (empty list = all).
-- Only targets whose indicator has a national reference.
with rows as (select * from target_vs_national),
labelled as (
    select target_id, region_label, unit_symbol, target_label, year_inferred from targets_labelled
),

chosen as (
    select *
    from rows
    where verdict <> 'no national reference'
      and (len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], region_id))
      and (len($indicators::VARCHAR[]) = 0 or list_contains($indicators::VARCHAR[], indicator_code))
),

final as (
    select c.*, l.region_label, l.unit_symbol, l.target_label, l.year_inferred
    from chosen as c
    join labelled as l using (target_id)
)

select * from final order by region_id, indicator_code, target_year, target_id
