-- Failing rows: references to regions, documents, indicators, themes, units or reference files that do not exist.
with final as (
    select 'targets.doc_id' as ref, target_id as id from main.targets
    where doc_id not in (select doc_id from main.documents)
    union all
    select 'targets.region_id', target_id from main.targets
    where region_id not in (select region_id from main.regions)
    union all
    select 'targets.indicator_code', target_id from main.targets
    where indicator_code is not null and indicator_code not in (select indicator_code from main.indicators)
    union all
    select 'targets.unit', target_id from main.targets
    where unit not in (select unit from main.units)
    union all
    select 'documents.region_id', doc_id from main.documents
    where region_id not in (select region_id from main.regions)
    union all
    select 'indicators.unit', indicator_code from main.indicators
    where unit not in (select unit from main.units)
    union all
    select 'indicators.theme_code', indicator_code from main.indicators
    where theme_code is not null and theme_code not in (select theme_code from main.themes)
    union all
    select 'mentions.doc_id', mention_id from main.mentions
    where doc_id not in (select doc_id from main.documents)
    union all
    select 'mentions.target_id', mention_id from main.mentions
    where kind = 'target' and target_id not in (select target_id from main.targets)
    union all
    select 'theme_mentions.theme_code', doc_id from main.theme_mentions
    where theme_code not in (select theme_code from main.themes)
    union all
    select 'reference_targets.indicator_code', reference_id from main.reference_targets
    where indicator_code is not null and indicator_code not in (select indicator_code from main.indicators)
    union all
    select 'reference_targets.unit', reference_id from main.reference_targets
    where unit is not null and unit not in (select unit from main.units)
    union all
    select 'reference_targets.file', reference_id from main.reference_targets
    where file not in (select file from main.reference_files)
    union all
    select 'reference_files.region_id', file from main.reference_files
    where region_id is not null and region_id not in (select region_id from main.regions)
    union all
    select 'regions.parent_id', region_id from main.regions
    where parent_id is not null and parent_id not in (select region_id from main.regions)
)
select * from final
