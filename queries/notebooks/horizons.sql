-- Per document and target year: how many targets (statements: restatements once), how the years were derived, and the
-- first quote; for the publication-date vs target-year timeline. Filter: $regions.
with regions as (select * from regions_labelled),
documents as (select * from documents),
targets as (select * from targets),

chosen as (
    select * from targets
    where target_year is not null
      and is_primary  -- a goal restated elsewhere in the document counts once
      and (len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], region_id))
),

per_year as (
    select
        doc_id,
        target_year,
        count(*) as n_targets,
        string_agg(distinct year_basis, '; ' order by year_basis) as year_bases,
        arg_min(quote, char_start) as quote,
        arg_min(number_start, char_start) as number_start
    from chosen
    group by doc_id, target_year
),

final as (
    select
        d.region_id,
        r.region_label,
        d.doc_id,
        d.title as doc_title,
        d.published_date,
        p.target_year,
        -- target years drawn at mid-year so they read as 'during that year' on a date axis
        make_date(p.target_year, 7, 1) as target_date,
        p.target_year - year(d.published_date) as years_after_publication,
        p.n_targets,
        p.year_bases,
        p.quote,
        p.number_start
    from per_year as p
    join documents as d using (doc_id)
    join regions as r using (region_id)
)

select * from final order by region_id, doc_id, target_year
