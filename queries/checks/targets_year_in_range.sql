-- Failing rows: target years before the document was written or after 2050.
with targets as (select * from main.targets),
documents as (select * from main.documents),
final as (
    select t.target_id, t.target_year, d.written_date, d.published_date
    from targets t
    join documents d using (doc_id)
    where t.target_year is not null
      and (t.target_year < year(coalesce(d.written_date, d.published_date)) or t.target_year > 2050)
)
select * from final
