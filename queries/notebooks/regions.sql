-- Regions with documents among $regions (empty list = all), with the label reports print.
with regions as (select * from regions_labelled),
documents as (select * from documents),

final as (
    select distinct
        r.region_id,
        r.region_label
    from documents as d
    join regions as r using (region_id)
    where len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], d.region_id)
)

select * from final order by region_id
