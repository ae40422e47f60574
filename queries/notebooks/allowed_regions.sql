-- Allow-list for region parameters: regions that have at least one document.
with documents as (select * from documents),

final as (
    select distinct region_id from documents
)

select region_id as value from final order by value
