-- Documents of the regions in $regions (empty list = all), with target counts and horizon.
with regions as (select * from regions_labelled),
documents as (select * from documents),
targets as (select * from targets),

target_years as (
    -- targets counted as statements: a goal restated elsewhere in the document counts once
    select doc_id, count(*) filter (where is_primary) as n_targets,
        max(target_year) as last_target_year
    from targets group by doc_id
),

final as (
    select
        d.doc_id,
        d.region_id,
        r.region_label,
        d.title as doc_title,
        d.issuer,
        d.doc_number,
        d.written_date,
        d.published_date,
        d.horizon_year,
        d.source_url,
        coalesce(y.n_targets, 0) as n_targets,
        y.last_target_year
    from documents as d
    join regions as r using (region_id)
    left join target_years as y using (doc_id)
    where len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], d.region_id)
)

select * from final order by published_date, doc_id
